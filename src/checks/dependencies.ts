// Rules on phases and their `**Dependencies**` lines: what they name must exist, come earlier, and not loop.
import type { Rule, RawFinding } from './types';
import type { PlanModel, Range } from '../model/types';
import { nearestPhase, phaseById, phaseName } from './util';
import { phaseGraph } from '../model/phaseGraph';

/** Edges phase → the phases it depends on, over phases that exist (first phase of each id). */
export function dependencyEdges(model: PlanModel): Map<string, string[]> {
  return phaseGraph(model).dependsOn;
}

/** The cycles of the plan, each once, as id paths (`['2', '4', '2']`); a self-dependency has its own rule. */
export function dependencyCycles(model: PlanModel): string[][] {
  return phaseGraph(model).cycles;
}

const unknownPhase: Rule = {
  code: 'unknown-phase',
  severity: 'error',
  description: 'A Dependencies line names a phase the plan does not have.',
  doc: {
    why: 'A dependency on a phase that does not exist cannot be satisfied: the phase was renamed, renumbered or never written.',
    bad: '# Plan: X\n\n### Phase 1: A\n**Dependencies**: None\n\n### Phase 2: B\n**Dependencies**: Phase 7\n',
    good: '# Plan: X\n\n### Phase 1: A\n**Dependencies**: None\n\n### Phase 2: B\n**Dependencies**: Phase 1\n',
  },
  check(model, options) {
    const ids = phaseById(model);
    if (!ids.size) return [];
    const known = [...ids.keys()];
    const out: RawFinding[] = [];
    // A suggestion compares the unknown id with every earlier phase: past this many comparisons in a plan, unknown
    // ids are still reported, without a suggestion.
    let comparisons = 0;
    const BUDGET = 200_000;
    for (const p of model.phases) {
      const refs = p.dependencies?.refs ?? [];
      let pool: string[] | undefined;
      for (const ref of refs) {
        if (ids.has(ref.id)) continue;
        if (!pool) {
          const listed = new Set(refs.map((r) => r.id));
          pool = known.filter((k) => k !== p.id && !listed.has(k) && ids.get(k)!.index < p.index);
        }
        let near: string | undefined;
        if (comparisons + pool.length <= BUDGET) {
          comparisons += pool.length;
          near = nearestPhase(ref.id, pool);
        } else if (comparisons <= BUDGET) {
          comparisons = BUDGET + 1;
          options.limits?.push('unknown phases were reported without a suggestion of the phase meant (too many to compare)');
        }
        out.push({
          message: `${phaseName(p.id)} depends on ${phaseName(ref.id)}, which this plan does not have${near ? `; did you mean ${phaseName(near)}?` : ''}`,
          range: ref.range,
          fixes:
            near && ref.via === 'single'
              ? [{ title: `Replace with ${phaseName(near)} (${ids.get(near)!.title || 'untitled'})`, edits: [{ range: idRangeIn(ref.range, ref.id), newText: near }], preferred: true }]
              : undefined,
        });
      }
    }
    return out;
  },
};

/** The range of the id itself inside a reference like `Phase 7` (the fix replaces only the id). */
function idRangeIn(r: Range, id: string): Range {
  if (r.start.line !== r.end.line) return r;
  const len = r.end.character - r.start.character;
  if (len >= id.length) return { start: { line: r.end.line, character: r.end.character - id.length }, end: r.end };
  return r;
}

const selfDependency: Rule = {
  code: 'self-dependency',
  severity: 'error',
  description: 'A phase lists itself among its dependencies.',
  doc: {
    why: 'A phase cannot wait for itself; a runner would never start it.',
    bad: '# Plan: X\n\n### Phase 1: A\n**Dependencies**: None\n\n### Phase 2: B\n**Dependencies**: Phase 1, Phase 2\n',
    good: '# Plan: X\n\n### Phase 1: A\n**Dependencies**: None\n\n### Phase 2: B\n**Dependencies**: Phase 1\n',
  },
  check(model) {
    const out: RawFinding[] = [];
    const first = phaseById(model);
    for (const p of model.phases) {
      // A second phase with the same id that names it means the first one: duplicate-phase reports that.
      if (first.get(p.id) !== p) continue;
      for (const ref of p.dependencies?.refs ?? []) {
        if (ref.id === p.id && ref.via === 'single') out.push({ message: `${phaseName(p.id)} depends on itself; remove it from its Dependencies line`, range: ref.range });
      }
    }
    return out;
  },
};

