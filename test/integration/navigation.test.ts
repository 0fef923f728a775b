// Navigation in a real VS Code: the Phases tree, its commands, and phase references (definition, references,
// hover, completion, CodeLens) on the fixture plans/navigation/0007-navigation.md.
import * as assert from 'assert';
import * as vscode from 'vscode';
import type { PlanAuthorApi } from '../../src/extension';
import type { TreeNode } from '../../src/navigation/treeModel';
import { activeExtension, openFixture, revertDocument, waitFor } from './util';

const PLAN = 'plans/navigation/0007-navigation.md';
const PHASES = ['Phase 1: Local Journal', 'Phase 2: Sync Protocol', 'Phase 3: Conflict Merge', 'Phase 4: Settings Screen'];

let api: PlanAuthorApi;
let editor: vscode.TextEditor;

function lineOf(doc: vscode.TextDocument, prefix: string): number {
  for (let i = 0; i < doc.lineCount; i++) if (doc.lineAt(i).text.startsWith(prefix)) return i;
  assert.fail(`no line starting ${JSON.stringify(prefix)}`);
}

/** Position `offset` characters into the first occurrence of `needle` on the line starting `prefix`. */
function posIn(doc: vscode.TextDocument, prefix: string, needle: string, offset = 1): vscode.Position {
  const line = lineOf(doc, prefix);
  const col = doc.lineAt(line).text.indexOf(needle);
  assert.ok(col >= 0, `${needle} not on line ${line}`);
  return new vscode.Position(line, col + offset);
}

