// parsePlan: text → PlanModel. The text is split into chunks (see scan.ts); each chunk is parsed by remark once and
// cached by its text, so `parsePlan(text, { previous })` re-parses only the chunks an edit touched.
import type { ParseOptions, PlanModel } from './types';
import type { RootContent } from 'mdast';
import { scan, normalizeLineEnds, type Chunk } from './scan';
import { parseChunk, MAX_NESTING, type ChunkCache } from './markdown';
import { buildModel } from './build';
import { runSteps, runStepsSliced, type Slicing } from './steps';

const caches = new WeakMap<PlanModel, ChunkCache>();

export interface InternalParseOptions extends ParseOptions {
  /** Parse the document in one remark call instead of chunks (tests compare both). */
  wholeDocument?: boolean;
  /** Cut long chunks before paragraphs past this many characters (see scan.ts; the tests use small values). */
  splitChars?: number;
}

/** Above this many characters the editor parses and checks a plan in slices (parsePlanAsync, checkPlanAsync). */
export const SLICED_PARSE_CHARS = 150_000;

/** `a` joined with `rest[from..to]` (inclusive). */
function mergeRange(a: Chunk, rest: Chunk[], from: number, to: number): Chunk {
  let text = a.text;
  for (let k = from; k <= to; k++) text += rest[k].text;
  return { line: a.line, offset: a.offset, text };
}

export function parsePlan(text: string, options: InternalParseOptions = {}): PlanModel {
  return runSteps(parseSteps(text, options));
}

/**
 * The same parse, giving the thread back every `sliceMs` (between chunks) so that a large plan never blocks the
 * extension host for long. Resolves to undefined when `isCancelled()` turns true (a newer version arrived).
 */
export function parsePlanAsync(text: string, options: InternalParseOptions & Slicing = {}): Promise<PlanModel | undefined> {
  return runStepsSliced(parseSteps(text, options), options);
}

/** The parse as a generator that yields after each chunk. */
function* parseSteps(raw: string, options: InternalParseOptions): Generator<void, PlanModel> {
  // A lone CR ends a line as LF does (CommonMark, editors); read as LF, offsets and positions stay those of `raw`.
  const text = normalizeLineEnds(raw);
  const s = scan(text, options.splitChars);
  let pending: Chunk[] = s.chunks;
  let definitions = s.definitions;
  if (options.wholeDocument) {
    const fm = pending[0]?.frontmatter ? [pending[0]] : [];
    const rest = pending.slice(fm.length);
    pending = rest.length ? [...fm, { line: rest[0].line, offset: rest[0].offset, text: text.slice(rest[0].offset) }] : fm;
    definitions = '';
  }
  const previous = options.previous ? caches.get(options.previous) : undefined;
  const next: ChunkCache = new Map();
  const chunks: Chunk[] = [];
  const nodes: RootContent[][] = [];
  let cut = false;
  for (let i = 0; i < pending.length; i++) {
    let chunk = pending[i];
    let parsed = parseChunk(chunk, definitions, previous, next);
    // A chunk left open at its end joins the chunks after it, until the block closes or the text ends. The number
    // joined doubles at each try, so that a run of chunks that all spill costs about two parses of their text, not
    // one parse per chunk of an ever longer text (quadratic).
    for (let take = 1; parsed.spills && i + 1 < pending.length; take *= 2) {
      const upTo = Math.min(pending.length - 1, i + take);
      chunk = mergeRange(chunk, pending, i + 1, upTo);
      i = upTo;
      yield;
      parsed = parseChunk(chunk, definitions, previous, next);
    }
    chunks.push(chunk);
    nodes.push(parsed.nodes);
    if (parsed.cut) cut = true;
    yield;
  }
  const limits = cut ? [`lines nested more than ${MAX_NESTING} levels deep (quotes, lists) were read as text from there on`] : undefined;
  const model = buildModel({ text, lineStarts: s.lineStarts, chunks, nodes, preset: options.preset, limits });
  caches.set(model, next);
  return model;
}
