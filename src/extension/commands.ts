// The command table: every command id (commandIds.ts) bound to its handler, registered in one place. Features
// export their handlers; no other file calls registerCommand (ESLint checks it).
import * as vscode from 'vscode';
import { COMMANDS, type CommandName } from './commandIds';
import type { PlanCache } from './planCache';
import type { PhaseTreeCommands } from './phaseTree';
import type { GraphPanelHandle } from './graphPanel';
import { authoringCommands } from './authoringCommands';
import { regenerate } from './codeActions';

/** A command receives whatever its caller passes (a menu, a link, another extension): each handler checks it. */
type Handler = (...args: any[]) => unknown;

export function commandTable(cache: PlanCache, tree: PhaseTreeCommands, graph: Pick<GraphPanelHandle, 'show'>): Record<CommandName, Handler> {
  const authoring = authoringCommands(cache);
  return {
    regenerateDependencyMap: (uri?: vscode.Uri) => regenerate(cache, 'map', uri),
    regeneratePhasesJson: (uri?: vscode.Uri) => regenerate(cache, 'json', uri),
    goToPhase: tree.goToPhase,
    nextPhase: tree.nextPhase,
    previousPhase: tree.previousPhase,
    revealPhase: tree.revealPhase,
    revealRange: tree.revealRange,
    newPlan: authoring.newPlan,
    insertTemplate: authoring.insertTemplate,
    addPhase: authoring.addPhase,
    renumberPhases: authoring.renumberPhases,
    showGraph: () => graph.show(),
  };
}

export function registerCommands(table: Record<CommandName, Handler>): vscode.Disposable {
  return vscode.Disposable.from(...(Object.keys(table) as CommandName[]).map((name) => vscode.commands.registerCommand(COMMANDS[name], table[name])));
}
