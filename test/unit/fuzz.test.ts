// Property tests with fast-check on generated plans: the hostile shapes of bench/hostile.ts at small sizes, mixed
// with odd markdown (fences, HTML, definitions, deep nesting, CR/CRLF/LF mixes, zero-width and bidi characters), and
// random edits of the corpus. Properties: parsing and checking never throw; every range lies inside the document;
// the incremental, the chunked and the whole-document parses are equal; a quick fix changes the text only inside
// the ranges it edits (chunks are also cut finely, as a long plan without headings is). `npm test` runs 2,000 cases in all; `npm run fuzz` runs 100,000 (PLAN_AUTHOR_FUZZ_RUNS) and
// prints the slowest case.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { appendFileSync, existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import fc from 'fast-check';
import { parsePlan, checkPlan } from '../../src/model/index';
import { applyEdits, offsetAt, lineStarts } from '../../src/checks/applyEdits';
import type { PlanModel, Range } from '../../src/model/types';
import { SHAPES } from '../../bench/hostile';

const TOTAL = Number(process.env.PLAN_AUTHOR_FUZZ_RUNS || 2000);
const PROGRESS = process.env.PLAN_AUTHOR_FUZZ_PROGRESS;
// npm test runs a fixed seed, so that its result does not depend on luck; npm run fuzz draws a new one each run
// unless PLAN_AUTHOR_FUZZ_SEED gives it.
// `npm run fuzz` splits the cases among processes, one per core: this one runs part I of N (PLAN_AUTHOR_FUZZ_PART=I/N,
// 0-based), its share of each property's cases, with the seed plus I.
const [PART, PARTS] = /^(\d+)\/(\d+)$/.exec(process.env.PLAN_AUTHOR_FUZZ_PART ?? '')?.slice(1).map(Number) ?? [0, 1];
const GIVEN_SEED = process.env.PLAN_AUTHOR_FUZZ_SEED ? Number(process.env.PLAN_AUTHOR_FUZZ_SEED) : process.env.PLAN_AUTHOR_FUZZ_RUNS ? undefined : 20261202;
const SEED = GIVEN_SEED === undefined ? undefined : GIVEN_SEED + PART;
/** This part's share of `n` cases. */
const share = (n: number) => Math.floor(n / PARTS) + (PART < n % PARTS ? 1 : 0);

// The corpus beside the repository (../shared), or beside the folder of worktrees, or where PLAN_AUTHOR_CORPUS says.
const corpusDir = [process.env.PLAN_AUTHOR_CORPUS ?? '', resolve(__dirname, '../../../../shared/corpus/plans'), resolve(__dirname, '../../../../../shared/corpus/plans')].find(
  (d) => d && existsSync(d),
);
const fixtures = resolve(__dirname, '../../../test/fixtures/model');
const sources: string[] = [
  ...readdirSync(fixtures).map((f) => readFileSync(join(fixtures, f), 'utf8')),
  ...(corpusDir ? readdirSync(corpusDir).map((f) => readFileSync(join(corpusDir, f), 'utf8')) : []),
];

