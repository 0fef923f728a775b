// The checker's worker thread (src/extension/checkEngine.ts + planWorker.ts), driven as the plan cache drives it:
// results equal the in-process parse and check; the editor's thread keeps turning while a long plan is checked; a
// plan over the time budget, or one whose model is too large to hand back, ends with a clear outcome, and the next
// plan is checked as usual. dist/planWorker.js and dist/model.js come from `node scripts/build.mjs`.
import { test, describe, after } from 'node:test';
import assert from 'node:assert/strict';
import { resolve } from 'node:path';
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { workerEngine } from '../../src/extension/checkEngine';
import { processEngine } from '../../src/engine/processEngine';
import { ThreadEngine, type StartThread } from '../../src/engine/threadEngine';
import { runPlanJobSliced, type PlanJob } from '../../src/engine/planJob';
import * as lib from '../../src/model/index';
import { SHAPES } from '../../bench/hostile';

const script = resolve(__dirname, '../../../dist/planWorker.js');
const shape = (name: string, n: number) => SHAPES.find((s) => s.name === name)!.make(n);
const corpus = [resolve(__dirname, '../../../../shared/corpus/plans'), resolve(__dirname, '../../../../../shared/corpus/plans')].find((d) => existsSync(d));
const samplePlan = readFileSync(resolve(__dirname, '../../../samples/0008-search-reindex.md'), 'utf8');
const job = (text: string, more: Partial<PlanJob> = {}): PlanJob => ({ key: 'plan.md', text, fileName: 'plan.md', keep: true, ...more });

// The desktop runs the checker in a child process; a worker thread where no process can be started.
const KINDS: [string, (heapMb?: number) => ThreadEngine][] = [
  ['child process', (heapMb) => processEngine(script, heapMb ?? 1024)],
  ['worker thread', (heapMb) => workerEngine(script, heapMb)],
];

