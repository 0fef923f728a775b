// Plans that are not open are checked in the background through a search of the workspace (diagnostics.ts). Where
// the workspace's file system cannot be searched (VS Code for the Web on a folder without a search provider, some
// virtual workspaces), that search finds nothing and closed plans would silently go unchecked: say so, once.
// The test: an open plan inside a workspace folder that a search of that folder for its very path does not find.
import * as vscode from 'vscode';
import type { PlanCache } from './planCache';

export const SEARCH_NOTICE =
  "Plan Author checks plans as you open them. This workspace's files cannot be searched here, so plans that are not open are not checked in the background.";

export function registerSearchNotice(cache: PlanCache): vscode.Disposable {
  let shown = false;
  const probed = new Set<string>();
  const probe = async (doc: vscode.TextDocument) => {
    if (shown || doc.uri.scheme === 'untitled' || !cache.isPlan(doc)) return;
    const folder = vscode.workspace.getWorkspaceFolder(doc.uri);
    const relative = vscode.workspace.asRelativePath(doc.uri, false);
    // One probe per folder; a path with glob characters cannot be searched for as itself.
    if (!folder || probed.has(folder.uri.toString()) || /[[\]{}*?]/.test(relative)) return;
    probed.add(folder.uri.toString());
    let found = false;
    try {
      found = (await vscode.workspace.findFiles(new vscode.RelativePattern(folder, relative), null, 1)).length > 0;
    } catch {
      // A file system without search may also refuse outright.
    }
    if (found || shown) return;
    shown = true;
    void vscode.window.showInformationMessage(SEARCH_NOTICE);
  };
  for (const doc of vscode.workspace.textDocuments) void probe(doc);
  return vscode.Disposable.from(vscode.workspace.onDidOpenTextDocument((doc) => void probe(doc)));
}
