// The phase graph: which phase depends on which, and what follows from it (dependents, strongly connected components,
// cycles, reachability). One home for these: the checks, the Phases tree, phase references, the graph panel, the
// Markdown preview and the agents' tools all read them from here. Computed once per model (a model is immutable) and
// linear in the size of the graph; reachability is answered on demand within a budget.
import type { Phase, PlanModel } from './types';

/** The first phase of each id, in plan order. */
export function phaseById(model: PlanModel): Map<string, Phase> {
  const ids = new Map<string, Phase>();
  for (const p of model.phases) if (!ids.has(p.id)) ids.set(p.id, p);
  return ids;
}

export interface PhaseGraph {
  /** Distinct phase ids, in plan order. */
  ids: string[];
  /** id → the ids it depends on, among phases the plan has, as written (a self-dependency included). */
  dependsOn: Map<string, string[]>;
  /** id → the ids of the phases that depend on it directly ("needed by"), in plan order, itself excluded. */
  dependents: Map<string, string[]>;
  /** Phases on a dependency cycle of two or more phases (a phase that depends on itself has its own finding). */
  cyclic: Set<string>;
  /** One shortest cycle per strongly connected component of two or more phases, starting at its first phase. */
  cycles: string[][];
}

const memo = new WeakMap<PlanModel, PhaseGraph>();

/** The model's phase graph, computed once per model. */
export function phaseGraph(model: PlanModel): PhaseGraph {
  let g = memo.get(model);
  if (!g) memo.set(model, (g = build(model)));
  return g;
}

function build(model: PlanModel): PhaseGraph {
  const phases = phaseById(model);
  const ids = [...phases.keys()];
  const dependsOn = new Map<string, string[]>();
  for (const p of phases.values()) dependsOn.set(p.id, (p.dependencies?.dependsOn ?? []).filter((d) => phases.has(d)));
  const dependents = new Map<string, string[]>();
  for (const [id, deps] of dependsOn) {
    for (const d of deps) {
      if (d === id) continue;
      const list = dependents.get(d);
      if (!list) dependents.set(d, [id]);
      else if (list[list.length - 1] !== id) list.push(id);
    }
  }
  // Components and cycles over the "depends on" direction, as indexes.
  const index = new Map(ids.map((id, i) => [id, i]));
  const succ = ids.map((id) => dependsOn.get(id)!.map((d) => index.get(d)!));
  const { comp, size } = components(ids.length, succ);
  const cyclic = new Set<string>();
  const cycles: string[][] = [];
  const reported = new Set<number>();
  for (let v = 0; v < ids.length; v++) {
    if (size[comp[v]] < 2) continue;
    cyclic.add(ids[v]);
    if (reported.has(comp[v])) continue;
    reported.add(comp[v]);
    cycles.push(shortestCycle(v, succ, (w) => comp[w] === comp[v]).map((i) => ids[i]));
  }
  return { ids, dependsOn, dependents, cyclic, cycles };
}

/** The phases that depend on `id`, directly or through other phases. */
export function transitiveDependents(graph: PhaseGraph, id: string): Set<string> {
  const seen = new Set<string>();
  const stack = [...(graph.dependents.get(id) ?? [])];
  while (stack.length) {
    const n = stack.pop()!;
    if (seen.has(n)) continue;
    seen.add(n);
    for (const m of graph.dependents.get(n) ?? []) stack.push(m);
  }
  return seen;
}

// ---------------------------------------------------------------------------------------------------------------
// Graph algorithms over indexes, shared with the graph panel's analysis.

/**
 * Tarjan's strongly connected components, iterative (no recursion depth limit): a component number per node and
 * each component's size.
 */
export function components(n: number, succ: number[][]): { comp: number[]; size: number[] } {
  const idx = new Array<number>(n).fill(-1);
  const low = new Array<number>(n).fill(0);
  const onStack = new Array<boolean>(n).fill(false);
  const comp = new Array<number>(n).fill(-1);
  const size: number[] = [];
  const stack: number[] = [];
  let counter = 0;
  for (let root = 0; root < n; root++) {
    if (idx[root] >= 0) continue;
    const work: [number, number][] = [[root, 0]];
    while (work.length) {
      const frame = work[work.length - 1];
      const v = frame[0];
      if (frame[1] === 0 && idx[v] < 0) {
        idx[v] = low[v] = counter++;
        stack.push(v);
        onStack[v] = true;
      }
      if (frame[1] < succ[v].length) {
        const w = succ[v][frame[1]++];
        if (idx[w] < 0) work.push([w, 0]);
        else if (onStack[w]) low[v] = Math.min(low[v], idx[w]);
        continue;
      }
      work.pop();
      if (work.length) {
        const parent = work[work.length - 1][0];
        low[parent] = Math.min(low[parent], low[v]);
      }
      if (low[v] === idx[v]) {
        const c = size.length;
        let count = 0;
        let w: number;
        do {
          w = stack.pop()!;
          onStack[w] = false;
          comp[w] = c;
          count++;
        } while (w !== v);
        size.push(count);
      }
    }
  }
  return { comp, size };
}

/** Breadth-first search from `start` back to itself inside one component: the shortest closed path, as indexes. */
export function shortestCycle(start: number, succ: number[][], inComp: (v: number) => boolean): number[] {
  const prev = new Map<number, number>();
  const queue = [start];
  for (let qi = 0; qi < queue.length; qi++) {
    const v = queue[qi];
    for (const w of succ[v]) {
      if (!inComp(w) || w === v) continue;
      if (w === start) {
        const back: number[] = [];
        for (let u = v; u !== start; u = prev.get(u)!) back.push(u);
        return [start, ...back.reverse(), start];
      }
      if (prev.has(w)) continue;
      prev.set(w, v);
      queue.push(w);
    }
  }
  return [start, start];
}

/**
 * "Is there a path from a to b?" over a fixed graph, answered by a search from `a` kept for the next question from
 * `a`. Every search is charged to one budget of visited edges: past it, `has` answers undefined (unknown) instead of
 * searching, so that a 20,000-phase plan costs at most the budget in time and memory, never the full closure.
 */
export class Reach {
  private readonly from = new Map<string, Set<string>>();
  private spent = 0;
  constructor(
    private readonly edges: Map<string, string[]>,
    private readonly budget = 2_000_000,
  ) {}

  /** True when the budget ran out on some question. */
  exhausted = false;

  has(a: string, b: string): boolean | undefined {
    let seen = this.from.get(a);
    if (!seen) {
      if (this.spent >= this.budget) {
        this.exhausted = true;
        return undefined;
      }
      seen = new Set<string>();
      const stack = [...(this.edges.get(a) ?? [])];
      while (stack.length) {
        const v = stack.pop()!;
        if (seen.has(v)) continue;
        seen.add(v);
        const next = this.edges.get(v) ?? [];
        this.spent += next.length + 1;
        for (const w of next) stack.push(w);
      }
      this.from.set(a, seen);
    }
    return seen.has(b);
  }
}
