// Layout-library benchmark for the dependency-graph webview: times @dagrejs/dagre and elkjs (layered)
// on generated phase DAGs of 50 and 500 nodes (median of several runs after warm-up) and measures the
// size each adds to a minified browser bundle. Budget: 50 phases <= 30 ms, 500 phases <= 300 ms.
// Each library is timed with its default settings and with its fastest reasonable setting
// (dagre: `ranker: 'tight-tree'`; ELK layered: `thoroughness: 1`, fewer crossing-minimisation passes).
//
//   node bench/layout.mjs            # elkjs is a dependency; dagre is looked up in LAYOUT_BENCH_MODULES
import * as esbuild from 'esbuild';
import { createRequire } from 'node:module';
import { gzipSync } from 'node:zlib';
import { performance } from 'node:perf_hooks';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

// A library not in package.json can be measured from another folder's node_modules:
// LAYOUT_BENCH_MODULES=/tmp/x/node_modules node bench/layout.mjs
const require = createRequire(import.meta.url);
const extraRequire = process.env.LAYOUT_BENCH_MODULES ? createRequire(`${process.env.LAYOUT_BENCH_MODULES}/`) : null;
function load(name) {
  try {
    return require(name);
  } catch (e) {
    if (!extraRequire) throw e;
    return extraRequire(name);
  }
}
const RUNS = Number(process.env.RUNS ?? 9);
const WARMUP = Number(process.env.WARMUP ?? 30);
const SIZES = [50, 500];
const BUDGET = { 50: 30, 500: 300 };
const NODE_W = 200;
const NODE_H = 64;

