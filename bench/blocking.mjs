// The longest time the extension host is held at once while a plan is opened: the plan cache's own steps (a plan
// over SLICED_PARSE_CHARS is parsed and checked in slices with parsePlanAsync + checkPlanAsync, a smaller one at once
// with parsePlan + checkPlan), run from dist/model.js in this process while a probe on the event loop records the
// longest gap between its turns (wall clock, and the process's CPU time in that gap: on a loaded machine the wall
// clock also counts waiting for a core). Cases: the corpus plans, a 150,000-character plan, each hostile shape at
// its two sizes. `node bench/blocking.mjs [--only NAME] [--model dist/model.js]` runs it alone; `npm run bench` runs it after the adversarial table.
import * as esbuild from 'esbuild';
import { createRequire } from 'node:module';
import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);

/** Opens `text` as the plan cache does; resolves to the longest stretch without a turn of the event loop. */
async function open(lib, text) {
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
  const probe = () => {
    mark();
    if (running) setImmediate(probe);
  };
  setImmediate(probe);
  await new Promise((r) => setImmediate(r));
  const t0 = performance.now();
  let findings;
  // (A dist/model.js from before checkPlanAsync: its cache checked at once after the sliced parse, above 150,000.)
  if (text.length > (lib.SLICED_PARSE_CHARS ?? 150_000)) {
    const model = await lib.parsePlanAsync(text, {});
    const options = { text, fileName: 'plan.md' };
    findings = lib.checkPlanAsync ? await lib.checkPlanAsync(model, options) : lib.checkPlan(model, options);
  } else {
    findings = lib.checkPlan(lib.parsePlan(text), { text, fileName: 'plan.md' });
  }
  const total = performance.now() - t0;
  mark();
  running = false;
  return { ...longest, total, findings: findings.length };
}

function corpusDir() {
  return [resolve(root, '../shared/corpus/plans'), resolve(root, '../../shared/corpus/plans'), resolve(root, '../../../shared/corpus/plans')].find((d) => existsSync(d));
}

export async function runBlocking({ only, model = join(root, 'dist/model.js') } = {}) {
  mkdirSync(join(root, 'out/bench'), { recursive: true });
  await esbuild.build({ entryPoints: [join(root, 'bench/hostile.ts')], outfile: join(root, 'out/bench/hostile.cjs'), bundle: true, platform: 'node', format: 'cjs', logLevel: 'warning' });
  const { SHAPES } = require(join(root, 'out/bench/hostile.cjs'));
  const lib = require(model);
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
  // Warm up: the first parse compiles the parser.
  await open(lib, corpus[0] ?? SHAPES[0].make(10));
  const rows = [];
  for (const c of cases) {
    if (only && !c.name.includes(only)) continue;
    let worst;
    for (const text of c.texts) {
      const r = await open(lib, text);
      if (!worst || r.wall > worst.wall) worst = { ...r, chars: text.length };
    }
    rows.push({ name: c.name, ...worst });
    console.log(`  ${c.name.padEnd(42)} ${String(worst.chars).padStart(9)} chars  longest ${worst.wall.toFixed(0).padStart(6)} ms (CPU ${worst.cpu.toFixed(0).padStart(5)} ms)  open to findings ${worst.total.toFixed(0).padStart(6)} ms  ${c.texts.length > 1 ? '' : `${worst.findings} findings`}`);
  }
  return rows;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const arg = (f) => { const i = process.argv.indexOf(f); return i > 0 ? process.argv[i + 1] : undefined; };
  console.log('Longest stretch the extension host is held while a plan opens (parse + check as the plan cache runs them)');
  await runBlocking({ only: arg('--only'), model: arg('--model') ? resolve(arg('--model')) : undefined });
}
