// The measurements behind `npm run bench`. Bundled by bench/run.mjs with esbuild so that it times the same
// source the extension ships. Prints a table and returns the figures for bench/results.json.
import { performance } from 'node:perf_hooks';
import { parseMarkdown } from '../src/model/markdown';
import { parsePlan, checkPlan } from '../src/model/index';
import type { PlanModel } from '../src/model/types';
import { buildTree } from '../src/navigation/treeModel';
import { graphDataOf } from '../src/graph/fromModel';
import { analyze } from '../src/graph/analysis';
import { layoutGraph } from '../media/layout';
import { generatePlan, generatePlanBytes } from './generate';

export interface Stat {
  median: number;
  p95: number;
  runs: number;
}

export type Lint = (text: string) => unknown;

// remark with the GFM tables and task lists the model reads, in one call on the whole text.
const bareRemark = (text: string) => parseMarkdown(text);

export function time(fn: () => unknown, opts: { minRuns?: number; maxRuns?: number; budgetMs?: number } = {}): Stat {
  const { minRuns = 5, maxRuns = 200, budgetMs = 1500 } = opts;
  fn(); // warm-up
  const samples: number[] = [];
  const t0 = performance.now();
  while (samples.length < minRuns || (samples.length < maxRuns && performance.now() - t0 < budgetMs)) {
    const s = performance.now();
    fn();
    samples.push(performance.now() - s);
  }
  return stat(samples);
}

export function stat(samples: number[]): Stat {
  const sorted = [...samples].sort((a, b) => a - b);
  const q = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))];
  return { median: q(0.5), p95: q(0.95), runs: samples.length };
}

async function timeAsync(fn: () => Promise<unknown>, runs: number): Promise<Stat> {
  await fn();
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const s = performance.now();
    await fn();
    samples.push(performance.now() - s);
  }
  return stat(samples);
}

/** One keystroke inside a phase in the middle of the plan, typed and undone alternately. */
function keystroke(text: string): [string, string] {
  const mid = text.indexOf('The component reads its configuration', Math.floor(text.length / 2));
  const at = mid > 0 ? mid + 4 : Math.floor(text.length / 2);
  return [text, `${text.slice(0, at)}x${text.slice(at)}`];
}

export interface SizeResult {
  name: string;
  lines: number;
  bytes: number;
  phases: number;
  remark: Stat;
  markdownlint: Stat;
  parsePlan: Stat;
  incremental: Stat;
  checkPlan: Stat;
  tree: Stat;
  graphLayout?: Stat;
}

export async function benchSize(name: string, text: string, lint: Lint, heavy: boolean): Promise<SizeResult> {
  const opts = heavy ? { minRuns: 3, maxRuns: 5, budgetMs: 0 } : {};
  const remark = time(() => bareRemark(text), opts);
  const markdownlint = time(() => lint(text), opts);
  const full = time(() => parsePlan(text), opts);
  const model = parsePlan(text);
  const [a, b] = keystroke(text);
  let prev: PlanModel = parsePlan(a);
  let flip = false;
  const incremental = time(() => {
    flip = !flip;
    prev = parsePlan(flip ? b : a, { previous: prev });
    checkPlan(prev, { text: flip ? b : a, fileName: '0042-generated.md' });
  }, { minRuns: 20 });
  const check = time(() => checkPlan(model, { text, fileName: '0042-generated.md' }), opts);
  const lines = text.split('\n');
  const tree = time(() => buildTree({ model, lineText: (l) => lines[l] ?? '' }), opts);
  let graphLayout: Stat | undefined;
  if (model.phases.length <= 600) {
    const analysis = analyze(graphDataOf(model, undefined, 'bench.md'));
    graphLayout = await timeAsync(() => layoutGraph(analysis), heavy ? 3 : 9);
  }
  return { name, lines: lines.length, bytes: text.length, phases: model.phases.length, remark, markdownlint, parsePlan: full, incremental, checkPlan: check, tree, graphLayout };
}

export function plans(): [string, string, boolean][] {
  return [
    ['200 lines', generatePlan(200), false],
    ['1,400 lines', generatePlan(1400), false],
    ['10,000 lines', generatePlan(10000), true],
    ['1 MB', generatePlanBytes(1_000_000), true],
  ];
}

export { bareRemark, parsePlan, checkPlan };
export { generatePlan };
export { generatePlanBytes, buildTree };
