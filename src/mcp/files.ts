// The one place the MCP server touches the file system: a path the agent names is resolved inside the roots the
// server was started with (symbolic links followed, so a link cannot lead out), and read with the core's reader, as
// the CLI and the editor read plans: no folders or pipes, nothing over the size limit, no binary data. Nothing is
// ever written.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { MAX_FILE_BYTES as MAX_BYTES, formatSize, readTextFile } from '../model/files';
import { nodeFileSystem, posixPath } from '../nodeFileSystem';
import { textGuard } from '../model/planText';

/** A problem with what the agent asked for: reported to it as a tool error, the server carries on. */
export class ToolInputError extends Error {}

/** The roots as real, absolute folders; a root that is not a folder is a usage error of `plan-author mcp`. */
export function realRoots(given: string[], cwd = process.cwd()): string[] {
  return (given.length ? given : [cwd]).map((g) => {
    const abs = path.resolve(cwd, g);
    let real: string;
    try {
      real = fs.realpathSync(abs);
    } catch {
      throw new Error(`no such folder: ${g}`);
    }
    if (!fs.statSync(real).isDirectory()) throw new Error(`not a folder: ${g}`);
    return real;
  });
}

const inside = (root: string, p: string) => {
  const rel = path.relative(root, p);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
};

/** The real path of `given` (relative paths are taken from the first root), refused unless it lies in a root. */
export function resolveInRoots(roots: string[], given: string): string {
  if (!given.trim()) throw new ToolInputError('the path is empty; give the path of a plan file (or the plan text as "text")');
  const p = given.startsWith('file://') ? decodeURIComponent(new URL(given).pathname) : given;
  const abs = path.resolve(roots[0], p);
  const outside = () => new ToolInputError(`${given} is outside the folders this server may read (${roots.join(', ')}); pass the plan text as "text" instead, or start the server with that folder as a root`);
  let real: string;
  try {
    real = fs.realpathSync(abs);
  } catch {
    if (!roots.some((r) => inside(r, abs))) throw outside();
    throw new ToolInputError(`no such file: ${given}`);
  }
  // Only the real path decides: a path through a symbolic link to a root is inside it.
  if (!roots.some((r) => inside(r, real))) throw outside();
  return real;
}

/**
 * The text of a plan file (`abs`, a real path inside `roots`), read as the CLI and the editor's background check read
 * it (readTextFile): a tool error for a folder, a pipe or device, a file over the size limit, or binary data.
 */
export async function readPlanFile(abs: string, shown: string, roots: string[]): Promise<string> {
  const read = await readTextFile(nodeFileSystem, posixPath(abs), { maxBytes: MAX_BYTES, roots });
  if (read.ok) return read.text;
  switch (read.why) {
    case 'not-a-file':
      throw new ToolInputError(read.kind === 'directory' ? `${shown} is a folder; give the path of one plan file` : `${shown} is not a regular file`);
    case 'too-big':
      throw new ToolInputError(`${shown} is ${read.size === undefined ? '' : `${formatSize(read.size)}, `}over the ${MAX_BYTES / 1e6} MB limit for plans: not read`);
    case 'binary':
      throw new ToolInputError(`${shown} holds binary data (NUL bytes): not a plan`);
    case 'missing':
      throw new ToolInputError(`no such file: ${shown}`);
    default:
      throw new ToolInputError(`${shown}: not read: ${read.message}`);
  }
}

/** Plan text passed inline gets the same limits as a file. */
export function checkInlineText(text: string): string {
  const guard = textGuard(text, MAX_BYTES);
  if (guard?.why === 'too-big') throw new ToolInputError(`the text is ${(guard.bytes / 1e6).toFixed(1)} MB, over the ${MAX_BYTES / 1e6} MB limit for plans`);
  if (guard?.why === 'binary') throw new ToolInputError('the text holds binary data (NUL characters): not a plan');
  return text.replace(/^\uFEFF/, '');
}