for (const [kind, make] of KINDS) describe(`the checker (${kind})`, () => {
  const engines: ThreadEngine[] = [];
  const engine = (heapMb?: number) => {
    const e = make(heapMb);
    engines.push(e);
    return e;
  };
  after(() => engines.forEach((e) => e.dispose()));

  test('gives the same model and findings as checking in process', async () => {
    const e = engine();
    const texts = [samplePlan, ...(corpus ? readdirSync(corpus).slice(0, 6).map((f) => readFileSync(resolve(corpus, f), 'utf8')) : [])];
    for (const [i, text] of texts.entries()) {
      const out = await e.run(job(text, { key: `plan-${i}` }));
      assert.equal(out.kind, 'done');
      if (out.kind !== 'done') return;
      const model = lib.parsePlan(text);
      assert.deepEqual(out.result.model.phases.map((p) => [p.id, p.title]), model.phases.map((p) => [p.id, p.title]));
      assert.deepEqual(out.result.findings, lib.checkPlan(model, { text, fileName: 'plan.md' }));
    }
  });

  test("the editor's settings objects (proxies that cannot be posted to a thread) reach the checks", async () => {
    const e = engine();
    const rules = new Proxy({ placeholder: 'off' }, {}) as Record<string, 'off'>;
    Object.defineProperty(rules, 'get', { value: () => undefined, enumerable: false });
    const out = await e.run(job(samplePlan, { rules }));
    assert.equal(out.kind, 'done');
    if (out.kind === 'done') assert.ok(!out.result.findings.some((f) => f.code === 'placeholder'));
  });

  test('an edited plan is checked again from its previous version, with the edit seen', async () => {
    const e = engine();
    await e.run(job(samplePlan));
    const edited = samplePlan.replace(/^### Phase 2: .*$/m, '### Phase 2: Renamed in the edit');
    const out = await e.run(job(edited));
    assert.equal(out.kind, 'done');
    if (out.kind === 'done') assert.equal(out.result.model.phases.find((p) => p.id === '2')?.title, 'Renamed in the edit');
  });

  test("the editor's thread keeps turning while a long plan is checked", async () => {
    const e = engine();
    let turns = 0;
    const timer = setInterval(() => turns++, 1);
    const out = await e.run(job(shape('spilling fences', 1000)));
    clearInterval(timer);
    assert.equal(out.kind, 'done');
    assert.ok(turns > 0, 'no timer ran on this thread while the worker checked the plan');
  });

  test('a plan over the time budget is stopped, and the next plan is checked by a fresh worker', async () => {
    const e = engine();
    e.budgetMs = 1;
    const slow = await e.run(job(shape('metadata lines', 5000), { key: 'slow.md' }));
    assert.equal(slow.kind, 'over-budget');
    e.budgetMs = 60_000;
    const next = await e.run(job(samplePlan, { key: 'next.md' }));
    assert.equal(next.kind, 'done');
  });

  test('a model too large to hand back comes back as its first findings and its size', async () => {
    const e = engine();
    const out = await e.run(job(shape('many findings', 2500)));
    assert.equal(out.kind, 'too-large');
    if (out.kind !== 'too-large') return;
    assert.equal(out.findings.length, 500);
    assert.ok(out.omitted > 1000, `omitted ${out.omitted}`);
    assert.ok(out.phases >= 2500, `phases ${out.phases}`);
  });

  test('a waiting version of a plan is replaced by a newer one', async () => {
    const e = engine();
    const busy = e.run(job(shape('spilling fences', 500), { key: 'other.md' }));
    const older = e.run(job(samplePlan));
    const newer = e.run(job(samplePlan.replace('# Plan', '# Plan (edited)')));
    assert.equal((await older).kind, 'superseded');
    assert.equal((await newer).kind, 'done');
    assert.equal((await busy).kind, 'done');
  });

  test('a worker that runs out of memory fails that plan only', async () => {
    // 64 MB: room for the model library and a small plan, not for a 1 MB plan of 20,000 phases (hundreds of MB).
    const e = engine(64);
    e.budgetMs = 300_000; // on a loaded machine the failure must not be taken for the time budget
    const big = await e.run(job(shape('chain with a map', 20000), { key: 'big.md' }));
    assert.equal(big.kind, 'failed');
    const next = await e.run(job(samplePlan, { key: 'next.md' }));
    assert.equal(next.kind, 'done');
  });
});

describe('the checker process', () => {
  test('a plan that exhausts the heap ends the checker process, not this one: it fails alone, the next plan is checked', async () => {
    const e = processEngine(script, 64);
    e.budgetMs = 300_000;
    try {
      const big = await e.run(job(shape('chain with a map', 20000), { key: 'big.md' }));
      assert.equal(big.kind, 'failed');
      if (big.kind === 'failed') assert.match(big.message, /out of memory \(more than 64 MB\)/);
      const next = await e.run(job(samplePlan, { key: 'next.md' }));
      assert.equal(next.kind, 'done');
    } finally {
      e.dispose();
    }
  });

  test('where no process can be spawned, the fallback engine (a worker thread) checks the plan', async () => {
    const e = processEngine(script, 64, { execPath: resolve(__dirname, 'no-such-node'), fallback: () => workerEngine(script) });
    try {
      const out = await e.run(job(samplePlan));
      assert.equal(out.kind, 'done');
    } finally {
      e.dispose();
    }
  });
});

describe("a job's time limit", () => {
  // A thread that takes `startMs` to load before it says it is ready, then answers each job at once.
  const slowToStart = (startMs: number, announcesReady = true): StartThread => (on) => {
    let ready = false;
    const waiting: number[] = [];
    const answer = (id: number) => on.reply({ id, outcome: { kind: 'superseded' } });
    const timer = setTimeout(() => {
      ready = true;
      on.reply({ ready: true });
      waiting.splice(0).forEach(answer);
    }, startMs);
    return {
      announcesReady,
      post: (req) => (req.type !== 'job' ? undefined : ready ? answer(req.id) : void waiting.push(req.id)),
      terminate: () => clearTimeout(timer),
    };
  };
  const engine = (start: StartThread) => new ThreadEngine(start, (r) => ('outcome' in r ? r.outcome : { kind: 'failed', message: 'data' }));

  test('counts from when a fresh checker is ready, not from its start (slow on a loaded machine)', async () => {
    const e = engine(slowToStart(400));
    e.budgetMs = 100;
    assert.equal((await e.run(job('# Plan'))).kind, 'superseded', 'the start of the checker was charged to the plan');
    e.dispose();
  });

  test('a checker that does not say it is ready has its start counted in the limit, as before', async () => {
    const e = engine(slowToStart(400, false));
    e.budgetMs = 100;
    assert.equal((await e.run(job('# Plan'))).kind, 'over-budget');
    e.dispose();
  });

  test('a checker that never gets ready fails the job once its start-up time is over', async () => {
    const e = engine(slowToStart(1e9));
    e.startupMs = 100;
    const out = await e.run(job('# Plan'));
    assert.equal(out.kind, 'failed');
    if (out.kind === 'failed') assert.match(out.message, /did not start within 0.1 s/);
    e.dispose();
  });
});

describe('the in-thread check (VS Code for the Web)', () => {
  test('gives the same findings as checking at once, and stops when cancelled', async () => {
    const out = await runPlanJobSliced(lib, job(samplePlan), undefined, { isCancelled: () => false });
    const model = lib.parsePlan(samplePlan);
    assert.deepEqual(out?.findings, lib.checkPlan(model, { text: samplePlan, fileName: 'plan.md' }));
    const cancelled = await runPlanJobSliced(lib, job(shape('spilling fences', 1000)), undefined, { sliceMs: 0, isCancelled: () => true });
    assert.equal(cancelled, undefined);
  });

  test('a file found by the plan globs that does not read as a plan is not checked', async () => {
    const out = await runPlanJobSliced(lib, job('Just notes.\n\n- one\n- two\n', { onlyIfPlan: true }), undefined, { isCancelled: () => false });
    assert.equal(out?.isPlan, false);
    assert.deepEqual(out?.findings, []);
  });
});
