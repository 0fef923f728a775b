// The composition root: activate() only wires features together. Each feature reads the shared PlanCache.
import * as vscode from 'vscode';
import { PlanCache } from './extension/planCache';
import { createCheckEngine } from './extension/checkEngine';
import { registerDiagnostics } from './extension/diagnostics';
import { registerStatusBar } from './extension/statusBar';
import { registerPhaseTree, type PhaseTreeProvider } from './extension/phaseTree';
import { registerPhaseReferences } from './extension/references';
import { registerCodeActions } from './extension/codeActions';
import { registerAuthoring } from './extension/authoringCommands';
import { registerGraphPanel, type GraphPanelHandle } from './extension/graphPanel';
import { registerLmTools } from './extension/lmTools';
import { markdownItPlugin, type MarkdownIt } from './extension/markdownPreview';
import { commandTable, registerCommands } from './extension/commands';
import { registerSearchNotice } from './extension/searchNotice';

export interface PlanAuthorApi {
  cache: PlanCache;
  statusBarItem: vscode.StatusBarItem;
  phaseTree: PhaseTreeProvider;
  graphPanel: GraphPanelHandle;
  /** `markdown.markdownItPlugins`: the built-in Markdown preview shows a plan's Dependency Map as the phase graph. */
  extendMarkdownIt(md: MarkdownIt): MarkdownIt;
}

export function activate(context: vscode.ExtensionContext): PlanAuthorApi {
  const cache = new PlanCache(createCheckEngine(context.extensionUri));
  context.subscriptions.push(cache);
  context.subscriptions.push(registerDiagnostics(context, cache));
  context.subscriptions.push(registerCodeActions(cache));
  context.subscriptions.push(registerAuthoring(cache));
  const status = registerStatusBar(cache);
  context.subscriptions.push(status);
  const phaseTree = registerPhaseTree(cache);
  context.subscriptions.push(phaseTree, registerPhaseReferences(cache));
  const graphPanel = registerGraphPanel(context, cache);
  context.subscriptions.push(graphPanel);
  context.subscriptions.push(registerLmTools(cache));
  context.subscriptions.push(registerCommands(commandTable(cache, phaseTree.commands, graphPanel)));
  context.subscriptions.push(registerSearchNotice(cache));
  return { cache, statusBarItem: status.item, phaseTree: phaseTree.provider, graphPanel, extendMarkdownIt: markdownItPlugin(cache) };
}

export function deactivate(): void {}