const dependencyCycle: Rule = {
  code: 'dependency-cycle',
  severity: 'error',
  description: 'Phases depend on each other in a loop.',
  doc: {
    why: 'No order of the phases satisfies a cycle: at least one dependency is wrong.',
    bad: '# Plan: X\n\n### Phase 1: A\n**Dependencies**: None\n\n### Phase 2: B\n**Dependencies**: Phase 1, Phase 3\n\n### Phase 3: C\n**Dependencies**: Phase 2\n',
    good: '# Plan: X\n\n### Phase 1: A\n**Dependencies**: None\n\n### Phase 2: B\n**Dependencies**: Phase 1\n\n### Phase 3: C\n**Dependencies**: Phase 2\n',
  },
  check(model) {
    const ids = phaseById(model);
    const out: RawFinding[] = [];
    // One finding per cycle, on its first dependency; the others are related locations. A long cycle is shown by its
    // ends, so that the message stays short whatever the cycle's length.
    for (const cycle of dependencyCycles(model)) {
      const edges = cycle.slice(0, -1).map((id, i) => {
        const p = ids.get(id)!;
        const ref = p.dependencies?.refs.find((r) => r.id === cycle[i + 1]);
        return { id, to: cycle[i + 1], range: ref?.range ?? p.heading };
      });
      const text = cycle.length <= 12 ? cycle.join(' → ') : `${cycle.slice(0, 5).join(' → ')} → … → ${cycle.slice(-5).join(' → ')} (${cycle.length - 1} phases)`;
      out.push({
        message: `Dependency cycle: ${text}. No order of these phases can satisfy it; remove one of these dependencies`,
        range: edges[0].range,
        related: edges.slice(1, 50).map((e) => ({ message: `${phaseName(e.id)} depends on ${phaseName(e.to)}`, range: e.range })),
      });
    }
    return out;
  },
};

const forwardDependency: Rule = {
  code: 'forward-dependency',
  severity: 'warning',
  description: 'A phase depends on a phase listed after it (a runner executes phases in listed order).',
  doc: {
    why: 'A runner executes the phases in the order they are listed, so a phase cannot wait for a later one; move the phase or fix the dependency.',
    bad: '# Plan: X\n\n### Phase 1: A\n**Dependencies**: Phase 2\n\n### Phase 2: B\n**Dependencies**: None\n',
    good: '# Plan: X\n\n### Phase 1: A\n**Dependencies**: None\n\n### Phase 2: B\n**Dependencies**: Phase 1\n',
  },
  check(model) {
    const ids = phaseById(model);
    const inCycle = new Set(dependencyCycles(model).flat());
    const out: RawFinding[] = [];
    for (const p of model.phases) {
      for (const ref of p.dependencies?.refs ?? []) {
        const q = ids.get(ref.id);
        if (!q || q.index <= p.index || (inCycle.has(p.id) && inCycle.has(q.id))) continue;
        out.push({
          message: `${phaseName(p.id)} depends on ${phaseName(q.id)}, which is listed after it; a runner executes phases in listed order, so move ${phaseName(q.id)} earlier or drop the dependency`,
          range: ref.range,
        });
      }
    }
    return out;
  },
};

const unreadableDependency: Rule = {
  code: 'unreadable-dependency',
  severity: 'warning',
  description: 'A Dependencies line that names no phase and is not "None".',
  doc: {
    why: 'Tools (and readers) cannot tell what the phase waits for; write the phases (`Phase 1, Phase 2`) or `None`, and put prose in parentheses.',
    bad: '# Plan: X\n\n### Phase 1: A\n**Dependencies**: None\n\n### Phase 2: B\n**Dependencies**: the API decision above\n',
    good: '# Plan: X\n\n### Phase 1: A\n**Dependencies**: None\n\n### Phase 2: B\n**Dependencies**: Phase 1 (the API decision)\n',
  },
  check(model) {
    const out: RawFinding[] = [];
    for (const p of model.phases) {
      const deps = p.dependencies;
      // A line that names no phase but lists code (`urllib.request`, `tarfile`) is about software, not phases: the
      // reading is uncertain, so it is only information.
      const software = !!deps && !deps.refs.length && !deps.none && /`[^`]+`/.test(deps.raw);
      for (const u of deps?.unread ?? []) {
        const text = (software ? deps!.raw : u.text).trim().replace(/\s+/g, ' ');
        const quote = text.length > 80 ? `${text.slice(0, 79)}…` : text;
        out.push({
          message:
            text === ''
              ? `The Dependencies line of ${phaseName(p.id)} is empty; write "None" or the phases it needs (Phase 1, Phase 2)`
              : software
                ? `The Dependencies line of ${phaseName(p.id)} names no phase ("${quote}"); if it lists software, not phases, give it another label`
                : `Could not read "${quote}" as phases; write "None" or the phases ${phaseName(p.id)} needs (Phase 1, Phase 2), with any prose in parentheses`,
          range: u.range,
          ...(software && text !== '' ? { severity: 'information' as const } : {}),
        });
      }
    }
    return out;
  },
};

const duplicatePhase: Rule = {
  code: 'duplicate-phase',
  severity: 'error',
  description: 'Two phase headings have the same id.',
  doc: {
    why: 'References to the id become ambiguous and a runner would execute the wrong phase.',
    bad: '# Plan: X\n\n### Phase 1: A\n**Dependencies**: None\n\n### Phase 1: B\n**Dependencies**: None\n',
    good: '# Plan: X\n\n### Phase 1: A\n**Dependencies**: None\n\n### Phase 2: B\n**Dependencies**: None\n',
  },
  check(model) {
    const first = new Map<string, number>();
    const firstPhase = phaseById(model);
    const out: RawFinding[] = [];
    for (const p of model.phases) {
      const line = first.get(p.id);
      if (line === undefined) {
        first.set(p.id, p.heading.start.line);
        continue;
      }
      const first1 = firstPhase.get(p.id)!;
      out.push({
        message: `${phaseName(p.id)} is already defined on line ${line + 1}; give this phase its own number (Renumber Phases does it for the whole plan)`,
        range: p.idRange,
        // Headings without a separator after the id (`### Phase 2 Hardening`) may not be phases at all: not an error.
        severity: [p, first1].every((q) => q.separator !== false) ? undefined : 'warning',
        related: [{ message: `first ${phaseName(p.id)}`, range: first1.heading }],
      });
    }
    return out;
  },
};

