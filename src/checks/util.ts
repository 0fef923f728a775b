// Small helpers shared by the rules.
import type { Phase, PlanModel, Position, Range } from '../model/types';

export const pos = (line: number, character = 0): Position => ({ line, character });
export const at = (p: Position): Range => ({ start: p, end: p });

/** `Phase 2a` as a user writes it. */
export const phaseName = (id: string) => `Phase ${id}`;

export function phaseById(model: PlanModel): Map<string, Phase> {
  const m = new Map<string, Phase>();
  for (const p of model.phases) if (!m.has(p.id)) m.set(p.id, p);
  return m;
}

/** Lines of the text (without line ends). */
export function linesOf(text: string): string[] {
  return text.split(/\r?\n/);
}

/** Where to insert a new block after `line` (0-based, the last line of something): the start of the next line. */
export function insertAfterLine(model: PlanModel, line: number): { position: Position; prefix: string } {
  if (line + 1 >= model.lineCount) return { position: pos(line, Number.MAX_SAFE_INTEGER), prefix: '\n\n' };
  return { position: pos(line + 1, 0), prefix: '\n' };
}

export function levenshtein(a: string, b: string): number {
  const dp = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let prev = dp[0];
    dp[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = dp[j];
      dp[j] = Math.min(dp[j] + 1, dp[j - 1] + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = tmp;
    }
  }
  return dp[b.length];
}

/** The existing phase id closest to `id`: same number first, then the smallest edit distance. */
export function nearestPhase(id: string, ids: string[]): string | undefined {
  if (!ids.length) return undefined;
  const num = parseFloat(id);
  const sameNumber = ids.filter((x) => parseFloat(x) === num);
  const pool = sameNumber.length ? sameNumber : ids;
  let best = pool[0];
  let bestScore = Infinity;
  for (const x of pool) {
    const score = levenshtein(id, x) * 10 + Math.abs(parseFloat(x) - num || 0);
    if (score < bestScore) {
      best = x;
      bestScore = score;
    }
  }
  return best;
}

/** Tarjan's strongly connected components over `edges` (from → list of to). */
export function stronglyConnected(nodes: string[], edges: Map<string, string[]>): string[][] {
  let index = 0;
  const idx = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const out: string[][] = [];
  // Iterative, so a 10,000-phase plan cannot overflow the call stack.
  for (const root of nodes) {
    if (idx.has(root)) continue;
    const work: { v: string; i: number }[] = [{ v: root, i: 0 }];
    idx.set(root, index);
    low.set(root, index++);
    stack.push(root);
    onStack.add(root);
    while (work.length) {
      const top = work[work.length - 1];
      const next = edges.get(top.v) ?? [];
      if (top.i < next.length) {
        const w = next[top.i++];
        if (!idx.has(w)) {
          idx.set(w, index);
          low.set(w, index++);
          stack.push(w);
          onStack.add(w);
          work.push({ v: w, i: 0 });
        } else if (onStack.has(w)) {
          low.set(top.v, Math.min(low.get(top.v)!, idx.get(w)!));
        }
      } else {
        work.pop();
        if (work.length) {
          const parent = work[work.length - 1].v;
          low.set(parent, Math.min(low.get(parent)!, low.get(top.v)!));
        }
        if (low.get(top.v) === idx.get(top.v)) {
          const comp: string[] = [];
          let w: string;
          do {
            w = stack.pop()!;
            onStack.delete(w);
            comp.push(w);
          } while (w !== top.v);
          out.push(comp.reverse());
        }
      }
    }
  }
  return out;
}

/** A cycle through `start` inside `component`, as ids ending where they start: `['2', '4', '2']`. */
export function cycleThrough(start: string, component: Set<string>, edges: Map<string, string[]>): string[] {
  const prev = new Map<string, string>();
  const queue = [start];
  const seen = new Set([start]);
  for (let head = 0; head < queue.length; head++) {
    const v = queue[head];
    for (const w of edges.get(v) ?? []) {
      if (!component.has(w)) continue;
      if (w === start) {
        const path = [start];
        for (let x = v; x !== start; x = prev.get(x)!) path.push(x);
        path.push(start);
        // path is start, …, back to start in reverse order of travel; return in travel order.
        return [start, ...path.slice(1, -1).reverse(), start];
      }
      if (!seen.has(w)) {
        seen.add(w);
        prev.set(w, v);
        queue.push(w);
      }
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
