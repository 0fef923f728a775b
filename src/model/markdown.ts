// The only place that runs remark. Each chunk of the scan is parsed on its own and cached by its text, so an edit
// re-parses only the chunks it touches. A chunk whose last block stays open at its end (an unclosed fence, an HTML
// block not ended by a blank line) may swallow the next chunk's heading in a whole-document parse: such a chunk
// "spills", and the caller merges it with the next one, so the result always equals a whole-document parse.
import { unified } from 'unified';
import remarkParse from 'remark-parse';
import remarkGfm from 'remark-gfm';
import type { RootContent } from 'mdast';
import type { Chunk } from './scan';

const processor = unified().use(remarkParse).use(remarkGfm).freeze();

/** Top-level mdast nodes of one chunk, positions relative to the chunk. */
export interface ChunkParse {
  nodes: RootContent[];
  spills: boolean;
}

export type ChunkCache = Map<string, ChunkParse>;

export function parseMarkdown(text: string): RootContent[] {
  return processor.parse(text).children;
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

export function parseChunk(chunk: Chunk, definitions: string, cache: ChunkCache | undefined, next: ChunkCache): ChunkParse {
  if (chunk.frontmatter) return { nodes: [], spills: false };
  const key = definitions ? `${chunk.text}\u0000${definitions}` : chunk.text;
  let parsed = cache?.get(key) ?? next.get(key);
  if (!parsed) {
    let nodes = parseMarkdown(chunk.text);
    const spills = spillsOver(nodes, chunk.text);
    if (definitions && !spills) {
      // Link and footnote definitions elsewhere in the document change how references read; parse with them.
      const withDefs = parseMarkdown(`${chunk.text}\n\n${definitions}\n`).filter((n) => (n.position?.start.offset ?? 0) < chunk.text.length);
      if (!withDefs.some((n) => (n.position?.end.offset ?? 0) > chunk.text.length)) nodes = withDefs;
    }
    parsed = { nodes, spills };
  }
  next.set(key, parsed);
  return parsed;
}
