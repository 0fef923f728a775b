// The dependency-graph panel in a real VS Code: `planAuthor.showGraph` opens a webview beside the plan, the real
// webview script asks for the graph and gets it, and a `reveal` message moves the editor to that phase's heading.
// (What the webview draws, and that hostile text never runs, is tested in Chromium by scripts/webview-test.mjs.)
import * as assert from 'assert';
import * as vscode from 'vscode';
import { activeExtension, openFixture, waitFor } from './util';
import type { PlanAuthorApi } from '../../src/extension';

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

  test('planAuthor.showGraph opens one graph panel beside the plan, titled after it', async () => {
    await openFixture(PLAN);
    await activeExtension();
    await vscode.commands.executeCommand('planAuthor.showGraph');
    const tab = await waitFor(() => graphTabs()[0], 'the graph panel to open');
    assert.strictEqual(tab.label, 'Graph: 0007-navigation.md');
    await vscode.commands.executeCommand('planAuthor.showGraph');
    assert.strictEqual(graphTabs().length, 1, 'a second call reveals the same panel');
  });

  test('the webview receives the plan as a graph, and a reveal message moves the cursor to the phase', async () => {
    const editor = await openFixture(PLAN);
    const api = (await activeExtension()).exports as PlanAuthorApi;
    await vscode.commands.executeCommand('planAuthor.showGraph');
    const panel = await waitFor(() => api.graphPanel.current(), 'the panel');
    // The real webview script loads, says it is ready, and is sent the graph.
    const posted = await waitFor(() => (panel.lastPosted?.type === 'graph' ? panel.lastPosted : undefined), 'the graph message');
    const model = (await api.cache.current(editor.document))!.model;
    assert.deepStrictEqual(posted.type === 'graph' && posted.graph.nodes.filter((n) => !n.ghost).map((n) => n.id), model.phases.map((p) => p.id));
    const target = model.phases[model.phases.length - 1];
    await panel.onMessage({ type: 'reveal', phaseId: target.id });
    const active = await waitFor(() => (vscode.window.activeTextEditor?.document.uri.toString() === editor.document.uri.toString() ? vscode.window.activeTextEditor : undefined), 'the plan editor');
    assert.strictEqual(active.selection.active.line, target.heading.start.line);
    // Malformed messages are ignored.
    await panel.onMessage({ type: 'reveal', phaseId: 42 });
    await panel.onMessage('<img src=x onerror=alert(1)>');
    assert.strictEqual(active.selection.active.line, target.heading.start.line);
  });

  test('a new panel draws the graph that comes inside its page before any message, then loads the layout engine and lays it out', async () => {
    const editor = await openFixture(PLAN);
    const api = (await activeExtension()).exports as PlanAuthorApi;
    if (graphTabs().length) await vscode.window.tabGroups.close(graphTabs());
    await waitFor(() => !api.graphPanel.current(), 'the previous panel to close');
    await vscode.window.showTextDocument(editor.document, vscode.ViewColumn.One);
    // The plan is checked (as it is a moment after it opens): its graph goes into the new panel's page.
    const phases = (await api.cache.current(editor.document))!.model.phases.length;
    await vscode.commands.executeCommand('planAuthor.showGraph');
    const panel = await waitFor(() => api.graphPanel.current(), 'the panel');
    const first = await waitFor(() => panel.drawn[0], 'the first drawing');
    // Drawn from the page's own data: before the page told the host it was ready, so before the host could send it
    // anything (it posts only to a page that said it is ready).
    assert.strictEqual(first.layout, 'quick');
    assert.ok(first.marks && first.marks.quick !== undefined && first.marks.readyPosted === undefined, JSON.stringify(first.marks));
    assert.ok(first.nodes >= phases, `${first.nodes} nodes drawn for ${phases} phases`);
    // The layout engine, a second script under the page's CSP and resource roots, loads and lays the graph out.
    await waitFor(() => panel.drawn.find((d) => d.layout === 'full'), 'the full layout');
  });
});
