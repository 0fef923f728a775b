// Every command the extension registers, by id. Pure, so that a unit test can check it against package.json
// (`contributes.commands`, `menus`, `keybindings`, links in views and walkthroughs); the handlers are bound to these
// ids in one table, commands.ts.
export const COMMANDS = {
  regenerateDependencyMap: 'planAuthor.regenerateDependencyMap',
  regeneratePhasesJson: 'planAuthor.regeneratePhasesJson',
  goToPhase: 'planAuthor.goToPhase',
  nextPhase: 'planAuthor.nextPhase',
  previousPhase: 'planAuthor.previousPhase',
  revealPhase: 'planAuthor.revealPhase',
  revealRange: 'planAuthor.revealRange',
  newPlan: 'planAuthor.newPlan',
  insertTemplate: 'planAuthor.insertTemplate',
  addPhase: 'planAuthor.addPhase',
  renumberPhases: 'planAuthor.renumberPhases',
  showGraph: 'planAuthor.showGraph',
} as const;

export type CommandName = keyof typeof COMMANDS;
export type CommandId = (typeof COMMANDS)[CommandName];

/**
 * Registered but deliberately not contributed in package.json: run only by clicks the extension sets up itself
 * (a tree item's target), never from the Command Palette, a menu or a key.
 */
export const INTERNAL_COMMANDS: readonly CommandId[] = [COMMANDS.revealRange];
