import { parseMarkdown } from './markdown';

// A line scan that splits a plan into chunks which remark can parse on their own with the same result as a
// whole-document parse: a chunk starts at an ATX heading that stands at column 0 outside fenced code, HTML
// blocks and front matter. Splitting only where a whole-document parse also starts a new top-level block keeps
// the chunked parse exact; when in doubt the scan does not split (a larger chunk is always correct).

export interface Chunk {
  /** First line of the chunk (0-based). */
  line: number;
  /** Offset of the chunk in the text. */
  offset: number;
  /** The chunk's text, verbatim. */
  text: string;
  /** Front matter is kept out of the markdown parse. */
  frontmatter?: boolean;
}

export interface Scan {
  chunks: Chunk[];
  /** Offsets at which each line starts. */
  lineStarts: number[];
  /** Link reference definitions found anywhere (`[id]: url`), appended to each chunk's parse. */
  definitions: string;
}

const FENCE = /^( *)(`{3,}|~{3,})(.*)$/;
const ATX = /^#{1,6}(?:[ \t]|$)/;
const HTML_RAW_START = /^ {0,3}<(script|pre|style|textarea)(?:\s|>|$)/i;
const HTML_START = /^ {0,3}<[!?/a-zA-Z]/;
const DEFINITION = /^ {0,3}\[(?:[^\]\\]|\\.)+\]:[ \t]*\S/;
/** A list item's first line: its marker and the spaces after it give the column its content starts at. */
const LIST_ITEM = /^( {0,3}(?:[-*+]|\d{1,9}[.)])( {1,4}))\S/;
/** A blank line for markdown: spaces and tabs only (a no-break space or another Unicode space is text: trim() would drop it). */
const BLANK = /^[ \t]*$/;
/** How many spaces and tabs a line opens with (its indentation for markdown; other Unicode spaces are text). */
const indentOf = (l: string): number => /^[ \t]*/.exec(l)![0].length;
/** A line that may be a table's delimiter row (`|---|`, `:--|--:`): a line of pipes, colons, hyphens and spaces. */
const DELIMITER_ROW = /^[ \t]*[|:]?[ \t]*-[-| \t:]*$/;
/**
 * Does a line that reads as a definition head a table over `next`, its delimiter row (`[a]: x` over `|---|`)? Then
 * it is the table's header, not a definition. Rare, so remark itself is asked, on the two lines alone.
 */
const startsTable = (line: string, next: string): boolean => parseMarkdown(`${line}\n${next}\n`)[0]?.type === 'table';
const SETEXT_OR_BREAK = /^ {0,3}(?:=+|-+|(?:\*[ \t]*){3,}|(?:_[ \t]*){3,}|(?:-[ \t]*){3,})[ \t]*$/;

/** Offsets at which each line starts: after LF, CRLF, or a lone CR (a line ending too, for CommonMark and editors). */
export function lineStartsOf(text: string): number[] {
  const starts = [0];
  if (text.indexOf('\r') === -1) {
    for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
    return starts;
  }
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || (c === 13 && text.charCodeAt(i + 1) !== 10)) starts.push(i + 1);
  }
  return starts;
}

/** The line holding `offset`: the last of the sorted line `starts` at or before it (binary search). */
export function lineAt(starts: number[], offset: number): number {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid] <= offset) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** Lone CRs as LFs: the same length, so every offset stays put, and every reader of lines sees the same lines. */
export function normalizeLineEnds(text: string): string {
  return text.indexOf('\r') === -1 ? text : text.replace(/\r(?!\n)/g, '\n');
}

/**
 * A chunk longer than this many characters is also cut before a paragraph that starts at column 0 after a blank
 * line (no list, quote, table, code or HTML block can continue there), so that no single remark call on a long
 * plan without headings holds the thread for long.
 */
export const SPLIT_CHARS = 20_000;
const PARAGRAPH_START = /^[^\s\-*+>|#<\[`~=_\d]/;

