// The phase graph in VS Code's built-in Markdown preview: rendered through the preview's own render command
// (`markdown.api.render`, the same engine and plugins the preview uses), a plan's Dependency Map becomes the graph,
// with the drawing kept in a <details>; a plan without a map and a non-plan render as before; plan text is escaped.
import * as assert from 'assert';
import * as vscode from 'vscode';
import { activeExtension, openFixture } from './util';
import type { PlanAuthorApi } from '../../src/extension';

const PLAN = 'plans/navigation/0007-navigation.md';

/**
 * The preview's rendering of `doc` once its current version is checked: plans are checked off the editor's thread,
 * and an open preview is refreshed when the check is done.
 */
async function render(doc: vscode.TextDocument): Promise<string> {
  const api = (await activeExtension()).exports as PlanAuthorApi;
  await api.cache.current(doc);
  return vscode.commands.executeCommand<string>('markdown.api.render', doc);
}

async function untitled(content: string): Promise<vscode.TextDocument> {
  return vscode.workspace.openTextDocument({ language: 'markdown', content });
}

/** The graph's SVGs (one per preview width it is drawn for). */
function graphs(html: string): string[] {
  return [...html.matchAll(/<svg class="pa-graph"[\s\S]*?<\/svg>/g)].map((m) => m[0]);
}

/** The ids of the phases drawn in one SVG, in document order. */
function drawnPhases(svg: string): string[] {
  return [...svg.matchAll(/<g class="pa-node[^"]*"[^>]* data-id="([^"]*)"/g)].map((m) => m[1]);
}

suite('markdown preview', () => {
  suiteTeardown(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  test('a plan with a Dependency Map: the graph in place of the drawing, which stays one click away', async () => {
    const editor = await openFixture(PLAN);
    await activeExtension();
    const html = await render(editor.document);
    assert.strictEqual((html.match(/<div class="plan-author-map">/g) ?? []).length, 1, 'one graph block');
    // Drawn for a narrow and a wider preview (the widest wave has two phases); CSS shows one.
    assert.deepStrictEqual(graphs(html).map(drawnPhases), [['1', '2', '3', '4'], ['1', '2', '3', '4']]);
    // Summary from the same analysis as the panel: 1 and 4 run first, then 2, then 3.
    assert.match(html, /4 phases · 3 waves · max 2 in parallel · critical path 1 → 2 → 3/);
    // The drawing as written, inside the details, after the graph.
    const details = html.indexOf('<details class="pa-drawing">');
    assert.ok(details > html.indexOf('<svg class="pa-graph"'), 'details after the graph');
    assert.ok(html.indexOf('Phase 1 ──→ Phase 2 ──→ Phase 3') > details, 'the drawing inside the details');
    // Phases point at their headings for the preview script.
    const heading = editor.document.getText().split('\n').findIndex((l) => l.startsWith('### Phase 3:'));
    assert.match(html, new RegExp(`data-id="3" data-phase-line="${heading}"`));
  });

  test('the graph follows edits of the plan', async () => {
    const doc = await untitled('# Plan: Live\n\n### Phase 1: A\n**Dependencies**: None\n\n### Phase 2: B\n**Dependencies**: None\n\n## Dependency Map\n```\nPhase 1   Phase 2\n```\n');
    await activeExtension();
    assert.match(await render(doc), /2 phases · 1 wave · max 2 in parallel/);
    const editor = await vscode.window.showTextDocument(doc);
    const line = doc.getText().split('\n').lastIndexOf('**Dependencies**: None');
    await editor.edit((e) => e.replace(doc.lineAt(line).range, '**Dependencies**: Phase 1'));
    try {
      const html = await render(doc);
      assert.match(html, /2 phases · 2 waves · critical path 1 → 2/);
      assert.match(html, /data-from="1" data-to="2"/);
    } finally {
      // A dirty untitled editor left open would ask to be saved when a later suite closes all editors.
      await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    }
  });

  test('no graph for a plan without a map, nor for a document that is not a plan', async () => {
    await activeExtension();
    const noMap = await untitled('# Plan: No map\n\n### Phase 1: A\n**Dependencies**: None\n\n### Phase 2: B\n**Dependencies**: Phase 1\n');
    const notPlan = await untitled('# Meeting notes\n\n## Dependency Map\n```\nPhase 1 ──→ Phase 2\n```\n\n### Phase 1: A\n\n### Phase 2: B\n**Dependencies**: Phase 1\n');
    for (const doc of [noMap, notPlan]) {
      const html = await render(doc);
      assert.ok(html.length > 0);
      assert.doesNotMatch(html, /plan-author-map|pa-graph|<svg/);
    }
    assert.match(await render(notPlan), /Phase 1 ──→ Phase 2/, 'the drawing of a non-plan as written');
  });

  test('a hostile title stays inert: escaped text, no element or handler from the plan', async () => {
    await activeExtension();
    const hostile = ['<script>window.__pwned=1</script>', '<img src=x onerror="window.__pwned=1">', '"><svg onload=alert(1)>'];
    const text =
      '# Plan: Hostile\n\n' +
      hostile.map((t, i) => `### Phase ${i + 1}: ${t}\n**Dependencies**: ${i ? `Phase ${i}` : 'None'}\n`).join('\n') +
      '\n## Dependency Map\n```\nPhase 1 ──→ Phase 2 ──→ Phase 3\n```\n';
    const html = await render(await untitled(text));
    const start = html.indexOf('<div class="plan-author-map">');
    assert.ok(start >= 0, 'the graph is rendered');
    const graph = html.slice(start, html.indexOf('<details class="pa-drawing">', start));
    assert.doesNotMatch(graph, /<script|<img/i);
    // No tag carries an event attribute (escaped plan text inside attribute values is harmless).
    for (const tag of graph.match(/<[a-zA-Z][^>]*>/g) ?? []) assert.doesNotMatch(tag.replace(/"[^"]*"/g, '""'), /\son\w+=/i, tag);
    assert.strictEqual((graph.match(/<svg/g) ?? []).length, graphs(graph).length, 'only the graph svgs');
    assert.match(graph, /&lt;script&gt;window\.__pwned=1&lt;\/script&gt;/);
    assert.match(graph, /&lt;img src=x onerror=&quot;window\.__pwned=1&quot;&gt;/);
  });
});
