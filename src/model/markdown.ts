// The only place that runs remark. Each chunk of the scan is parsed on its own and cached by its text, so an edit
// re-parses only the chunks it touches. A chunk whose last block stays open at its end (an unclosed fence, an HTML
// block not ended by a blank line) may swallow the next chunk's heading in a whole-document parse: such a chunk
// "spills", and the caller merges it with the next one, so the result always equals a whole-document parse.
import { unified } from 'unified';
import remarkParse from 'remark-parse';
import { gfmTable } from 'micromark-extension-gfm-table';
import { gfmTaskListItem } from 'micromark-extension-gfm-task-list-item';
import { gfmTableFromMarkdown } from 'mdast-util-gfm-table';
import { gfmTaskListItemFromMarkdown } from 'mdast-util-gfm-task-list-item';
import type { Root, RootContent } from 'mdast';
import type { Chunk } from './scan';

// Of GFM, only what the model reads: tables and task-list items. (The whole of GFM would add autolink literals,
// whose transform is quadratic on a long paragraph, and footnotes and strikethrough, which no rule reads.)
const processor = unified()
  .use(remarkParse)
  .use(function gfmSubset() {
    const data = this.data();
    (data.micromarkExtensions ??= []).push(gfmTable(), gfmTaskListItem());
    (data.fromMarkdownExtensions ??= []).push(gfmTableFromMarkdown(), gfmTaskListItemFromMarkdown());
  })
  .freeze();

/**
 * Block containers (`>` and list markers) nest at most this deep on one line: micromark's cost grows with the square
 * of the depth (a 4 KB line of `- ` takes seconds) and a deep tree overflows recursive walks. The marker that would
 * open the next level is read as text (same length, so positions stay put); no real plan nests this deep.
 */
export const MAX_NESTING = 32;
const NEUTRAL = '\u2063'; // INVISIBLE SEPARATOR: plain text to micromark, one UTF-16 unit like the marker it stands for

/** `text` with every line's container prefix cut at MAX_NESTING levels; the same string when no line nests that deep. */
export function limitNesting(text: string): string {
  let out: string[] | undefined;
  let last = 0;
  const n = text.length;
  for (let start = 0; start < n; ) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = n;
    let i = start;
    let depth = 0;
    let cut = -1;
    while (i < end) {
      const c = text.charCodeAt(i);
      if (c === 32 || c === 9) {
        i++;
        continue;
      }
      let marker = 0;
      if (c === 62 /* > */) marker = 1;
      else if ((c === 45 || c === 42 || c === 43) /* - * + */ && (i + 1 === end || text[i + 1] === ' ' || text[i + 1] === '\t')) marker = 1;
      else if (c >= 48 && c <= 57) {
        let j = i;
        while (j < end && j - i < 9 && text.charCodeAt(j) >= 48 && text.charCodeAt(j) <= 57) j++;
        if ((text[j] === '.' || text[j] === ')') && (j + 1 === end || text[j + 1] === ' ' || text[j + 1] === '\t')) marker = j + 1 - i;
      }
      if (!marker) break;
      if (++depth > MAX_NESTING) {
        cut = i;
        break;
      }
      i += marker;
    }
    // A line of dashes or stars with spaces is a thematic break, not a list: leave it alone.
    if (cut >= 0 && !/^[ \t]*([-*_])(?:[ \t]*\1){2,}[ \t]*\r?$/.test(text.slice(start, end))) {
      (out ??= []).push(text.slice(last, cut), NEUTRAL);
      last = cut + 1;
    }
    start = end + 1;
  }
  if (!out) return text;
  out.push(text.slice(last));
  return out.join('');
}

/** Top-level mdast nodes of one chunk, positions relative to the chunk. */
export interface ChunkParse {
  nodes: RootContent[];
  spills: boolean;
  /** A line nested deeper than MAX_NESTING was cut. */
  cut?: boolean;
}

export type ChunkCache = Map<string, ChunkParse>;

/** Characters handed to remark since the process started, and the most in one call (the tests bound the parse's cost with them). */
export const parseStats = { chars: 0, largest: 0 };

export function parseMarkdown(text: string): RootContent[] {
  parseStats.chars += text.length;
  parseStats.largest = Math.max(parseStats.largest, text.length);
  // micromark drops a byte order mark that starts its input, and with it one offset of every position after it. A
  // space in its place keeps every position that of the text, and reads as the mark does: "\uFEFF# Plan" is a
  // heading. (A chunk starts with one at the start of the text, or on the line after front matter.)
  const input = text.charCodeAt(0) === 0xfeff ? ` ${text.slice(1)}` : text;
  return (processor.parse(limitNesting(input)) as Root).children;
}

