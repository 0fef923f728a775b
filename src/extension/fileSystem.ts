// The editor's PlanFileSystem (see model/files.ts): Node's for file: URIs (so that links and pipes are seen as
// such), the editor's workspace.fs for any other scheme. Paths are URI paths of `base`'s scheme and authority.
import * as vscode from 'vscode';
import type { FileKind, PlanFileSystem } from '../model/files';
import { nodeFileSystem } from '../nodeFileSystem';

// Undefined in the web extension (nodeFileSystem.web.ts): there every scheme goes through workspace.fs.
const nodeFs: PlanFileSystem | undefined = nodeFileSystem;

function kindOf(type: vscode.FileType): FileKind {
  if (type & vscode.FileType.Directory) return 'directory';
  if (type & vscode.FileType.File) return 'file';
  return 'other';
}

export function editorFileSystem(base: vscode.Uri): PlanFileSystem {
  const uri = (p: string) => base.with({ path: p });
  if (base.scheme === 'file' && nodeFs) {
    const fsPath = (p: string) => uri(p).fsPath;
    return {
      stat: (p) => nodeFs.stat(fsPath(p)),
      realPath: async (p) => vscode.Uri.file(await nodeFs.realPath(fsPath(p))).path,
      read: (p, max) => nodeFs.read(fsPath(p), max),
      list: (p) => nodeFs.list(fsPath(p)),
    };
  }
  return {
    async stat(p) {
      try {
        const s = await vscode.workspace.fs.stat(uri(p));
        return { kind: kindOf(s.type), size: s.size };
      } catch {
        return undefined;
      }
    },
    realPath: async (p) => p,
    async read(p, max) {
      const bytes = await vscode.workspace.fs.readFile(uri(p));
      return bytes.length > max ? bytes.subarray(0, max) : bytes;
    },
    async list(p) {
      return (await vscode.workspace.fs.readDirectory(uri(p))).map(([name, type]) => ({ name, kind: kindOf(type) }));
    },
  };
}

/** Folders a symbolic link may lead into: the workspace's. */
export function workspaceRoots(): string[] {
  return (vscode.workspace.workspaceFolders ?? []).map((f) => f.uri.path);
}