const id = fc.oneof(fc.integer({ min: 0, max: 30 }).map(String), fc.constantFrom('2a', '2b', '1.5', '10', '999'));
const deps = fc.oneof(
  fc.constant('None'),
  fc.constant('All previous phases'),
  fc.array(id, { minLength: 1, maxLength: 6 }).map((ids) => ids.map((x) => `Phase ${x}`).join(', ')),
  fc.tuple(id, id).map(([a, b]) => `Phases ${a}-${b}`),
  fc.string({ maxLength: 20 }),
);
const weird = fc.constantFrom('\u200b', '\u200d', '\ufeff', '\u202e', '\u2066', '\u2069', '\u00a0', '\t', '\\', '`', '<', '&', '\u0085', '\u2028');
const fragment = fc.oneof(
  { weight: 4, arbitrary: fc.tuple(fc.integer({ min: 2, max: 4 }), id, fc.string({ maxLength: 12 })).map(([l, i, t]) => `${'#'.repeat(l)} Phase ${i}: ${t}`) },
  { weight: 4, arbitrary: deps.map((d) => `**Dependencies**: ${d}`) },
  { weight: 2, arbitrary: fc.constantFrom('```', '~~~', '```json', '- ```', '  ```', '````', '<!--', '-->', '<div>', '</div>', '<pre>', '---', '***', '===') },
  { weight: 2, arbitrary: fc.tuple(fc.constantFrom('>', '- ', '> - ', '1. ', '* '), fc.integer({ min: 1, max: 60 })).map(([m, n]) => `${m.repeat(n)}x`) },
  { weight: 1, arbitrary: fc.constantFrom('[a]: https://example.com', '[a]', '[^1]: note', 'see [a] and [b][a]', '| a | b |', '|---|---|', '| 1 | 2 |', '- [ ] todo', '- [x] done') },
  { weight: 1, arbitrary: fc.constantFrom('## Dependency Map', '## Phases (Machine Readable)', '## Metadata', '**ID**: 0001', 'Phase 1 ──→ Phase 2', 'Phases 1-3 → Phase 4', 'flowchart TD', 'P1-->P2', '{"phases": [{"id": "phase_1", "title": "A"}]}') },
  { weight: 1, arbitrary: fc.integer({ min: 1, max: 200 }).map((n) => `${'['.repeat(n)}${']'.repeat(n % 7 ? n : 0)}`) },
  { weight: 2, arbitrary: fc.string({ maxLength: 40 }) },
  { weight: 1, arbitrary: fc.array(weird, { maxLength: 6 }).map((a) => a.join('')) },
  { weight: 1, arbitrary: fc.constant('') },
);
const eol = fc.constantFrom('\n', '\n', '\n', '\r\n', '\r');
const generated = fc.array(fc.tuple(fragment, eol), { maxLength: 40 }).map((parts) => `# Plan: Fuzz\n\n${parts.map(([f, e]) => f + e).join('')}`);
const hostile = fc.tuple(fc.constantFrom(...SHAPES), fc.integer({ min: 1, max: 12 })).map(([s, n]) => s.make(s.name === 'map ranges' ? 2 * n : n));
const corpusEdit = fc
  .tuple(fc.integer({ min: 0, max: sources.length - 1 }), fc.nat(), fc.nat({ max: 300 }), fc.oneof(fragment, fc.string({ maxLength: 30 })), eol)
  .map(([k, at, del, insert, e]) => {
    const t = sources[k];
    const p = at % (t.length + 1);
    return t.slice(0, p) + insert + e + t.slice(p + del);
  });
/** A document and an edit of it (for the incremental parse). */
const edit = fc.tuple(fc.nat(), fc.nat({ max: 40 }), fc.oneof(fragment, fc.constantFrom('\n', '```\n', '# ', '[a]: x\n')));

// Warm up (the first check compiles every rule), so that the slowest case reported is a case, not the start-up.
checkPlan(parsePlan(sources[0]), { text: sources[0] });
let slowest = { ms: 0, text: '' };
let cases = 0;

function inside(text: string, model: PlanModel, r: Range, what: string) {
  const starts = lineStarts(text);
  for (const p of [r.start, r.end]) {
    assert.ok(p.line >= 0 && p.line < model.lineCount && model.lineCount === starts.length, `${what}: line ${p.line} of ${model.lineCount}`);
    const end = p.line + 1 < starts.length ? starts[p.line + 1] : text.length;
    assert.ok(p.character >= 0 && starts[p.line] + p.character <= end, `${what}: character ${p.character} past line ${p.line}`);
  }
  assert.ok(r.start.line < r.end.line || (r.start.line === r.end.line && r.start.character <= r.end.character), `${what}: range ends before it starts`);
}

