// What the editor, the background check of the workspace, the language-model tools, the MCP server and the CLI ask
// of a markdown text before checking it: does it read as a plan, and is it too big or binary to check. One answer
// each, here. Small and free of heavy imports: the extension bundles it directly (deciding whether an opened
// markdown file is a plan must not load the parser).
import type { PlanModel } from './types';

/** How much of the start of a text is searched for its first `# ` heading. */
export const PLAN_HEAD_CHARS = 4000;

/** A first heading that names a plan: `# Plan…`, `# PIR Plan…`, `# Implementation plan…`. */
const PLAN_TITLE = /^#[ \t]+(?:(?:pir|implementation)[ \t]+)?plan\b/i;

/** Does the text's first `# ` heading (within its first PLAN_HEAD_CHARS characters) name it a plan? */
export function hasPlanTitle(text: string): boolean {
  const first = /^#[ \t].*$/m.exec(text.slice(0, PLAN_HEAD_CHARS));
  return !!first && PLAN_TITLE.test(first[0]);
}

/**
 * Does markdown found by a search (the workspace's planGlobs, a folder given to the CLI) read as a plan once parsed:
 * it has phases or steps, or a plan title. A file nobody claimed to be a plan is left alone otherwise.
 */
export function readsAsPlan(model: Pick<PlanModel, 'phases' | 'steps'>, text: string): boolean {
  return model.phases.length > 0 || model.steps.length > 0 || hasPlanTitle(text);
}

/**
 * Is an opened markdown document a plan (the editor decides before parsing): it matches the plan globs, or its
 * first heading names it a plan. `head`: the start of its text, asked for only when the globs do not match.
 */
export function isPlanDocument(matchesPlanGlobs: boolean, head: () => string): boolean {
  return matchesPlanGlobs || hasPlanTitle(head());
}

/** UTF-8 length of a string in bytes, without encoding it. */
export function utf8Length(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length && (s.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      n += 4;
      i++;
    } else n += 3;
  }
  return n;
}

/**
 * The UTF-8 size of a text when it is over `maxBytes`, else undefined: the editor's limit counted as the
 * CLI counts a file on disk (a text of at most maxBytes / 3 characters cannot be over it, and is not measured).
 */
export function bytesOver(text: string, maxBytes: number): number | undefined {
  if (text.length * 3 <= maxBytes) return undefined;
  const bytes = utf8Length(text);
  return bytes > maxBytes ? bytes : undefined;
}

export type TextGuard = { why: 'too-big'; bytes: number; maxBytes: number } | { why: 'binary' };

/**
 * Why a text in memory (an open document, a text an agent sends) is not checked, or undefined: over `maxBytes`
 * bytes of UTF-8 (as on disk: the same limit as readTextFile's), or binary (NUL characters).
 */
export function textGuard(text: string, maxBytes: number): TextGuard | undefined {
  const bytes = bytesOver(text, maxBytes);
  if (bytes !== undefined) return { why: 'too-big', bytes, maxBytes };
  if (text.includes('\u0000')) return { why: 'binary' };
  return undefined;
}
