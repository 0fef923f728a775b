// The longest time the extension host is held at once while a plan is opened, as the plan cache runs it: on the
// desktop and the web the host checks the size guard and hands the text to the checker (dist/planWorker.js, a child
// process on the desktop),
// then reads the result back; where no worker can be started, the host parses and checks in 20 ms slices itself. A probe on
// the event loop records the longest gap between its turns (wall clock, and the process's CPU time in that gap: on a
// loaded machine the wall clock also counts waiting for a core). Cases: the corpus plans, a 150,000-character plan,
// each hostile shape at its two sizes. `node bench/blocking.mjs [--only NAME]` runs it alone; `npm run bench` runs
// it after the adversarial table.
import * as esbuild from 'esbuild';
import { createRequire } from 'node:module';
import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);

/** Runs `work` while a probe on the event loop records the longest stretch without a turn. */
async function probe(work) {
  let last = performance.now();
  let lastCpu = process.cpuUsage();
  let longest = { wall: 0, cpu: 0 };
  let running = true;
  const mark = () => {
    const now = performance.now();
    const cpu = process.cpuUsage();
    const wall = now - last;
    if (wall > longest.wall) longest = { wall, cpu: (cpu.user - lastCpu.user + cpu.system - lastCpu.system) / 1000 };
    last = now;
    lastCpu = cpu;
  };
  const tick = () => {
    mark();
    if (running) setImmediate(tick);
  };
  setImmediate(tick);
  await new Promise((r) => setImmediate(r));
  const t0 = performance.now();
  const out = await work();
  const total = performance.now() - t0;
  mark();
  running = false;
  return { ...longest, total, ...out };
}

const job = (text) => ({ key: 'plan.md', text, fileName: 'plan.md', keep: false });

/** Desktop: the size guard on the host, then the worker; resolves to what came back. */
async function openWithWorker(lib, engine, text) {
  return probe(async () => {
    if (lib.textGuard(text, lib.MAX_FILE_BYTES)) return { findings: 0, outcome: 'guard' };
    const o = await engine.run(job(text));
    return { findings: o.kind === 'done' ? o.result.findings.length : (o.findings?.length ?? 0), outcome: o.kind };
  });
}

/** VS Code for the Web: the same job on this thread, in slices. */
async function openInThread(lib, jobs, text) {
  return probe(async () => {
    const r = await jobs.runPlanJobSliced(lib, job(text), undefined, { isCancelled: () => false });
    return { findings: r?.findings.length ?? 0, outcome: 'done' };
  });
}

function corpusDir() {
  return [resolve(root, '../shared/corpus/plans'), resolve(root, '../../shared/corpus/plans'), resolve(root, '../../../shared/corpus/plans')].find((d) => existsSync(d));
}

export async function runBlocking({ only, model = join(root, 'dist/model.js') } = {}) {
  mkdirSync(join(root, 'out/bench'), { recursive: true });
  await esbuild.build({ entryPoints: [join(root, 'bench/hostile.ts')], outfile: join(root, 'out/bench/hostile.cjs'), bundle: true, platform: 'node', format: 'cjs', logLevel: 'warning' });
  await esbuild.build({ entryPoints: [join(root, 'src/engine/processEngine.ts')], outfile: join(root, 'out/bench/processEngine.cjs'), bundle: true, platform: 'node', format: 'cjs', logLevel: 'warning' });
  await esbuild.build({ entryPoints: [join(root, 'src/engine/planJob.ts')], outfile: join(root, 'out/bench/planJob.cjs'), bundle: true, platform: 'node', format: 'cjs', logLevel: 'warning' });
  const { SHAPES } = require(join(root, 'out/bench/hostile.cjs'));
  const { processEngine } = require(join(root, 'out/bench/processEngine.cjs'));
  const jobs = require(join(root, 'out/bench/planJob.cjs'));
  const lib = require(model);
  // As the desktop runs it (extension/checkEngine.ts): a child process with a 1 GB heap.
  const engine = processEngine(join(dirname(model), 'planWorker.js'), 1024);
  const cases = [];
  const dir = corpusDir();
  const corpus = dir ? readdirSync(dir).filter((f) => f.endsWith('.md')).map((f) => readFileSync(join(dir, f), 'utf8')) : [];
  if (corpus.length) {
    cases.push({ name: `corpus (${corpus.length} plans, the worst)`, texts: corpus });
    let big = '';
    for (let k = 0; big.length < 150_000; k++) big += `${corpus[k % corpus.length].replace(/^# /, '## ')}\n`;
    cases.push({ name: 'corpus plans joined, 150,000 characters', texts: [`# Plan: Joined\n\n${big}`.slice(0, 150_000)] });
  }
  for (const s of SHAPES) for (const n of s.sizes) cases.push({ name: `${s.name} ${n}`, texts: [s.make(n)] });
  // The first plan opened starts the worker (and, on the web, compiles the parser on the host): its own row.
  cases.unshift({ name: 'first plan opened (cold start)', texts: [corpus[0] ?? SHAPES[0].make(10)] });
  const rows = [];
  console.log(`  ${''.padEnd(42)} ${''.padStart(15)}  in the checker (desktop process, web worker) no worker (slices on the host)`);
  for (const c of cases) {
    if (only && !c.name.includes(only)) continue;
    let worst;
    let worstWeb;
    for (const text of c.texts) {
      const r = await openWithWorker(lib, engine, text);
      if (!worst || r.wall > worst.wall) worst = { ...r, chars: text.length };
      const w = await openInThread(lib, jobs, text);
      if (!worstWeb || w.wall > worstWeb.wall) worstWeb = w;
    }
    rows.push({ name: c.name, ...worst, web: { wall: worstWeb.wall, total: worstWeb.total } });
    const what = c.texts.length > 1 ? '' : worst.outcome === 'done' ? `${worst.findings} findings` : worst.outcome;
    console.log(`  ${c.name.padEnd(42)} ${String(worst.chars).padStart(9)} chars  longest ${worst.wall.toFixed(0).padStart(5)} ms, to findings ${worst.total.toFixed(0).padStart(6)} ms   longest ${worstWeb.wall.toFixed(0).padStart(5)} ms, to findings ${worstWeb.total.toFixed(0).padStart(6)} ms  ${what}`);
  }
  engine.dispose();
  return rows;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const arg = (f) => { const i = process.argv.indexOf(f); return i > 0 ? process.argv[i + 1] : undefined; };
  console.log('Longest stretch the extension host is held while a plan opens (as the plan cache runs it), and the time to its findings');
  await runBlocking({ only: arg('--only'), model: arg('--model') ? resolve(arg('--model')) : undefined });
}