const CLOSING_FENCE = /^ {0,3}(`{3,}|~{3,})[ \t]*$/;

/** Does the last block of `text` stay open at its end? */
function spillsOver(nodes: RootContent[], text: string): boolean {
  const last = nodes[nodes.length - 1];
  if (!last?.position) return false;
  const end = last.position.end.offset ?? 0;
  // A block still open at the end of the text takes in its final line end (an unclosed fence in a list item).
  if (end >= text.length && text.endsWith('\n')) return true;
  const tail = text.slice(end);
  if (last.type === 'html') {
    // HTML blocks of most kinds end at a blank line: without one after it, the next heading may belong to it.
    return !/\n[ \t]*\n/.test(tail);
  }
  if (last.type === 'code') {
    const start = last.position.start.offset ?? 0;
    const src = text.slice(start, end);
    const open = /^ {0,3}(`{3,}|~{3,})/.exec(src);
    if (!open) return false;
    const lines = src.split('\n');
    const close = CLOSING_FENCE.exec(lines[lines.length - 1]);
    return !(lines.length > 1 && close && close[1][0] === open[1][0] && close[1].length >= open[1].length);
  }
  return false;
}

/** A link label as micromark compares labels: whitespace runs as one space, trimmed, case-folded. */
function labelKey(label: string): string {
  return label.replace(/[\t\n\r ]+/g, ' ').replace(/^ | $/g, '').toLowerCase().toUpperCase().toLowerCase();
}

/** The labels the definition lines define, read once per definitions text. */
let defined: { definitions: string; keys: Set<string> } | undefined;
function definedKeys(definitions: string): Set<string> {
  if (defined?.definitions !== definitions) {
    const keys = new Set<string>();
    for (const n of parseMarkdown(definitions)) if (n.type === 'definition') keys.add(n.identifier);
    defined = { definitions, keys };
  }
  return defined.keys;
}

/**
 * Stand-in definitions (`[label]: x`) for the labels in brackets in `text` that the definition lines define: what a
 * parse with every definition appended reads in the text (a reference is a link when its label is defined; the model
 * reads no URL), at a cost of the text's own length. Appending every definition to every chunk cost the number of
 * chunks times the length of the definitions, in time and in the cache's keys.
 */
export function standInDefinitions(text: string, definitions: string): string {
  const keys = definedKeys(definitions);
  if (!keys.size) return '';
  const out = new Set<string>();
  const add = (label: string) => {
    if (label.length <= 999 && keys.has(labelKey(label))) out.add(`[${label}]: x`);
  };
  let open = -1;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 92 /* \ */) i++;
    else if (c === 91 /* [ */) open = i;
    else if (c === 93 /* ] */ && open >= 0) {
      const label = text.slice(open + 1, i);
      open = -1;
      add(label);
      // A label over lines of a quote or a nested list: its container marks are not part of it.
      if (label.includes('\n')) add(label.replace(/\n[ \t>\u2063]*/g, '\n'));
    }
  }
  // Apart, so that no stand-in runs into the next.
  return [...out].join('\n\n');
}

export function parseChunk(chunk: Chunk, allDefinitions: string, cache: ChunkCache | undefined, next: ChunkCache): ChunkParse {
  if (chunk.frontmatter) return { nodes: [], spills: false };
  const definitions = allDefinitions && standInDefinitions(chunk.text, allDefinitions);
  const key = definitions ? `${chunk.text}\u0000${definitions}` : chunk.text;
  let parsed = cache?.get(key) ?? next.get(key);
  if (!parsed) {
    let nodes = parseMarkdown(chunk.text);
    const spills = spillsOver(nodes, chunk.text);
    const cut = limitNesting(chunk.text) !== chunk.text;
    if (definitions && !spills) {
      // Link and footnote definitions elsewhere in the document change how references read; parse with them.
      const withDefs = parseMarkdown(`${chunk.text}\n\n${definitions}\n`).filter((n) => (n.position?.start.offset ?? 0) < chunk.text.length);
      if (!withDefs.some((n) => (n.position?.end.offset ?? 0) > chunk.text.length)) nodes = withDefs;
    } else if (definitions) {
      // A chunk left open at its end (the last one, an unclosed fence) would take in definitions put after it: put
      // them before it, and move the positions back.
      const prefix = `${definitions}\n\n`;
      const lines = prefix.split('\n').length - 1;
      nodes = parseMarkdown(prefix + chunk.text).filter((n) => (n.position?.start.offset ?? 0) >= prefix.length);
      type Point = { line: number; offset?: number };
      type Positioned = { position?: { start: Point; end: Point }; children?: Positioned[] };
      const moved = new Set<Point>();
      const shift = (n: Positioned): void => {
        for (const p of [n.position?.start, n.position?.end]) {
          if (!p || moved.has(p)) continue;
          moved.add(p);
          p.line -= lines;
          if (p.offset !== undefined) p.offset -= prefix.length;
        }
        for (const c of n.children ?? []) shift(c);
      };
      for (const n of nodes) shift(n as Positioned);
    }
    parsed = cut ? { nodes, spills, cut } : { nodes, spills };
  }
  next.set(key, parsed);
  return parsed;
}
