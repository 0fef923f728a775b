// parsePlan: text → PlanModel. The text is split into chunks (see scan.ts); each chunk is parsed by remark once and
// cached by its text, so `parsePlan(text, { previous })` re-parses only the chunks an edit touched.
import type { ParseOptions, PlanModel } from './types';
import { scan, type Chunk } from './scan';
import { parseChunk, type ChunkCache } from './markdown';
import { buildModel } from './build';

const caches = new WeakMap<PlanModel, ChunkCache>();

export interface InternalParseOptions extends ParseOptions {
  /** Parse the document in one remark call instead of chunks (tests compare both). */
  wholeDocument?: boolean;
}

export function parsePlan(text: string, options: InternalParseOptions = {}): PlanModel {
  const s = scan(text);
  let chunks: Chunk[] = s.chunks;
  let definitions = s.definitions;
  if (options.wholeDocument) {
    const fm = chunks[0]?.frontmatter ? [chunks[0]] : [];
    const rest = chunks.slice(fm.length);
    chunks = rest.length ? [...fm, { line: rest[0].line, offset: rest[0].offset, text: text.slice(rest[0].offset) }] : fm;
    definitions = '';
  }
  const previous = options.previous ? caches.get(options.previous) : undefined;
  const next: ChunkCache = new Map();
  const nodes = chunks.map((c) => parseChunk(c, definitions, previous, next));
  const model = buildModel({ text, lineStarts: s.lineStarts, chunks, nodes, preset: options.preset });
  caches.set(model, next);
  return model;
}
