// The dependency-graph panel in a real VS Code: `planAuthor.showGraph` opens a webview beside the plan.
// (What the webview draws is tested headlessly by scripts/webview-test.mjs.) Skipped while the command
// is not registered by activate().
import * as assert from 'assert';
import * as vscode from 'vscode';
import { activeExtension, openFixture, waitFor } from './util';

const PLAN = 'plans/navigation/0007-navigation.md';

function graphTabs(): vscode.Tab[] {
  return vscode.window.tabGroups.all
    .flatMap((g) => g.tabs)
    .filter((t) => t.input instanceof vscode.TabInputWebview && t.input.viewType.endsWith('planAuthor.graph'));
}

suite('graph panel', () => {
  suiteTeardown(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  test('planAuthor.showGraph opens one graph panel beside the plan, titled after it', async function () {
    await openFixture(PLAN);
    await activeExtension();
    const commands = await vscode.commands.getCommands(true);
    if (!commands.includes('planAuthor.showGraph')) this.skip();
    await vscode.commands.executeCommand('planAuthor.showGraph');
    const tab = await waitFor(() => graphTabs()[0], 'the graph panel to open');
    assert.strictEqual(tab.label, 'Graph: 0007-navigation.md');
    await vscode.commands.executeCommand('planAuthor.showGraph');
    assert.strictEqual(graphTabs().length, 1, 'a second call reveals the same panel');
  });
});