/** Deterministic PRNG (mulberry32) so every run lays out the same graphs. */
function rng(seed) {
  return () => {
    seed |= 0;
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A plan-like DAG: each phase depends on 0-3 of the ~12 phases before it. */
export function generateDag(n, seed = 42) {
  const rand = rng(seed + n);
  const nodes = [];
  const edges = [];
  for (let i = 0; i < n; i++) {
    nodes.push(`p${i}`);
    if (i === 0) continue;
    const deps = new Set();
    const k = rand() < 0.1 ? 0 : 1 + Math.floor(rand() * 3);
    for (let j = 0; j < k; j++) deps.add(Math.max(0, i - 1 - Math.floor(rand() * Math.min(i, 12))));
    for (const d of deps) edges.push([`p${d}`, `p${i}`]);
  }
  return { nodes, edges };
}

function loadDagre() {
  try {
    const mod = load('@dagrejs/dagre');
    return mod.default ?? mod;
  } catch {
    return null;
  }
}

function loadElk() {
  try {
    const ELK = load('elkjs/lib/elk.bundled.js');
    return ELK.default ?? ELK;
  } catch {
    return null;
  }
}

function dagreLayout(dagre, { nodes, edges }, extra) {
  const g = new dagre.graphlib.Graph();
  g.setGraph({ rankdir: 'TB', nodesep: 24, ranksep: 48, marginx: 16, marginy: 16, ...extra });
  g.setDefaultEdgeLabel(() => ({}));
  for (const id of nodes) g.setNode(id, { width: NODE_W, height: NODE_H });
  for (const [a, b] of edges) g.setEdge(a, b);
  dagre.layout(g);
  return g.node(nodes[nodes.length - 1]).y;
}

async function elkLayout(elk, { nodes, edges }, extra) {
  const res = await elk.layout({
    id: 'root',
    layoutOptions: { 'elk.algorithm': 'layered', 'elk.direction': 'DOWN', 'elk.spacing.nodeNode': '24', 'elk.layered.spacing.nodeNodeBetweenLayers': '48', ...extra },
    children: nodes.map((id) => ({ id, width: NODE_W, height: NODE_H })),
    edges: edges.map(([a, b], i) => ({ id: `e${i}`, sources: [a], targets: [b] })),
  });
  return res.children[res.children.length - 1].y;
}

async function time(fn) {
  for (let i = 0; i < WARMUP; i++) await fn();
  const samples = [];
  const cpu = [];
  for (let i = 0; i < RUNS; i++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    await fn();
    samples.push(performance.now() - t0);
    const c = process.cpuUsage(c0);
    cpu.push((c.user + c.system) / 1000);
  }
  samples.sort((a, b) => a - b);
  cpu.sort((a, b) => a - b);
  return { median: samples[Math.floor(samples.length / 2)], min: samples[0], max: samples[samples.length - 1], cpu: cpu[Math.floor(cpu.length / 2)] };
}

async function bundleSize(contents) {
  const r = await esbuild.build({
    stdin: { contents, resolveDir: process.cwd(), loader: 'js' },
    nodePaths: process.env.LAYOUT_BENCH_MODULES ? [process.env.LAYOUT_BENCH_MODULES] : [],
    bundle: true, minify: true, format: 'iife', platform: 'browser', target: 'es2022', write: false, legalComments: 'none', logLevel: 'silent',
  });
  const bytes = r.outputFiles[0].contents;
  return { raw: bytes.length, gzip: gzipSync(bytes).length };
}

const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
const ms = (n) => `${n.toFixed(1)} ms`;

/** The configurations, each run in its own process so that one's warm JIT does not help the next. */
async function configs() {
  const list = [];
  const dagre = loadDagre();
  if (dagre) {
    const entry = "import d from '@dagrejs/dagre'; globalThis.x = d.layout;";
    list.push({ name: 'dagre', entry, run: (g) => dagreLayout(dagre, g, {}) });
    list.push({ name: 'dagre tight-tree', entry, run: (g) => dagreLayout(dagre, g, { ranker: 'tight-tree' }) });
  }
  const ELK = loadElk();
  if (ELK) {
    const elk = new ELK();
    const entry = "import E from 'elkjs/lib/elk.bundled.js'; globalThis.x = new E();";
    list.push({ name: 'elkjs', entry, run: (g) => elkLayout(elk, g, {}) });
    list.push({ name: 'elkjs thorough=1', entry, run: (g) => elkLayout(elk, g, { 'elk.layered.thoroughness': '1' }) });
    // What the webview runs (media/layout.ts): waves as rows up to WAVE_ROWS_MAX phases, ELK's own
    // layering beyond, cycle edges left out.
    const out = 'bench/generated/webview-layout.mjs';
    await esbuild.build({
      stdin: { contents: "export { layoutGraph, WAVE_ROWS_MAX } from './media/layout'; export { analyze } from './src/graph/analysis';", resolveDir: process.cwd(), loader: 'ts' },
      bundle: true, format: 'esm', platform: 'node', outfile: out, logLevel: 'silent',
    });
    const { layoutGraph, analyze } = await import(new URL(`../${out}`, import.meta.url).href);
    const analysed = new Map();
    const toData = ({ nodes, edges }) => ({
      title: 'bench',
      nodes: nodes.map((id) => ({ id, title: id, done: 0, total: 0, state: 'pending', line: 0 })),
      edges: edges.map(([from, to]) => ({ from, to })),
    });
    list.push({
      name: 'webview (elkjs)',
      entry,
      run: (g) => {
        if (!analysed.has(g)) analysed.set(g, analyze(toData(g)));
        return layoutGraph(analysed.get(g));
      },
    });
  }
  return list;
}

const graphs = Object.fromEntries(SIZES.map((n) => [n, generateDag(n)]));
const one = process.argv.indexOf('--config');

if (one > 0) {
  // Child: time one configuration, print JSON.
  const c = (await configs()).find((x) => x.name === process.argv[one + 1]);
  const t0 = performance.now();
  await c.run(graphs[50]);
  const cold = performance.now() - t0;
  const times = {};
  for (const n of SIZES) times[n] = await time(() => c.run(graphs[n]));
  console.log(JSON.stringify({ cold, times }));
} else {
  const list = await configs();
  if (!list.some((c) => c.name.startsWith('dagre'))) console.log('@dagrejs/dagre: not installed (to compare: install it in another folder and set LAYOUT_BENCH_MODULES to its node_modules)');
  if (!list.some((c) => c.name.startsWith('elkjs'))) console.log('elkjs: not installed');
  console.log(`node ${process.version}, ${RUNS} runs after ${WARMUP} warm-up per size, each configuration in a fresh process; wall median (min-max, process CPU median)`);
  console.log(`load average ${(await import('node:os')).loadavg().map((x) => x.toFixed(1)).join(' ')}: numbers from a busy machine are inflated`);
  for (const n of SIZES) console.log(`  ${n} phases: ${graphs[n].edges.length} edges`);
  const sizes = new Map();
  const results = [];
  for (const c of list) {
    if (!sizes.has(c.entry)) sizes.set(c.entry, await bundleSize(c.entry));
    const r = spawnSync(process.execPath, [fileURLToPath(import.meta.url), '--config', c.name], { encoding: 'utf8', env: { ...process.env, RUNS: String(RUNS) } });
    if (r.status !== 0) throw new Error(`${c.name}: ${r.stderr}`);
    const { cold, times } = JSON.parse(r.stdout.trim().split('\n').pop());
    const row = { name: c.name, cold, times, size: sizes.get(c.entry) };
    row.withinBudget = SIZES.every((n) => times[n].median <= BUDGET[n]);
    results.push(row);
    const cols = SIZES.map((n) => `${n}: ${ms(times[n].median)} (${ms(times[n].min)}-${ms(times[n].max)}, cpu ${ms(times[n].cpu)})`);
    console.log(`${c.name.padEnd(17)} first run ${ms(cold).padStart(9)}  ${cols.join('  ')}  bundle ${kb(row.size.raw)} min / ${kb(row.size.gzip)} gz  ${row.withinBudget ? 'within budget' : 'OVER budget'}`);
  }
  const ok = results.filter((r) => r.withinBudget && !r.name.startsWith('webview'));
  if (ok.length) {
    // Among the libraries within budget the smaller bundle wins unless another is more than 2x faster at 500.
    ok.sort((a, b) => a.size.gzip - b.size.gzip);
    let pick = ok[0];
    for (const r of ok.slice(1)) if (r.times[500].median * 2 < pick.times[500].median) pick = r;
    console.log(`choice: ${pick.name}`);
  } else {
    console.log('choice: none within budget');
    process.exitCode = 1;
  }
}
