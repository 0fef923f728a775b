// Helpers for integration tests (imported by *.test.ts; bundled into each of them).
import * as assert from 'assert';
import * as vscode from 'vscode';

export const EXTENSION_ID = 'plan-author.plan-author';

/** The opened fixture workspace: test/fixtures/workspace. */
export function workspaceRoot(): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'no workspace folder open (expected test/fixtures/workspace)');
  return folder.uri;
}

/** A file of the fixture workspace, e.g. fixtureUri('plans/0001-sample-plan.md'). */
export function fixtureUri(relative: string): vscode.Uri {
  return vscode.Uri.joinPath(workspaceRoot(), ...relative.split('/'));
}

/** Opens a fixture file in an editor and returns the editor. */
export async function openFixture(relative: string): Promise<vscode.TextEditor> {
  const doc = await vscode.workspace.openTextDocument(fixtureUri(relative));
  return vscode.window.showTextDocument(doc);
}

/** Polls `check` until it returns a truthy value, or fails with `what` after `timeoutMs` (generous: on a loaded
 * machine the extension host may stall for seconds; a condition that holds is found within 50 ms of holding). */
export async function waitFor<T>(check: () => T | Promise<T>, what: string, timeoutMs = 60_000, everyMs = 50): Promise<NonNullable<T>> {
  const t0 = Date.now();
  for (;;) {
    const v = await check();
    if (v) return v as NonNullable<T>;
    if (Date.now() - t0 > timeoutMs) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

/** The extension, activated by the time this resolves (opens nothing itself). */
export async function activeExtension(): Promise<vscode.Extension<unknown>> {
  const ext = vscode.extensions.getExtension(EXTENSION_ID);
  assert.ok(ext, `${EXTENSION_ID} is not installed`);
  await waitFor(() => ext.isActive, `${EXTENSION_ID} to activate`);
  return ext;
}

/**
 * Reverts `doc` to its text on disk and waits until it is clean: the revert command acts on the active editor, which
 * on a loaded machine may not be `doc` yet, so `doc` is shown first and the state is waited on, not assumed.
 */
export async function revertDocument(doc: vscode.TextDocument): Promise<void> {
  if (doc.isClosed || !doc.isDirty) return;
  await vscode.window.showTextDocument(doc);
  await vscode.commands.executeCommand('workbench.action.files.revert');
  await waitFor(() => doc.isClosed || !doc.isDirty, `${doc.uri.path} to revert`);
}

/** Reverts `doc` and closes its editor (an untitled one is closed without saving). */
export async function revertAndClose(doc: vscode.TextDocument): Promise<void> {
  if (doc.isUntitled) {
    if (doc.isClosed) return;
    await vscode.window.showTextDocument(doc);
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    return;
  }
  await revertDocument(doc);
  if (doc.isClosed) return;
  await vscode.window.showTextDocument(doc);
  await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
}
