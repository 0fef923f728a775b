// The only place that runs remark. Each chunk of the scan is parsed on its own and cached by its text, so an edit
// re-parses only the chunks it touches.
import { unified } from 'unified';
import remarkParse from 'remark-parse';
import remarkGfm from 'remark-gfm';
import type { RootContent } from 'mdast';
import type { Chunk } from './scan';

const processor = unified().use(remarkParse).use(remarkGfm).freeze();

/** Top-level mdast nodes of one chunk, positions relative to the chunk. */
export type ChunkNodes = RootContent[];

export type ChunkCache = Map<string, ChunkNodes>;

export function parseMarkdown(text: string): ChunkNodes {
  return processor.parse(text).children;
}

export function parseChunk(chunk: Chunk, definitions: string, cache: ChunkCache | undefined, next: ChunkCache): ChunkNodes {
  if (chunk.frontmatter) return [];
  const key = definitions ? `${chunk.text}\u0000${definitions}` : chunk.text;
  let nodes = cache?.get(key) ?? next.get(key);
  if (!nodes) {
    const source = definitions ? `${chunk.text}\n\n${definitions}\n` : chunk.text;
    nodes = parseMarkdown(source);
    if (definitions) {
      const inside = nodes.filter((n) => (n.position?.start.offset ?? 0) < chunk.text.length);
      // A block left open at the end of the chunk (an unclosed fence) would swallow the definitions.
      const spills = inside.some((n) => (n.position?.end.offset ?? 0) > chunk.text.length);
      nodes = spills ? parseMarkdown(chunk.text) : inside;
    }
  }
  next.set(key, nodes);
  return nodes;
}