export function scan(text: string, splitChars = SPLIT_CHARS): Scan {
  const lineStarts = lineStartsOf(text);
  const n = lineStarts.length;
  const lineAt = (i: number) => {
    const end = i + 1 < n ? lineStarts[i + 1] - 1 : text.length;
    let s = text.slice(lineStarts[i], end);
    if (s.endsWith('\r')) s = s.slice(0, -1);
    return s;
  };
  const cuts: number[] = [0];
  let first = 0;
  let frontmatterEnd = -1;
  if (n > 1 && /^---[ \t]*$/.test(lineAt(0))) {
    for (let i = 1; i < Math.min(n, 200); i++) {
      const l = lineAt(i);
      if (/^(---|\.\.\.)[ \t]*$/.test(l)) {
        frontmatterEnd = i;
        break;
      }
    }
    if (frontmatterEnd > 0) {
      first = frontmatterEnd + 1;
      if (first < n) cuts.push(first);
    }
  }
  let fence: { char: string; len: number; indent: number; item: number } | null = null;
  // The content column of the list item the last lines belong to (0: none): a fence opened inside the item ends
  // with it, at the first line indented less than that column.
  let item = 0;
  let htmlEnd: RegExp | null = null; // an HTML block that ends at a marker
  let htmlUntilBlank = false; // an HTML block (or a paragraph that may be one) that ends at a blank line
  // A paragraph (or a list item's, a quote's, a table's text) is open: a definition line cannot interrupt it.
  let paragraph = false;
  let blank = false; // the line before was blank
  const defs: string[] = [];
  for (let i = first; i < n; i++) {
    const l = lineAt(i);
    if (fence) {
      const m = FENCE.exec(l);
      if (m && m[2][0] === fence.char && m[2].length >= fence.len && BLANK.test(m[3]) && m[1].length <= fence.indent + 3) {
        fence = null;
        continue;
      }
      // A line indented less than the list item's content closes the item, and the fence with it.
      if (!(fence.item > 0 && !BLANK.test(l) && indentOf(l) < fence.item)) continue;
      fence = null;
      item = 0;
    }
    if (htmlEnd) {
      if (htmlEnd.test(l)) htmlEnd = null;
      continue;
    }
    if (BLANK.test(l)) {
      htmlUntilBlank = false;
      paragraph = false;
      blank = true;
      continue;
    }
    const afterBlank = blank;
    blank = false;
    if (afterBlank && i > first && lineStarts[i] - lineStarts[cuts[cuts.length - 1]] > splitChars && PARAGRAPH_START.test(l) && !DEFINITION.test(l)) {
      cuts.push(i);
    }
    if (ATX.test(l) && !htmlUntilBlank) {
      if (i > first) cuts.push(i);
      paragraph = false;
      item = 0;
      continue;
    }
    const li = LIST_ITEM.exec(l);
    if (li) item = li[1].length;
    else if (item && indentOf(l) < item && !paragraph) item = 0;
    const inItem = li ? li[1].length : item;
    const f = FENCE.exec(li ? ' '.repeat(li[1].length) + l.slice(li[1].length) : l);
    if (f && !(f[2][0] === '`' && f[3].includes('`'))) {
      fence = { char: f[2][0], len: f[2].length, indent: f[1].length, item: inItem && f[1].length >= inItem ? inItem : 0 };
      paragraph = false;
      continue;
    }
    if (SETEXT_OR_BREAK.test(l)) {
      // A setext underline closes the paragraph it underlines; a thematic break stands alone.
      paragraph = false;
      continue;
    }
    if (HTML_RAW_START.test(l)) {
      const tag = HTML_RAW_START.exec(l)![1].toLowerCase();
      const end = new RegExp(`</${tag}>`, 'i');
      if (!end.test(l.slice(l.indexOf('<') + 1))) htmlEnd = end;
      continue;
    }
    const t = l.trimStart();
    if (t.startsWith('<!--')) {
      if (!t.slice(4).includes('-->')) htmlEnd = /-->/;
      else htmlUntilBlank = true;
      continue;
    }
    if (t.startsWith('<?')) {
      if (!t.includes('?>')) htmlEnd = /\?>/;
      continue;
    }
    if (t.startsWith('<![CDATA[')) {
      if (!t.includes(']]>')) htmlEnd = /\]\]>/;
      continue;
    }
    if (HTML_START.test(l)) {
      htmlUntilBlank = true;
      continue;
    }
    // A definition starts only where no paragraph is open (otherwise the line is the paragraph's text). A line that
    // may be a definition keeps the state as it is: definitions may follow one another.
    if (DEFINITION.test(l) && !paragraph && !(i + 1 < n && DELIMITER_ROW.test(lineAt(i + 1)) && startsTable(l, lineAt(i + 1)))) defs.push(l);
    else paragraph = true;
  }
  const chunks: Chunk[] = [];
  for (let k = 0; k < cuts.length; k++) {
    const line = cuts[k];
    const endLine = k + 1 < cuts.length ? cuts[k + 1] : n;
    const offset = lineStarts[line];
    const end = endLine < n ? lineStarts[endLine] : text.length;
    const chunk: Chunk = { line, offset, text: text.slice(offset, end) };
    if (k === 0 && frontmatterEnd > 0) chunk.frontmatter = true;
    chunks.push(chunk);
  }
  return { chunks, lineStarts, definitions: defs.join('\n') };
}
