// The editor parses and checks a large plan in slices (parsePlanAsync, checkPlanAsync) so that the extension host
// keeps answering: the results are exactly those of parsePlan and checkPlan, the thread is given back between the
// steps, and a newer version of the text cancels the work. `npm run bench` prints the longest stretch held.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parsePlan, parsePlanAsync, checkPlan, checkPlanAsync, RULES } from '../../src/model/index';
import { SHAPES } from '../../bench/hostile';
import { sharedDir } from './checkFixtures';

const corpusDir = join(sharedDir, 'corpus/plans');
const corpus = existsSync(corpusDir) ? readdirSync(corpusDir).map((f) => readFileSync(join(corpusDir, f), 'utf8')) : [];
const texts = [...corpus.slice(0, 12), ...SHAPES.map((s) => s.make(Math.min(s.sizes[0], 300)))];

/** Event-loop turns taken by other work while `run` is pending. */
async function turnsDuring<T>(run: () => Promise<T>): Promise<{ value: T; turns: number }> {
  let turns = 0;
  let done = false;
  const tick = () => {
    if (done) return;
    turns++;
    setImmediate(tick);
  };
  setImmediate(tick);
  const value = await run();
  done = true;
  return { value, turns };
}

test('parsePlanAsync and checkPlanAsync give exactly what parsePlan and checkPlan give (corpus plans, hostile shapes)', async () => {
  for (const text of texts) {
    const model = (await parsePlanAsync(text, { sliceMs: 0 }))!;
    assert.deepEqual(model, parsePlan(text));
    const options = { text, fileName: '0001-x.md', rules: { 'missing-subsection': 'off' as const, 'forward-dependency': 'error' as const } };
    assert.deepEqual(await checkPlanAsync(model, options, { sliceMs: 0 }), checkPlan(model, options));
  }
});

test('checkPlanAsync lets other work run between its rules', async () => {
  const text = corpus[0] ?? SHAPES[0].make(50);
  const model = parsePlan(text);
  const { value, turns } = await turnsDuring(() => checkPlanAsync(model, { text }, { sliceMs: 0 }));
  assert.deepEqual(value, checkPlan(model, { text }));
  // A slice of 0 ms gives the thread back after every rule.
  assert.ok(turns >= RULES.length - 1, `${turns} turns for ${RULES.length} rules`);
});

test('a newer version cancels the sliced check and parse: they resolve to undefined', async () => {
  const text = SHAPES.find((s) => s.name === 'cycle')!.make(300);
  let newer = false;
  setImmediate(() => (newer = true));
  assert.equal(await parsePlanAsync(text, { sliceMs: 0, isCancelled: () => newer }), undefined);
  newer = false;
  const model = parsePlan(text);
  setImmediate(() => (newer = true));
  assert.equal(await checkPlanAsync(model, { text }, { sliceMs: 0, isCancelled: () => newer }), undefined);
});
