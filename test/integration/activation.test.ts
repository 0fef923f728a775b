// The extension is loaded (in development mode, or installed from the .vsix: scripts/vscode-run.cjs test --vsix),
// and opening a plan (markdown) activates it.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import { EXTENSION_ID, openFixture, waitFor, workspaceRoot } from './util';

const PLAN = 'plans/0001-sample-plan.md';

suite('activation', () => {
  test('the extension is present', () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(ext, `${EXTENSION_ID} not found among ${vscode.extensions.all.length} extensions`);
    assert.strictEqual(ext.packageJSON.name, 'plan-author');
  });

  test(process.env.PLAN_AUTHOR_VSIX ? 'the extension runs installed from the .vsix, not from the development folder' : 'the extension runs from the development folder', () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID)!;
    const hasSources = fs.existsSync(path.join(ext.extensionPath, 'src', 'extension.ts'));
    if (process.env.PLAN_AUTHOR_VSIX) {
      assert.ok(!hasSources, `${ext.extensionPath} holds src/: the development folder, not the installed .vsix`);
      assert.match(path.basename(ext.extensionPath), /^plan-author\.plan-author-\d+\.\d+\.\d+/);
      assert.ok(fs.existsSync(path.join(ext.extensionPath, '.vsixmanifest')), 'no .vsixmanifest: not installed from a .vsix');
    } else {
      assert.ok(hasSources, `${ext.extensionPath} is not the development folder`);
    }
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