function property(text: string, [at, del, insert]: [number, number, string]) {
  const t0 = performance.now();
  cases++;
  const model = parsePlan(text);
  const whole = parsePlan(text, { wholeDocument: true } as never);
  assert.deepEqual(model, whole, 'chunked and whole-document parses differ');
  // Chunks also cut before every paragraph that follows a blank line (as a long plan without headings is cut).
  const fine = parsePlan(text, { splitChars: 1 } as never);
  assert.deepEqual(fine, whole, 'finely chunked and whole-document parses differ');
  const findings = checkPlan(model, { text, fileName: '0001-fuzz.md' });
  for (const p of model.phases) inside(text, model, p.range, `phase ${p.id}`);
  for (const f of findings) {
    inside(text, model, f.range, f.code);
    for (const fix of f.fixes ?? []) {
      // A fix changes the text only inside the ranges it edits (positions past a line's end are clamped to it).
      const starts = lineStarts(text);
      const spans = fix.edits.map((e) => [offsetAt(text, e.range.start, starts), offsetAt(text, e.range.end, starts)]);
      const lo = Math.min(...spans.map((s) => s[0]));
      const hi = Math.max(...spans.map((s) => s[1]));
      const out = applyEdits(text, fix.edits);
      assert.equal(out.slice(0, lo), text.slice(0, lo), `${f.code}: "${fix.title}" changed text before its edits`);
      assert.equal(out.slice(out.length - (text.length - hi)), text.slice(hi), `${f.code}: "${fix.title}" changed text after its edits`);
    }
  }
  // An edit, parsed incrementally from the previous model, equals a fresh whole-document parse.
  const p = at % (text.length + 1);
  const edited = text.slice(0, p) + insert + text.slice(p + del);
  const incremental = parsePlan(edited, { previous: model });
  const editedWhole = parsePlan(edited, { wholeDocument: true } as never);
  assert.deepEqual(incremental, editedWhole, 'incremental and whole-document parses differ');
  assert.deepEqual(parsePlan(edited, { previous: fine, splitChars: 1 } as never), editedWhole, 'finely chunked incremental and whole-document parses differ');
  const ms = performance.now() - t0;
  if (ms > slowest.ms) slowest = { ms, text };
  // The test runner shows a test's output when it ends: progress of a long run goes to a file when asked.
  if (PROGRESS && cases % 1000 === 0) appendFileSync(PROGRESS, `${new Date().toISOString()} part ${PART + 1}/${PARTS}: ${cases} cases passed; slowest ${slowest.ms.toFixed(0)} ms\n`);
}

// A time limit that stops a hang, not a long run: a case of a corpus edit costs up to half a second on a small
// machine, so each case is given two seconds.
const failed = new Set<string>();
const run = (name: string, arb: fc.Arbitrary<string>, fraction: number) => {
  const numRuns = share(Math.round(TOTAL * fraction));
  test(`${name} (${numRuns} cases)`, { timeout: Math.max(600_000, numRuns * 2000) }, () => {
    fc.assert(
      fc.property(arb, edit, (text, e) => {
        try {
          property(text, e);
        } catch (err) {
          // A long run's first failure of each property goes to the progress file at once (the runner reports it at
          // the end, after shrinking), so that a run stopped early still tells what it found.
          if (PROGRESS && !failed.has(name)) {
            failed.add(name);
            appendFileSync(PROGRESS, `${new Date().toISOString()} part ${PART + 1}/${PARTS}: ${name} FAILED at case ${cases}: ${String((err as Error).message).split('\n')[0]}; case ${JSON.stringify([text.slice(0, 2000), e])}\n`);
          }
          throw err;
        }
      }),
      { numRuns, seed: SEED, endOnFailure: false },
    );
  });
};

run('generated plans', generated, 0.5);
run('hostile shapes at small sizes', hostile, 0.1);
run('random edits of the corpus', corpusEdit, 0.4);

after(() => {
  const head = JSON.stringify(slowest.text.slice(0, 160));
  console.log(`fuzz${PARTS > 1 ? ` part ${PART + 1}/${PARTS}` : ''}: ${cases} cases; slowest ${slowest.ms.toFixed(0)} ms (${slowest.text.length} characters, starting ${head})`);
});
