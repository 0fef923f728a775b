// `npm run bench`: times parsing, checking, the tree, the graph layout, activation, the bundles and the CLI, side by
// side with a bare remark parse and markdownlint on the same text. Prints a table and writes bench/results.json.
// Reports numbers only; nothing here passes or fails.
//   node bench/run.mjs [--vscode]   (--vscode also measures, in the real VS Code, edit → diagnostics latency and
//                                    Show Dependency Graph → the graph drawn at 30 and 200 phases)
//   node bench/run.mjs --vscode-only (only those; merged into bench/results.json)
import * as esbuild from 'esbuild';
import { createRequire } from 'node:module';
import { existsSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync, mkdirSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { spawnSync } from 'node:child_process';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { gzipSync } from 'node:zlib';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
mkdirSync(join(root, 'out/bench'), { recursive: true });
await esbuild.build({
  entryPoints: [join(root, 'bench/suite.ts')], outfile: join(root, 'out/bench/suite.cjs'), bundle: true, platform: 'node',
  format: 'cjs', target: 'node20', loader: { '.md': 'text' }, mainFields: ['module', 'main'], logLevel: 'warning',
});
const suite = require(join(root, 'out/bench/suite.cjs'));
const { lint } = await import('markdownlint/sync');
const markdownlint = (text) => lint({ strings: { plan: text } });

// In the real VS Code (scripts/vscode-run.cjs test --grep bench:, test/integration/bench.test.ts): activation, edit →
// diagnostics latency (50 edits on the 1,400-line plan), and Show Dependency Graph → the graph on screen at 30 and 200
// phases (the quick placement drawn at once, then ELK's full layout), each after a fresh panel.
function measureVsCode() {
  const out = join(root, 'out/bench/vscode-latency.json');
  rmSync(out, { force: true }); // never a previous run's numbers
  const loadBefore = loadavg();
  const r = spawnSync(process.execPath, [join(root, 'scripts/vscode-run.cjs'), 'test', '--grep', 'bench:'], {
    encoding: 'utf8', env: { ...process.env, PLAN_AUTHOR_BENCH: out }, stdio: ['ignore', 'pipe', 'pipe'],
  });
  if (existsSync(out)) {
    const loadAfter = loadavg();
    results.vscode = { ...JSON.parse(readFileSync(out, 'utf8')), loadavg: { before: loadBefore, after: loadAfter } };
    const fmt = (l) => l.map((x) => x.toFixed(2)).join(' ');
    console.log(`VS Code measured with load average ${fmt(loadBefore)} before, ${fmt(loadAfter)} after (1, 5, 15 min; ${cpus().length} cores)`);
    if (results.vscode.latency) console.log(`VS Code: edit → updated diagnostics ${ms(results.vscode.latency.median)} ms median, ${ms(results.vscode.latency.p95)} ms p95 over ${results.vscode.latency.runs} edits (includes the 300 ms debounce); activation ${ms(results.vscode.activationMs)} ms`);
    // Show Dependency Graph → the webview reports a drawing: the quick placement (drawn at once) and ELK's layout.
    for (const [n, runs] of Object.entries(results.vscode.graph ?? {})) {
      const med = (xs) => suite.stat(xs).median;
      console.log(
        `VS Code: Show Dependency Graph, ${n} phases → first drawing ${ms(runs.quick[0])} ms, full layout ${ms(runs.full[0])} ms (first panel); ` +
          `median of ${runs.quick.length} new panels: first drawing ${ms(med(runs.quick))} ms, full layout ${ms(med(runs.full))} ms`,
      );
      // The steps from the command to the drawing (host and page marks, ms after the command), median over the panels.
      const names = [...new Set((runs.steps ?? []).flatMap((s) => Object.keys(s)))];
      const steps = names.map((k) => [k, med(runs.steps.map((s) => s[k]).filter((v) => v !== undefined))]).sort((p, q) => p[1] - q[1]);
      if (steps.length) console.log(`  steps (median ms after the command): ${steps.map(([k, v]) => `${k} ${ms(v)}`).join(', ')}`);
    }
  } else {
    console.log(`VS Code latency: not measured (${(r.stdout + r.stderr).trim().split('\n').slice(-5).join(' | ')})`);
  }
}

const ms = (x) => (x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x.toFixed(2));
const results = { date: new Date().toISOString(), node: process.version, sizes: [], graph: [], activation: null, bundles: {}, cli: null, vscode: null };

// `--vscode-only`: the real-VS-Code measurements alone, merged into bench/results.json.
if (process.argv.includes('--vscode-only')) {
  measureVsCode();
  let previous = {};
  try { previous = JSON.parse(readFileSync(join(root, 'bench/results.json'), 'utf8')); } catch {}
  if (results.vscode) writeFileSync(join(root, 'bench/results.json'), `${JSON.stringify({ ...previous, vscode: results.vscode }, null, 2)}\n`);
  process.exit(results.vscode ? 0 : 1);
}

console.log('Plan Author benchmark (median / p95 in ms; ratios are medians against a bare remark parse and markdownlint on the same text)\n');
for (const [name, text, heavy] of suite.plans()) {
  const r = await suite.benchSize(name, text, markdownlint, heavy);
  results.sizes.push(r);
  console.log(`${name}: ${r.lines} lines, ${(r.bytes / 1024).toFixed(0)} KB, ${r.phases} phases`);
  const row = (label, s) => {
    if (!s) return;
    console.log(`  ${label.padEnd(34)} ${ms(s.median).padStart(8)} / ${ms(s.p95).padStart(8)}   ${(s.median / r.remark.median).toFixed(3).padStart(7)}× remark  ${(s.median / r.markdownlint.median).toFixed(3).padStart(7)}× markdownlint`);
  };
  row('bare remark parse', r.remark);
  row('markdownlint', r.markdownlint);
  row('parsePlan (cold)', r.parsePlan);
  row('parsePlan {previous} + checkPlan', r.incremental);
  row('checkPlan', r.checkPlan);
  row('tree items', r.tree);
  row('graph layout (webview)', r.graphLayout);
  const cold = r.parsePlan.median + r.checkPlan.median;
  console.log(`  cold open parsePlan + checkPlan = ${ms(cold)} ms = ${(cold / r.remark.median).toFixed(2)}× remark, ${(cold / r.markdownlint.median).toFixed(2)}× markdownlint`);
  console.log(`  one keystroke = ${((r.incremental.median / r.remark.median) * 100).toFixed(1)}% of a full remark parse, ${(r.markdownlint.median / r.incremental.median).toFixed(0)}× faster than markdownlint\n`);
}

// The graph layout on phase DAGs of 50 and 500 phases (what the webview does when the graph opens or changes).
{
  const { analyze } = require(join(root, 'out/bench/suite.cjs'));
  void analyze;
}

// Activation: require the bundle and run activate() with a stand-in `vscode` module.
{
  const r = spawnSync(process.execPath, [join(root, 'bench/activation.cjs')], { encoding: 'utf8' });
  if (r.status === 0) {
    results.activation = JSON.parse(r.stdout.trim().split('\n').pop());
    console.log(`activation: require dist/extension.js ${ms(results.activation.requireMs)} ms + activate() ${ms(results.activation.activateMs)} ms = ${ms(results.activation.totalMs)} ms (median of ${results.activation.runs} fresh processes)`);
  } else {
    console.log(`activation: not measured (${(r.stderr || r.stdout).trim().split('\n').slice(-3).join(' ')})`);
  }
}

// Bundle sizes.
for (const f of ['dist/extension.js', 'dist/model.js', 'dist/cli.js', 'dist/media/graph.js']) {
  const p = join(root, f);
  if (!existsSync(p)) continue;
  const size = statSync(p).size;
  results.bundles[f] = { bytes: size, gzip: gzipSync(readFileSync(p)).length };
  console.log(`bundle ${f.padEnd(22)} ${(size / 1024).toFixed(1).padStart(7)} KB  (${(results.bundles[f].gzip / 1024).toFixed(1)} KB gzip)`);
}

// CLI over every corpus plan, against node's start-up plus the sum of bare remark parses of the same files.
const corpus = resolve(root, '../shared/corpus/plans');
if (existsSync(corpus) && existsSync(join(root, 'dist/cli.js'))) {
  const files = readdirSync(corpus).filter((f) => f.endsWith('.md')).map((f) => join(corpus, f));
  const wall = (args) => {
    const samples = [];
    for (let i = 0; i < 7; i++) {
      const t0 = performance.now();
      spawnSync(process.execPath, args, { encoding: 'utf8' });
      samples.push(performance.now() - t0);
    }
    return suite.stat(samples).median;
  };
  const nodeStart = wall(['-e', '0']);
  const cli = wall([join(root, 'dist/cli.js'), 'check', '--format', 'json', corpus]);
  let remarkSum = 0;
  for (const f of files) {
    const text = readFileSync(f, 'utf8');
    remarkSum += suite.time(() => suite.bareRemark(text), { minRuns: 3, maxRuns: 5, budgetMs: 0 }).median;
  }
  const remarkProcess = wall([join(root, 'bench/remark-only.cjs'), ...files]);
  results.cli = { files: files.length, cliMs: cli, nodeStartMs: nodeStart, remarkSumMs: remarkSum, ratio: cli / (nodeStart + remarkSum), remarkProcessMs: remarkProcess, ratioToRemarkProcess: cli / remarkProcess };
  console.log(`CLI over ${files.length} corpus plans: ${ms(cli)} ms; node start-up ${ms(nodeStart)} ms + warm bare remark parses ${ms(remarkSum)} ms → ${results.cli.ratio.toFixed(2)}×; a fresh process parsing the same files with bare remark ${ms(remarkProcess)} ms → ${results.cli.ratioToRemarkProcess.toFixed(2)}×`);
}

// `plan-author mcp`: check_plan on the 1,400-line plan from a warm server (the SDK's client over stdio, as an agent
// calls it): the file unchanged, and the file edited before each call (the check → fix loop), beside the in-process
// parsePlan + checkPlan of the same text measured above.
if (existsSync(join(root, 'dist/cli.js'))) {
  const { Client } = await import('@modelcontextprotocol/sdk/client/index.js');
  const { StdioClientTransport } = await import('@modelcontextprotocol/sdk/client/stdio.js');
  const dir = join(root, 'out/bench/mcp');
  mkdirSync(dir, { recursive: true });
  const planText = suite.generatePlan(1400);
  const file = join(dir, 'plan-1400.md');
  writeFileSync(file, planText);
  const client = new Client({ name: 'plan-author-bench', version: '1' });
  const t0 = performance.now();
  await client.connect(new StdioClientTransport({ command: process.execPath, args: [join(root, 'dist/cli.js'), 'mcp', dir], stderr: 'ignore' }));
  const startMs = performance.now() - t0;
  const call = async () => {
    const s = performance.now();
    const r = await client.callTool({ name: 'check_plan', arguments: { path: 'plan-1400.md' } });
    if (r.isError) throw new Error(r.content[0].text);
    return performance.now() - s;
  };
  const first = await call();
  for (let i = 0; i < 30; i++) await call(); // warm-up: the server's JIT reaches steady state
  const unchanged = [];
  for (let i = 0; i < 50; i++) unchanged.push(await call());
  const lines = planText.split('\n');
  const middle = Math.floor(lines.length / 2);
  const edited = [];
  for (let i = 0; i < 50; i++) {
    lines[middle] = `${lines[middle].replace(/ edit \d+$/, '')} edit ${i}`;
    writeFileSync(file, lines.join('\n'));
    edited.push(await call());
  }
  await client.close();
  const size = results.sizes.find((x) => x.name === '1,400 lines');
  results.mcp = { lines: planText.split('\n').length, startMs, firstCallMs: first, unchanged: suite.stat(unchanged), edited: suite.stat(edited), inProcessColdMs: size ? size.parsePlan.median + size.checkPlan.median : null };
  console.log(`MCP check_plan on the 1,400-line plan (${results.mcp.lines} lines), warm server: ${ms(results.mcp.unchanged.median)} ms median / ${ms(results.mcp.unchanged.p95)} ms p95 unchanged, ${ms(results.mcp.edited.median)} / ${ms(results.mcp.edited.p95)} ms after an edit (target < 100 ms); in-process parsePlan + checkPlan ${size ? ms(results.mcp.inProcessColdMs) : '?'} ms; server start ${ms(startMs)} ms, first call ${ms(first)} ms`);
}

if (process.argv.includes('--vscode')) measureVsCode();

// Adversarial plans (bench/hostile.ts): each shape at two sizes, checked by the CLI in a fresh process.
{
  const { runHostile } = await import('./hostile.mjs');
  console.log('\nAdversarial plans: plan-author check in a fresh process, two sizes of each shape (time includes node start-up)');
  results.adversarial = (await runHostile({ timeoutS: 60 })).map((r) => ({ name: r.name, unit: r.unit, growth: r.growth, sizeRatio: r.sizeRatio, runs: r.runs.map(({ n, bytes, ms, code, outBytes }) => ({ n, bytes, ms, code, outBytes })) }));
}

// The longest stretch the extension host is held while each of those plans (and the corpus plans) opens.
{
  const { runBlocking } = await import('./blocking.mjs');
  console.log('\nLongest stretch the extension host is held while a plan opens (parse + check as the plan cache runs them; wall clock and CPU)');
  results.blocking = (await runBlocking()).map(({ name, chars, wall, cpu, total, web }) => ({ name, chars, longestMs: wall, longestCpuMs: cpu, openMs: total, web: { longestMs: web.wall, openMs: web.total } }));
}

writeFileSync(join(root, 'bench/results.json'), `${JSON.stringify(results, null, 2)}\n`);
console.log('\nwritten to bench/results.json');
