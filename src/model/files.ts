// Safe reading of plans and status files, shared by the CLI, the editor's status lookup and the background check.
// Stat first; only regular files of at most `maxBytes` bytes are read (never a FIFO, a device or a folder); a
// symbolic link is followed only when its target lies under one of the given roots (the workspace, the CLI's
// folders). Sizes are counted in bytes everywhere (UTF-8 on disk, UTF-8 of the editor's text).
// No `vscode` and no Node import: the caller passes the file system (Node's for the CLI and the desktop editor,
// the editor's own where there is no disk).
import type { StatusInfo } from './types';
import { readStatus, statusCandidates } from './status';

export type FileKind = 'file' | 'directory' | 'symlink' | 'other';

export interface FileInfo {
  kind: FileKind;
  /** Bytes. */
  size: number;
}

/** What reading needs of a file system. Paths are absolute, with `/` separators on every platform. */
export interface PlanFileSystem {
  /** The entry itself, a symbolic link not followed (like lstat); undefined when there is none. */
  stat(path: string): Promise<FileInfo | undefined>;
  /** The path with every symbolic link in it resolved. */
  realPath(path: string): Promise<string>;
  /** At most `maxBytes` bytes from the start of a regular file. */
  read(path: string, maxBytes: number): Promise<Uint8Array>;
  /** A folder's entries (a symbolic link reported as such). */
  list(path: string): Promise<{ name: string; kind: FileKind }[]>;
}

/** Plans and status files above this many bytes are not read (the CLI's limit, the editor's default). */
export const MAX_FILE_BYTES = 2_000_000;

export type ReadFailure = 'missing' | 'not-a-file' | 'outside' | 'too-big' | 'binary' | 'unreadable';

export type ReadResult =
  | { ok: true; text: string; path: string }
  | {
      ok: false;
      why: ReadFailure;
      message: string;
      /** not-a-file: what is there instead. */
      kind?: FileKind;
      /** too-big: the size in bytes, when the stat told it. */
      size?: number;
    };

export interface ReadOptions {
  maxBytes?: number;
  /** Folders a symbolic link may lead into; none given: no symbolic link is followed. */
  roots?: string[];
}

const slashes = (p: string) => p.replace(/\\/g, '/');
const trimSlash = (p: string) => (p.length > 1 ? p.replace(/\/+$/, '') : p);

/** Is `path` the folder `root` or inside it? */
export function isUnder(path: string, root: string): boolean {
  const r = trimSlash(slashes(root));
  const p = slashes(path);
  return p === r || p.startsWith(r === '/' ? '/' : `${r}/`);
}

export { utf8Length, bytesOver } from './planText';

export const formatSize = (bytes: number) => `${(bytes / 1e6).toFixed(1)} MB`;


/** The text of a plan or status file, or why it was not read. Never throws. */
export async function readTextFile(fs: PlanFileSystem, path: string, options: ReadOptions = {}): Promise<ReadResult> {
  const maxBytes = options.maxBytes ?? MAX_FILE_BYTES;
  const fail = (why: ReadFailure, message: string, detail: { kind?: FileKind; size?: number } = {}): ReadResult => ({ ok: false, why, message, ...detail });
  try {
    let target = path;
    let info = await fs.stat(path);
    if (!info) return fail('missing', 'no such file');
    if (info.kind === 'symlink') {
      target = await fs.realPath(path);
      const roots = options.roots ?? [];
      const realRoots = await Promise.all(roots.map((r) => fs.realPath(r).catch(() => r)));
      if (!realRoots.some((r) => isUnder(target, r))) return fail('outside', `a symbolic link to ${target}, outside the folders checked`);
      info = await fs.stat(target);
      if (!info) return fail('missing', `a symbolic link to ${target}, which does not exist`);
    }
    if (info.kind === 'directory') return fail('not-a-file', 'a folder', { kind: info.kind });
    if (info.kind !== 'file') return fail('not-a-file', 'not a regular file (a pipe, a device or a socket)', { kind: info.kind });
    if (info.size > maxBytes) return fail('too-big', `${formatSize(info.size)} is over the ${maxBytes / 1e6} MB limit`, { size: info.size });
    // One byte more than allowed: a file that grew since the stat is caught too.
    const bytes = await fs.read(target, maxBytes + 1);
    if (bytes.length > maxBytes) return fail('too-big', `over the ${maxBytes / 1e6} MB limit`);
    if (bytes.includes(0)) return fail('binary', 'binary file (NUL bytes)');
    const text = new TextDecoder().decode(bytes).replace(/^\uFEFF/, '');
    return { ok: true, text, path: target };
  } catch (e) {
    return fail('unreadable', (e as Error).message || String(e));
  }
}

/**
 * The status.yaml that belongs to the plan at `planPath` (POSIX path), read as safely as a plan: where
 * statusCandidates says it may lie, a regular file under the size limit, a link only into `roots`.
 */
export async function findStatusFile(fs: PlanFileSystem, planPath: string, options: ReadOptions = {}): Promise<StatusInfo | undefined> {
  for (const c of statusCandidates(planPath)) {
    try {
      let file = c.path;
      if (c.glob) {
        const entries = await fs.list(c.path);
        const hit = entries
          .filter((e) => e.kind === 'directory' && c.glob!.test(e.name))
          .map((e) => e.name)
          .sort()[0];
        if (!hit) continue;
        file = `${c.path}/${hit}/status.yaml`;
      }
      const r = await readTextFile(fs, file, options);
      if (!r.ok) continue;
      const s = readStatus(r.text, file);
      if (s) return s;
    } catch {
      // Not there: try the next place.
    }
  }
  return undefined;
}