/** Markdown source as the text it shows (escapes removed). */
function plain(md: string): string {
  return md.replace(/&nbsp;/g, ' ').replace(/\\([\\`*_{}[\]()#+\-.!|<>~&])/g, '$1');
}

function phaseItems(): TreeNode[] {
  const root = api.phaseTree.getChildren()[0];
  return root ? api.phaseTree.getChildren(root) : [];
}

async function showPlan(): Promise<vscode.TextEditor> {
  editor = await openFixture(PLAN);
  await waitFor(() => api.phaseTree.doc?.uri.toString() === editor.document.uri.toString() && phaseItems().length > 0, 'the tree to show the plan');
  return editor;
}

suite('navigation', () => {
  suiteSetup(async () => {
    await openFixture(PLAN);
    api = (await activeExtension()).exports as PlanAuthorApi;
    assert.ok(api.phaseTree, 'activate() returns the phase tree provider');
  });

  suiteTeardown(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  test('the tree shows the plan title and one item per phase', async () => {
    await showPlan();
    const root = api.phaseTree.getChildren()[0];
    assert.strictEqual(root.label, 'Plan: Offline Sync for the Notes App');
    assert.deepStrictEqual(phaseItems().map((n) => n.label), PHASES);
    assert.deepStrictEqual(phaseItems().map((n) => n.description), ['2/4', '0/2', '0/2', '2/2']);
    // The row puts the progress before the title (which is what a narrow sidebar cuts off).
    const p1 = api.phaseTree.getTreeItem(phaseItems()[0]);
    assert.strictEqual(p1.label, 'Phase 1 · 2/4');
    assert.strictEqual(p1.description, PHASES[0].replace(/^Phase 1: /, ''));
    const p3 = api.phaseTree.getTreeItem(phaseItems()[2]);
    assert.ok(p3.id && p3.iconPath instanceof vscode.ThemeIcon);
    assert.ok(p3.tooltip instanceof vscode.MarkdownString);
    assert.match(plain((p3.tooltip as vscode.MarkdownString).value), /Merge concurrent edits of a note/);
    assert.strictEqual((p3.tooltip as vscode.MarkdownString).supportHtml, false);
    // Children: the dependencies, then the subsections.
    assert.deepStrictEqual(
      api.phaseTree.getChildren(phaseItems()[2]).map((n) => n.label),
      ['Phase 1: Local Journal', 'Phase 2: Sync Protocol', 'Objectives', 'Deliverables'],
    );
  });

  test('running an item\'s command moves the cursor to the heading', async () => {
    await showPlan();
    editor.selection = new vscode.Selection(0, 0, 0, 0);
    for (const n of [phaseItems()[2], api.phaseTree.getChildren(phaseItems()[2])[1], api.phaseTree.getChildren(phaseItems()[2])[3]]) {
      const item = api.phaseTree.getTreeItem(n);
      assert.ok(item.command, `${n.label} has a command`);
      await vscode.commands.executeCommand(item.command.command, ...(item.command.arguments ?? []));
      const active = vscode.window.activeTextEditor!;
      assert.strictEqual(active.document.uri.toString(), editor.document.uri.toString());
      assert.strictEqual(active.selection.active.line, n.target.start.line, n.label);
    }
  });

  test('revealPhase, next and previous phase', async () => {
    await showPlan();
    const doc = editor.document;
    await vscode.commands.executeCommand('planAuthor.revealPhase', doc.uri, '2');
    assert.strictEqual(vscode.window.activeTextEditor!.selection.active.line, lineOf(doc, '### Phase 2'));
    await vscode.commands.executeCommand('planAuthor.nextPhase');
    assert.strictEqual(vscode.window.activeTextEditor!.selection.active.line, lineOf(doc, '### Phase 3'));
    await vscode.commands.executeCommand('planAuthor.previousPhase');
    await vscode.commands.executeCommand('planAuthor.previousPhase');
    assert.strictEqual(vscode.window.activeTextEditor!.selection.active.line, lineOf(doc, '### Phase 1'));
    // By string URI and `phase_4` (as the graph webview sends them).
    await vscode.commands.executeCommand('planAuthor.revealPhase', doc.uri.toString(), 'phase_4');
    assert.strictEqual(vscode.window.activeTextEditor!.selection.active.line, lineOf(doc, '### Phase 4'));
  });

  test('the view and its focus command exist (the status bar runs it)', async () => {
    await showPlan();
    await vscode.commands.executeCommand('planAuthor.phases.focus');
    const cmds = await vscode.commands.getCommands(true);
    for (const c of ['planAuthor.goToPhase', 'planAuthor.nextPhase', 'planAuthor.previousPhase', 'planAuthor.revealPhase']) {
      assert.ok(cmds.includes(c), c);
    }
    assert.strictEqual(api.statusBarItem.command, 'planAuthor.phases.focus');
  });

  test('the tree selects the phase under the cursor while the view is visible', async () => {
    await showPlan();
    await vscode.commands.executeCommand('planAuthor.phases.focus');
    const view = api.phaseTree.view!;
    await waitFor(() => view.visible, 'the Phases view to be visible');
    const doc = editor.document;
    for (const [prefix, index] of [['- Send the journal', 1], ['- [ ] Three-way merge', 2], ['- Record every offline edit', 0]] as const) {
      editor.selection = new vscode.Selection(lineOf(doc, prefix), 2, lineOf(doc, prefix), 2);
      await waitFor(() => view.selection[0]?.id === phaseItems()[index].id, `${PHASES[index]} selected`);
    }
  });

  test('go to phase with a single related phase reveals it', async () => {
    await showPlan();
    editor.selection = new vscode.Selection(0, 0, 0, 0);
    await vscode.commands.executeCommand('planAuthor.goToPhase', { ids: ['3'] });
    assert.strictEqual(vscode.window.activeTextEditor!.selection.active.line, lineOf(editor.document, '### Phase 3'));
  });

  test('definition: a Dependencies reference jumps to the phase heading', async () => {
    await showPlan();
    const doc = editor.document;
    const pos = posIn(doc, '**Dependencies**: Phase 1, Phase 2', 'Phase 2', 6);
    const defs = await vscode.commands.executeCommand<(vscode.Location | vscode.LocationLink)[]>('vscode.executeDefinitionProvider', doc.uri, pos);
    assert.strictEqual(defs.length, 1);
    const d = defs[0];
    const range = 'targetUri' in d ? (d.targetSelectionRange ?? d.targetRange) : d.range;
    assert.strictEqual(range.start.line, lineOf(doc, '### Phase 2'));
    // Prose and the JSON work too.
    const prose = posIn(doc, 'journal; Phase 3', 'Phase 3', 2);
    const fromProse = await vscode.commands.executeCommand<(vscode.Location | vscode.LocationLink)[]>('vscode.executeDefinitionProvider', doc.uri, prose);
    assert.strictEqual(fromProse.length, 1);
    const json = posIn(doc, '    {"id": "phase_4"', 'phase_4', 3);
    const fromJson = await vscode.commands.executeCommand<(vscode.Location | vscode.LocationLink)[]>('vscode.executeDefinitionProvider', doc.uri, json);
    const j = fromJson[0];
    assert.strictEqual(('targetUri' in j ? j.targetSelectionRange ?? j.targetRange : j.range).start.line, lineOf(doc, '### Phase 4'));
  });

  test('references: every mention of Phase 1', async () => {
    await showPlan();
    const doc = editor.document;
    const pos = posIn(doc, '### Phase 1', 'Phase 1', 6);
    const all = await vscode.commands.executeCommand<vscode.Location[]>('vscode.executeReferenceProvider', doc.uri, pos);
    // The built-in markdown extension adds the heading itself (as a header link target): keep the phase mentions.
    const refs = all.filter((r) => /^(Phase 1|phase_1)$/.test(doc.getText(r.range)));
    const lines = refs.map((r) => r.range.start.line).sort((a, b) => a - b);
    // Summary prose, JSON, heading, Phase 2 and Phase 3 Dependencies, the map.
    assert.deepStrictEqual(lines, [
      lineOf(doc, 'Notes edited offline'),
      lineOf(doc, '    {"id": "phase_1"'),
      lineOf(doc, '### Phase 1'),
      lineOf(doc, '**Dependencies**: Phase 1'),
      lineOf(doc, '**Dependencies**: Phase 1, Phase 2'),
      lineOf(doc, 'Phase 1 ──→'),
    ]);
  });

  test('hover shows the title, dependencies and progress', async () => {
    await showPlan();
    const doc = editor.document;
    const pos = posIn(doc, 'Phase 1 ──→ Phase 2 ──→ Phase 3', 'Phase 3', 2);
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, pos);
    const text = plain(hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n'));
    assert.match(text, /Phase 3: Conflict Merge/);
    assert.match(text, /Depends on: Phase 1 \(Local Journal\), Phase 2 \(Sync Protocol\)/);
    assert.match(text, /Progress: 0\/2 checked/);
    // Nothing on a line without a phase.
    const none = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, new vscode.Position(lineOf(doc, '## Metadata'), 4));
    const noneText = none.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');
    assert.doesNotMatch(noneText, /Phase \d/);
  });

  test('completion after **Dependencies**: offers phases that close no cycle', async () => {
    await showPlan();
    const doc = editor.document;
    const line = lineOf(doc, '**Dependencies**: Phase 1');
    const list = await vscode.commands.executeCommand<vscode.CompletionList>(
      'vscode.executeCompletionItemProvider',
      doc.uri,
      new vscode.Position(line, doc.lineAt(line).text.length),
    );
    const ours = list.items.filter((i) => i.kind === vscode.CompletionItemKind.Reference && /^Phase /.test(String(i.label)));
    // Phase 2's own line: not 2 itself, not 3 (it depends on 2).
    assert.deepStrictEqual(ours.map((i) => i.label), ['Phase 1', 'Phase 4']);
    assert.deepStrictEqual(ours.map((i) => i.detail), ['Local Journal', 'Settings Screen']);
  });

  test('a CodeLens above each phase heading', async () => {
    await showPlan();
    const doc = editor.document;
    const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', doc.uri, 100);
    const on = (prefix: string) =>
      lenses.filter((l) => l.range.start.line === lineOf(doc, prefix)).map((l) => l.command?.title);
    assert.deepStrictEqual(on('### Phase 1'), ['no dependencies', 'needed by 2, 3', '2/4 done']);
    assert.deepStrictEqual(on('### Phase 3'), ['depends on 1, 2', '0/2 done']);
  });

  test('typing a new phase heading adds a tree item', async () => {
    await showPlan();
    const doc = editor.document;
    const at = lineOf(doc, '## Dependency Map');
    try {
      await editor.edit((e) => e.insert(new vscode.Position(at, 0), '### Phase 5: Sharing\n**Dependencies**: Phase 3\n\n'));
      await waitFor(() => phaseItems().length === 5, 'a fifth phase in the tree');
      assert.strictEqual(phaseItems()[4].label, 'Phase 5: Sharing');
      // Ids stay: the first items are the same, so expansion state survives.
      assert.deepStrictEqual(phaseItems().slice(0, 4).map((n) => n.label), PHASES);
    } finally {
      await revertDocument(doc);
    }
    await waitFor(() => phaseItems().length === 4, 'the tree back to four phases');
  });

  test('no tree, hover or lens for markdown that is not a plan', async () => {
    const doc = await vscode.workspace.openTextDocument({ language: 'markdown', content: '# Notes\n\nSee Phase 1.\n' });
    await vscode.window.showTextDocument(doc);
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, new vscode.Position(2, 6));
    assert.ok(!hovers.some((h) => h.contents.some((c) => /Phase 1/.test(typeof c === 'string' ? c : c.value))));
    await waitFor(() => api.phaseTree.getChildren().length === 0, 'the tree to empty');
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });
});