/** `2a` → [2, 'a']. */
function splitId(id: string): [number, string] {
  const m = /^(\d+(?:\.\d+)?)([a-z]?)$/.exec(id);
  return m ? [parseFloat(m[1]), m[2]] : [NaN, ''];
}

const phaseNumbering: Rule = {
  code: 'phase-numbering',
  severity: 'warning',
  description: 'Phase numbers skip a number, go backwards, or skip a letter.',
  doc: {
    why: 'Numbers that jump (1, 2, 4) or go back usually mean a phase was deleted or moved without renumbering; references may now point at the wrong phase.',
    bad: '# Plan: X\n\n### Phase 1: A\n**Dependencies**: None\n\n### Phase 3: B\n**Dependencies**: Phase 1\n',
    good: '# Plan: X\n\n### Phase 1: A\n**Dependencies**: None\n\n### Phase 2: B\n**Dependencies**: Phase 1\n',
  },
  check(model) {
    const out: RawFinding[] = [];
    let prev: { id: string; n: number; l: string } | undefined;
    const seen = new Set<string>();
    for (const p of model.phases) {
      const [n, l] = splitId(p.id);
      if (Number.isNaN(n) || seen.has(p.id)) {
        seen.add(p.id);
        continue;
      }
      seen.add(p.id);
      if (!prev) {
        if (n > 1) out.push({ message: `The first phase is ${phaseName(p.id)}; number phases from 1 (or 0)`, range: p.idRange });
        else if (l && l !== 'a') out.push({ message: `${phaseName(p.id)} is the first phase; expected ${phaseName(`${n}a`)}`, range: p.idRange });
      } else if (n < prev.n || (n === prev.n && l <= prev.l)) {
        out.push({ message: `${phaseName(p.id)} comes after ${phaseName(prev.id)}; phases should be numbered in order`, range: p.idRange });
      } else if (n === prev.n) {
        const expected = prev.l ? String.fromCharCode(prev.l.charCodeAt(0) + 1) : 'a';
        if (!prev.l) out.push({ message: `${phaseName(p.id)} follows ${phaseName(prev.id)}; letter both (${phaseName(`${n}a`)}, ${phaseName(`${n}b`)}) or number them apart`, range: p.idRange });
        else if (l !== expected) out.push({ message: `${phaseName(p.id)} follows ${phaseName(prev.id)}; expected ${phaseName(`${n}${expected}`)}`, range: p.idRange });
      } else {
        if (Number.isInteger(n) && Number.isInteger(prev.n) && n > prev.n + 1) {
          out.push({ message: `${phaseName(p.id)} follows ${phaseName(prev.id)}: ${n - prev.n === 2 ? `${phaseName(String(prev.n + 1))} is` : `phases ${prev.n + 1}–${n - 1} are`} missing; renumber the phases or add the missing one`, range: p.idRange });
        } else if (l && l !== 'a') {
          out.push({ message: `${phaseName(p.id)} has no ${phaseName(`${n}a`)} before it`, range: p.idRange });
        }
      }
      prev = { id: p.id, n, l };
    }
    return out;
  },
};

export const dependencyRules: Rule[] = [unknownPhase, selfDependency, dependencyCycle, forwardDependency, unreadableDependency, duplicatePhase, phaseNumbering];
