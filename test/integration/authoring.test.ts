// Authoring commands in a real VS Code: New Plan creates a numbered, filled-in plan and never overwrites; Insert Plan
// Template; Add Phase; Renumber Phases after a deleted phase leaves no dangling reference and undoes in one step;
// Rename (F2) on a phase number.
import * as assert from 'assert';
import * as vscode from 'vscode';
import { activeExtension, fixtureUri, openFixture, revertAndClose, revertDocument, waitFor } from './util';
import type { PlanAuthorApi } from '../../src/extension';

const RENUMBER = 'plans/authoring/renumber.md';

async function api(): Promise<PlanAuthorApi> {
  const ext = await activeExtension();
  return ext.exports as PlanAuthorApi;
}

async function exists(uri: vscode.Uri): Promise<boolean> {
  try {
    await vscode.workspace.fs.stat(uri);
    return true;
  } catch {
    return false;
  }
}

function selected(editor: vscode.TextEditor): string {
  return editor.document.getText(editor.selection);
}

suite('authoring', () => {
  const plansDir = () => fixtureUri('codev/plans');
  let plansDirExisted = false;

  suiteSetup(async () => {
    await openFixture('plans/0001-sample-plan.md');
    await activeExtension();
    plansDirExisted = await exists(plansDir());
  });

  suiteTeardown(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    if (!plansDirExisted) await vscode.workspace.fs.delete(plansDir(), { recursive: true, useTrash: false }).then(undefined, () => undefined);
  });

  test('New Plan creates codev/plans/0001-<slug>.md, filled in, linked to its spec, with the placeholders as tab stops', async () => {
    const uri = await vscode.commands.executeCommand<vscode.Uri>('planAuthor.newPlan', { title: 'Export Reports as CSV', preset: 'codev' });
    assert.ok(uri, 'no plan created');
    assert.strictEqual(uri.toString(), vscode.Uri.joinPath(plansDir(), '0001-export-reports-as-csv.md').toString());
    const editor = vscode.window.activeTextEditor!;
    assert.strictEqual(editor.document.uri.toString(), uri.toString());
    const text = editor.document.getText();
    assert.match(text, /^# Plan: Export Reports as CSV\n/);
    assert.match(text, /^\*\*Specification\*\*: \[codev\/specs\/0001-csv-export\.md\]\(\.\.\/specs\/0001-csv-export\.md\)$/m);
    assert.match(text, /^### Phase 1: \[Descriptive Name\]$/m);
    // Saved as shown.
    await waitFor(() => !editor.document.isDirty, 'the new plan to be saved');
    assert.strictEqual(new TextDecoder().decode(await vscode.workspace.fs.readFile(uri)), text);
    // The cursor is on the first placeholder left, and Tab moves on to the next.
    assert.match(selected(editor), /^\[The approach chosen and why/);
    await vscode.commands.executeCommand('jumpToNextSnippetPlaceholder');
    assert.strictEqual(selected(editor), '[Descriptive Name]');
    // Phase 1's title in the phases JSON and in its heading: one tab stop, two cursors.
    const lines = text.split('\n');
    assert.deepStrictEqual(
      editor.selections.map((s) => s.start.line).sort((a, b) => a - b),
      [lines.findIndex((l) => l.includes('"phase_1"')), lines.indexOf('### Phase 1: [Descriptive Name]')],
    );
    await vscode.commands.executeCommand('type', { text: 'Streaming Writer' });
    assert.match(editor.document.getText(), /"phase_1", "title": "Streaming Writer"[\s\S]*### Phase 1: Streaming Writer\n/);
    await revertDocument(editor.document);
    assert.strictEqual(editor.document.getText(), text);
    await vscode.commands.executeCommand('leaveSnippet');
  });

  test('the next plan takes the next number, keeps the spec placeholder when there is no spec, and fills the legacy metadata', async () => {
    const uri = await vscode.commands.executeCommand<vscode.Uri>('planAuthor.newPlan', { title: 'Über-fast Import: CSV & JSON!', preset: 'codev-legacy' });
    assert.ok(uri.path.endsWith('/codev/plans/0002-uber-fast-import-csv-json.md'), uri.path);
    const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
    assert.match(text, /^# Plan: Über-fast Import: CSV & JSON!\n/);
    assert.match(text, /^- \*\*ID\*\*: 0002$/m);
    assert.match(text, /^- \*\*Created\*\*: \d{4}-\d{2}-\d{2}$/m);
    assert.match(text, /^- \*\*Specification\*\*: \[Link to codev\/specs\/spec-file\.md\]$/m);
    await vscode.commands.executeCommand('leaveSnippet');
  });

  test('New Plan never overwrites: a taken name moves on to the next number', async () => {
    const first = vscode.Uri.joinPath(plansDir(), '0001-export-reports-as-csv.md');
    const before = await vscode.workspace.fs.readFile(first);
    // A folder named like the next plan (not a plan file, so it does not count for numbering) takes its name.
    const blocker = vscode.Uri.joinPath(plansDir(), '0003-retry.md');
    await vscode.workspace.fs.createDirectory(blocker);
    const uri = await vscode.commands.executeCommand<vscode.Uri>('planAuthor.newPlan', { title: 'Retry', preset: 'generic' });
    assert.ok(uri.path.endsWith('/codev/plans/0004-retry.md'), uri.path);
    assert.strictEqual((await vscode.workspace.fs.stat(blocker)).type, vscode.FileType.Directory);
    assert.deepStrictEqual(await vscode.workspace.fs.readFile(first), before);
    await vscode.commands.executeCommand('leaveSnippet');
  });

  test('New Plan in a given folder (the explorer\'s "New Plan…" on a plans folder)', async () => {
    const dir = fixtureUri('codev/drafts');
    await vscode.workspace.fs.createDirectory(dir);
    try {
      await vscode.workspace.fs.writeFile(vscode.Uri.joinPath(dir, '41-older.md'), new TextEncoder().encode('# Plan: Older\n'));
      const uri = await vscode.commands.executeCommand<vscode.Uri>('planAuthor.newPlan', { dir, title: 'Drafted', preset: 'codev' });
      assert.strictEqual(uri.toString(), vscode.Uri.joinPath(dir, '42-drafted.md').toString());
      assert.match(vscode.window.activeTextEditor!.document.getText(), /^# Plan: Drafted\n/);
      await vscode.commands.executeCommand('leaveSnippet');
      await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
    } finally {
      await vscode.workspace.fs.delete(dir, { recursive: true, useTrash: false });
    }
  });

  test('New Plan refuses a planAuthor.plansFolder that leads outside the workspace, and writes nothing', async () => {
    const cfg = vscode.workspace.getConfiguration('planAuthor');
    const folder = vscode.workspace.workspaceFolders![0].uri;
    const outside = vscode.Uri.joinPath(folder, '..', 'escaped-plans');
    const settingsDir = vscode.Uri.joinPath(folder, '.vscode');
    const hadSettings = await exists(settingsDir);
    await cfg.update('plansFolder', '../escaped-plans', vscode.ConfigurationTarget.Workspace);
    try {
      const uri = await vscode.commands.executeCommand<vscode.Uri | undefined>('planAuthor.newPlan', { title: 'Escape', preset: 'generic' });
      assert.strictEqual(uri, undefined);
      assert.strictEqual(await exists(outside), false);
    } finally {
      await cfg.update('plansFolder', undefined, vscode.ConfigurationTarget.Workspace);
      if (!hadSettings) await vscode.workspace.fs.delete(settingsDir, { recursive: true, useTrash: false }).then(undefined, () => undefined);
    }
  });

  test('Insert Plan Template inserts the snippet at the cursor, and asks before inserting into a plan [dialog stub]', async () => {
    const doc = await vscode.workspace.openTextDocument({ language: 'markdown', content: '' });
    const editor = await vscode.window.showTextDocument(doc);
    assert.ok(await vscode.commands.executeCommand('planAuthor.insertTemplate', { preset: 'generic' }));
    assert.match(doc.getText(), /^# Plan: \[Title\]\n\n## Overview\n/);
    assert.strictEqual(selected(editor), '[Title]');
    await vscode.commands.executeCommand('leaveSnippet');

    // Now the document is a plan: the modal question comes first; answering "no" inserts nothing.
    await waitFor(async () => !!(await api()).cache.get(doc)?.model.title, 'the plan title in the model');
    const original = vscode.window.showWarningMessage;
    const asked: string[] = [];
    (vscode.window as { showWarningMessage: unknown }).showWarningMessage = async (message: string) => {
      asked.push(message);
      return undefined;
    };
    try {
      const text = doc.getText();
      assert.strictEqual(await vscode.commands.executeCommand('planAuthor.insertTemplate', { preset: 'generic' }), false);
      assert.deepStrictEqual(asked, ['This document already is a plan. Insert anyway?']);
      assert.strictEqual(doc.getText(), text);
    } finally {
      (vscode.window as { showWarningMessage: unknown }).showWarningMessage = original;
    }
    await revertAndClose(doc);
  });

  test('Renumber after deleting Phase 2 leaves no dangling reference, and one undo restores the text', async () => {
    const { cache } = await api();
    const editor = await openFixture(RENUMBER);
    const doc = editor.document;
    const original = doc.getText();
    try {
      const phase2 = (await cache.current(doc))!.model.phases[1];
      assert.strictEqual(phase2.id, '2');
      const del = new vscode.WorkspaceEdit();
      del.delete(doc.uri, new vscode.Range(phase2.range.start.line, 0, phase2.range.end.line + 1, 0));
      assert.ok(await vscode.workspace.applyEdit(del));
      const deleted = doc.getText();
      assert.ok((await cache.current(doc))!.findings.some((f) => f.code === 'unknown-phase'), 'deleting Phase 2 leaves a dangling reference');

      assert.ok(await vscode.commands.executeCommand('planAuthor.renumberPhases', { confirm: false }));
      const text = doc.getText();
      const model = (await cache.current(doc))!.model;
      assert.deepStrictEqual(model.phases.map((p) => p.id), ['1', '2', '3']);
      assert.deepStrictEqual(model.phases.map((p) => p.dependencies?.dependsOn), [[], ['1'], ['1', '2']]);
      const codes = (await cache.current(doc))!.findings.map((f) => f.code);
      for (const c of ['unknown-phase', 'phases-json-drift', 'map-mismatch', 'phase-numbering']) assert.ok(!codes.includes(c), `${c} in ${codes.join(', ')}`);
      assert.match(text, /Pages the on-call engineer when Phase 1 or Phase 2 fails\./);
      assert.ok(text.includes('# Phase 3 smoke test'), 'the code block is left alone');
      assert.ok(text.includes('https://example.com/runbooks/phase-3'), 'the URL is left alone');

      await vscode.commands.executeCommand('undo');
      assert.strictEqual(doc.getText(), deleted);
    } finally {
      while (doc.getText() !== original && doc.isDirty) await vscode.commands.executeCommand('undo');
      await revertAndClose(doc);
    }
  });

  test('Rename (F2) on a phase number renames it everywhere; elsewhere it is refused [dialog stub]', async () => {
    const editor = await openFixture(RENUMBER);
    const doc = editor.document;
    try {
      const heading = doc.getText().split('\n').findIndex((l) => l.startsWith('### Phase 3:'));
      const at = new vscode.Position(heading, '### Phase '.length);
      const edit = await vscode.commands.executeCommand<vscode.WorkspaceEdit>('vscode.executeDocumentRenameProvider', doc.uri, at, '7');
      assert.ok(await vscode.workspace.applyEdit(edit));
      const text = doc.getText();
      assert.match(text, /^### Phase 7: Restore Command$/m);
      assert.match(text, /^\*\*Dependencies\*\*: Phases 1, 7$/m);
      assert.match(text, /"id": "phase_7", "title": "Restore Command"/);
      assert.match(text, /Phase 2 ──→ Phase 7 ──→ Phase 4/);
      // An id that exists, or no id at all, is refused with a message; nothing changes.
      const original = vscode.window.showWarningMessage;
      const said: string[] = [];
      (vscode.window as { showWarningMessage: unknown }).showWarningMessage = async (message: string) => {
        said.push(message);
        return undefined;
      };
      try {
        for (const name of ['2', 'two']) {
          const none = await vscode.commands.executeCommand<vscode.WorkspaceEdit>('vscode.executeDocumentRenameProvider', doc.uri, at, name);
          assert.strictEqual(none.size, 0, name);
        }
      } finally {
        (vscode.window as { showWarningMessage: unknown }).showWarningMessage = original;
      }
      assert.strictEqual(said.length, 2);
      assert.match(said[0], /^Phase 2 already exists/);
      assert.match(said[1], /is not a phase id/);
      // On the number, ours; off it, the rename is left to others (markdown renames the heading text).
      const onId = await vscode.commands.executeCommand<{ range: vscode.Range; placeholder: string }>('vscode.prepareRename', doc.uri, at);
      assert.strictEqual(onId.placeholder, '7');
      assert.ok(onId.range.isEqual(new vscode.Range(heading, 10, heading, 11)));
      const off = await Promise.resolve(vscode.commands.executeCommand<{ range: vscode.Range; placeholder: string } | undefined>('vscode.prepareRename', doc.uri, new vscode.Position(heading, 16))).then(
        (x) => x,
        () => undefined,
      );
      assert.ok(!off || !off.range.isEqual(onId.range));
    } finally {
      await revertAndClose(doc);
    }
  });

  test('Add Phase appends Phase 5 with its subsections and JSON entry, in one undo step', async () => {
    const { cache } = await api();
    const editor = await openFixture(RENUMBER);
    const doc = editor.document;
    const original = doc.getText();
    try {
      assert.strictEqual(await vscode.commands.executeCommand('planAuthor.addPhase'), '5');
      const model = (await cache.current(doc))!.model;
      assert.deepStrictEqual(model.phases.map((p) => p.id), ['1', '2', '3', '4', '5']);
      assert.deepStrictEqual(model.phases[4].dependencies?.dependsOn, ['4']);
      assert.deepStrictEqual(model.phasesJson?.phases?.map((e) => e.id), ['phase_1', 'phase_2', 'phase_3', 'phase_4', 'phase_5']);
      assert.match(doc.getText(), /^Phase 1 ──→ Phase 2 ──→ Phase 3 ──→ Phase 4 ──→ Phase 5$/m);
      await waitFor(() => cache.findings(doc).length > 0, 'findings');
      const codes = (await cache.current(doc))!.findings.map((f) => f.code);
      for (const c of ['map-mismatch', 'phases-json-drift', 'phase-numbering', 'unknown-phase']) assert.ok(!codes.includes(c), `${c} in ${codes.join(', ')}`);
      assert.strictEqual(selected(editor), '[Descriptive Name]');
      assert.strictEqual(editor.selection.start.line, model.phases[4].heading.start.line);
      await vscode.commands.executeCommand('undo');
      assert.strictEqual(doc.getText(), original);
    } finally {
      await revertAndClose(doc);
    }
  });
});
