// PlanFileSystem over Node's fs (the CLI, and the desktop editor for file: URIs). Opens with O_NONBLOCK so that a
// FIFO that appeared between the stat and the open cannot hang the reader.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { FileInfo, PlanFileSystem } from './model/files';

/** A Node path as a PlanFileSystem takes it (and as globs and links show it): `/` separators on every platform. */
export const posixPath = (p: string): string => p.split(path.sep).join('/');

export const nodeFileSystem: PlanFileSystem = {
  async stat(p: string): Promise<FileInfo | undefined> {
    try {
      const s = await fs.promises.lstat(p);
      return { kind: s.isSymbolicLink() ? 'symlink' : s.isFile() ? 'file' : s.isDirectory() ? 'directory' : 'other', size: s.size };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT' || (e as NodeJS.ErrnoException).code === 'ENOTDIR') return undefined;
      throw e;
    }
  },
  realPath: (p: string) => fs.promises.realpath(p),
  async list(p: string) {
    const entries = await fs.promises.readdir(p, { withFileTypes: true });
    return entries.map((e) => ({ name: e.name, kind: e.isSymbolicLink() ? ('symlink' as const) : e.isFile() ? ('file' as const) : e.isDirectory() ? ('directory' as const) : ('other' as const) }));
  },
  async read(p: string, maxBytes: number): Promise<Uint8Array> {
    const h = await fs.promises.open(p, fs.constants.O_RDONLY | (fs.constants.O_NONBLOCK ?? 0));
    try {
      if (!(await h.stat()).isFile()) throw new Error('not a regular file');
      const buf = Buffer.alloc(maxBytes);
      let n = 0;
      while (n < maxBytes) {
        const { bytesRead } = await h.read(buf, n, maxBytes - n, n);
        if (!bytesRead) break;
        n += bytesRead;
      }
      return buf.subarray(0, n);
    } finally {
      await h.close();
    }
  },
};
