// The extension is loaded in development mode, and opening a plan (markdown) activates it.
import * as assert from 'assert';
import * as vscode from 'vscode';
import { EXTENSION_ID, openFixture, waitFor, workspaceRoot } from './util';

const PLAN = 'plans/0001-sample-plan.md';

suite('activation', () => {
  test('the extension is present', () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(ext, `${EXTENSION_ID} not found among ${vscode.extensions.all.length} extensions`);
    assert.strictEqual(ext.packageJSON.name, 'plan-author');
  });

  test('the fixture workspace is open and its plan is found', async () => {
    assert.strictEqual(workspaceRoot().path.split('/').pop(), 'workspace');
    const plans = await vscode.workspace.findFiles('plans/*.md');
    assert.ok(
      plans.map((u) => u.path.split('/').pop()).includes('0001-sample-plan.md'),
      'the sample plan is among the fixture plans',
    );
  });

  test('opening a plan activates the extension', async () => {
    const editor = await openFixture(PLAN);
    assert.strictEqual(editor.document.languageId, 'markdown');
    assert.match(editor.document.lineAt(0).text, /^# Plan: /);
    const ext = vscode.extensions.getExtension(EXTENSION_ID)!;
    await waitFor(() => ext.isActive, `${EXTENSION_ID} to activate`);
    assert.ok(ext.isActive);
  });
});
