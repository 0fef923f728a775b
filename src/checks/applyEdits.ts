// Applying a fix's text edits to a plan's text, without an editor: the CLI, the tests and "Fix all" use it.
// Positions are 0-based (line, UTF-16 character) as in the model; positions past the end of a line or of the text
// are clamped to it, as an editor does.
import type { Position, Range } from '../model/types';
import type { Finding, Fix, TextEdit } from './types';
import { lineStartsOf } from '../model/scan';

/** Offset of every line start in `text` (after LF, CRLF or a lone CR, as the parser counts lines). */
export function lineStarts(text: string): number[] {
  return lineStartsOf(text);
}

/** The offset of `p` in `text`, clamped to the line (before its line end) and to the text. */
export function offsetAt(text: string, p: Position, starts = lineStarts(text)): number {
  if (p.line < 0) return 0;
  if (p.line >= starts.length) return text.length;
  const start = starts[p.line];
  let end = p.line + 1 < starts.length ? starts[p.line + 1] - 1 : text.length;
  if (end > start && text.charCodeAt(end - 1) === 13 && p.line + 1 < starts.length) end--;
  return Math.min(start + Math.max(0, p.character), end);
}

interface Span {
  start: number;
  end: number;
  newText: string;
  order: number;
}

function spans(text: string, edits: TextEdit[], starts = lineStarts(text)): Span[] {
  return edits.map((e, order) => {
    const a = offsetAt(text, e.range.start, starts);
    const b = offsetAt(text, e.range.end, starts);
    return { start: Math.min(a, b), end: Math.max(a, b), newText: e.newText, order };
  });
}

/** True when two edits touch the same text: replaced ranges intersect, or an insertion falls strictly inside a replaced range. */
function overlaps(a: Span, b: Span): boolean {
  if (a.start === a.end && b.start === b.end) return false;
  if (a.start === a.end) return a.start > b.start && a.start < b.end;
  if (b.start === b.end) return b.start > a.start && b.start < a.end;
  return a.start < b.end && b.start < a.end;
}

/**
 * Applies `edits` (all relative to the original `text`). Edits at the same insertion point keep their order.
 * Throws when two edits overlap.
 */
export function applyEdits(text: string, edits: TextEdit[]): string {
  const list = spans(text, edits).sort((a, b) => a.start - b.start || a.end - b.end || a.order - b.order);
  for (let i = 1; i < list.length; i++) {
    if (overlaps(list[i - 1], list[i]) || list[i].start < list[i - 1].end) throw new Error('applyEdits: overlapping edits');
  }
  let out = '';
  let at = 0;
  for (const s of list) {
    out += text.slice(at, s.start) + s.newText;
    at = s.end;
  }
  return out + text.slice(at);
}

/**
 * Of several groups of edits (one group per fix), the groups that can be applied together: taken in the given
 * order, a group is dropped when any of its edits overlaps an edit of a group already taken.
 */
export function compatibleGroups<T extends { edits: TextEdit[] }>(text: string, groups: T[]): T[] {
  const starts = lineStarts(text);
  const taken: Span[] = [];
  const out: T[] = [];
  for (const g of groups) {
    const mine = spans(text, g.edits, starts);
    const clash = mine.some((s, i) => taken.some((t) => overlaps(s, t)) || mine.some((o, j) => j !== i && overlaps(s, o)));
    if (clash) continue;
    taken.push(...mine);
    out.push(g);
  }
  return out;
}

/** Two ranges are equal once clamped to `text`. */
export function sameRange(text: string, a: Range, b: Range, starts = lineStarts(text)): boolean {
  return offsetAt(text, a.start, starts) === offsetAt(text, b.start, starts) && offsetAt(text, a.end, starts) === offsetAt(text, b.end, starts);
}

/**
 * "Fix all": the preferred fix of every finding of `code` (of every code when undefined), each once (several
 * findings may share one fix, as a regenerated map fixes every map finding), without fixes that overlap an earlier one.
 */
export function fixAll(text: string, findings: Finding[], code?: string): { fixes: Fix[]; edits: TextEdit[] } {
  const unique: Fix[] = [];
  const seen = new Set<string>();
  for (const f of findings) {
    if (code !== undefined && f.code !== code) continue;
    const fix = f.fixes?.find((x) => x.preferred);
    if (!fix) continue;
    const key = JSON.stringify(fix.edits);
    if (seen.has(key)) continue;
    seen.add(key);
    unique.push(fix);
  }
  const fixes = compatibleGroups(text, unique);
  return { fixes, edits: fixes.flatMap((f) => f.edits) };
}
