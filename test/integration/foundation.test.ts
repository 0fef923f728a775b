// The spine end to end in a real VS Code: a plan opens, the model is parsed once per version, the status bar shows
// the phase count, and a dependency that cannot be read is reported where it stands.
import * as assert from 'assert';
import * as vscode from 'vscode';
import * as fs from 'fs';
import { activeExtension, openFixture, revertDocument, waitFor } from './util';
import type { PlanAuthorApi } from '../../src/extension';

const PLAN = 'plans/0002-unreadable-dependency.md';

suite('foundation', () => {
  test('the status bar shows the phase count of the active plan', async () => {
    await openFixture(PLAN);
    const api = (await activeExtension()).exports as PlanAuthorApi;
    const text = await waitFor(() => (api.statusBarItem.text.includes('3 phases') ? api.statusBarItem.text : ''), 'the status bar item to show 3 phases');
    assert.match(text, /Plan: 3 phases · 25% · /, 'progress from the checkboxes: 1 of 4');
  });

  test('an unreadable Dependencies value gets a diagnostic on exactly that text', async () => {
    const editor = await openFixture(PLAN);
    const uri = editor.document.uri;
    const diag = (await waitFor(
      () => vscode.languages.getDiagnostics(uri).find((d) => typeof d.code === 'object' && d.code.value === 'unreadable-dependency'),
      'the unreadable-dependency diagnostic',
    ))!;
    const line = editor.document.getText().split('\n').findIndex((l) => l.includes('whatever the design review'));
    assert.strictEqual(diag.range.start.line, line);
    assert.strictEqual(editor.document.getText(diag.range), 'whatever the design review decides');
    assert.strictEqual(diag.severity, vscode.DiagnosticSeverity.Warning);
    assert.strictEqual(diag.source, 'plan-author');
  });

  test('typing updates the model once per version and the diagnostics follow', async () => {
    const editor = await openFixture(PLAN);
    const api = (await activeExtension()).exports as PlanAuthorApi;
    const doc = editor.document;
    const line = doc.getText().split('\n').findIndex((l) => l.includes('whatever the design review'));
    const start = doc.lineAt(line).text.indexOf('whatever');
    const before = api.cache.parseCount;
    await editor.edit((e) => e.replace(new vscode.Range(line, start, line, doc.lineAt(line).text.length), 'Phase 1'));
    await waitFor(
      () => !vscode.languages.getDiagnostics(doc.uri).some((d) => typeof d.code === 'object' && d.code.value === 'unreadable-dependency'),
      'the diagnostic to go away',
    );
    const model = (await api.cache.current(doc))!.model;
    assert.deepStrictEqual(model.phases.find((p) => p.id === '2')!.dependencies!.dependsOn, ['1']);
    const parses = api.cache.parseCount - before;
    api.cache.get(doc);
    api.cache.findings(doc);
    await api.cache.current(doc);
    assert.strictEqual(api.cache.parseCount - before, parses, 'asking again for the same version parses nothing');
    await vscode.commands.executeCommand('undo');
    assert.match(doc.getText(), /whatever the design review decides/);
    await revertDocument(doc);
  });

  test('plans are checked in a child process of the extension host (a heap that runs out there ends it, not the host)', async function () {
    if (process.platform !== 'linux') this.skip(); // read from /proc
    const { document } = await openFixture(PLAN);
    const api = (await activeExtension()).exports as PlanAuthorApi;
    assert.ok((await api.cache.current(document))?.model.phases.length);
    const checkers = () =>
      fs.readdirSync('/proc').filter((pid) => {
        if (!/^\d+$/.test(pid)) return false;
        try {
          const ppid = /^PPid:\s*(\d+)/m.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
          return Number(ppid) === process.pid && fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('planWorker.js');
        } catch {
          return false;
        }
      });
    await waitFor(() => checkers().length === 1 || undefined, 'one checker process under the extension host');
  });

  test('a plan that takes longer than the time budget to check gets one clear message, and the next version is checked', async () => {
    await openFixture(PLAN); // activates the extension
    const api = (await activeExtension()).exports as PlanAuthorApi;
    const engine = api.cache.engine;
    const budget = engine.budgetMs;
    // A plan whose preamble alone takes remark seconds to read; with a budget of 1 ms it is stopped at once.
    const slow = `# Plan: Slow\n\n${Array.from({ length: 3000 }, (_, i) => `**K${i}**: v\n\n\`\`\`\nx\n\`\`\`\n`).join('\n')}\n### Phase 1: A\n`;
    engine.budgetMs = 1;
    const doc = await vscode.workspace.openTextDocument({ language: 'markdown', content: slow });
    try {
      await vscode.window.showTextDocument(doc);
      const diag = (await waitFor(() => vscode.languages.getDiagnostics(doc.uri).find((d) => d.code === 'size-guard'), 'the time budget message'))!;
      assert.strictEqual(diag.severity, vscode.DiagnosticSeverity.Information);
      assert.match(diag.message, /took longer than/);
      assert.strictEqual(vscode.languages.getDiagnostics(doc.uri).length, 1, 'one message');
    } finally {
      engine.budgetMs = budget;
    }
    // With the budget back, the next edit is checked as usual.
    const editor = vscode.window.activeTextEditor!;
    await editor.edit((e) => e.insert(new vscode.Position(doc.lineCount, 0), '\n### Phase 2: B\n'));
    const entry = await api.cache.current(doc);
    assert.deepStrictEqual(entry?.model.phases.map((p) => p.id), ['1', '2']);
    assert.strictEqual(entry?.guard, undefined);
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });

  test('a 5 MB plan and a binary plan get one clear message and no live checking', async function () {
    this.timeout(240_000); // writing and opening 5 MB on a loaded machine
    const root = vscode.workspace.workspaceFolders![0].uri;
    const big = vscode.Uri.joinPath(root, 'plans', 'tmp-huge-plan.md');
    const phase = (i: number) => `### Phase ${i}: Step ${i}\n**Dependencies**: Phase ${i - 1}\n\n${'- [ ] work item with some words in it\n'.repeat(40)}\n`;
    let text = '# Plan: Huge\n\n';
    for (let i = 1; text.length < 5_000_000; i++) text += phase(i);
    await vscode.workspace.fs.writeFile(big, new TextEncoder().encode(text));
    // VS Code itself refuses to open a binary file as text; binary content can still reach an editor unsaved.
    const binaryDoc = await vscode.workspace.openTextDocument({ language: 'markdown', content: '# Plan: Binary\n\u0000\u0001\u0002\n### Phase 1: x\n' });
    try {
      for (const uri of [big, binaryDoc.uri]) {
        const doc = uri === big ? await vscode.workspace.openTextDocument(uri) : binaryDoc;
        await vscode.window.showTextDocument(doc);
        const diag = (await waitFor(() => vscode.languages.getDiagnostics(uri).find((d) => d.code === 'size-guard'), `the size guard on ${uri.path}`))!;
        assert.strictEqual(diag.severity, vscode.DiagnosticSeverity.Information);
        assert.strictEqual(vscode.languages.getDiagnostics(uri).length, 1, 'one message, no live checking');
        // Nothing of the text reached the parser: no phases, no findings.
        const api = (await activeExtension()).exports as PlanAuthorApi;
        const entry = await api.cache.current(doc);
        assert.strictEqual(entry?.model.phases.length, 0);
        assert.deepStrictEqual(entry?.findings, []);
        await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
      }
    } finally {
      await vscode.workspace.fs.delete(big);
    }
  });
});
