// Where a plan mentions its phases: headings, Dependencies lines, the dependency map, the phases JSON and prose
// (`Phase 3`, `phase_3`, `Phase 2a`). Pure: no `vscode` import; `extension/references.ts` answers hovers, definitions,
// references and completions from these.
import type { Phase, PlanModel, Position, Range } from '../model/types';
import { transitiveDependents } from './treeModel';
import { DEPENDENCIES_LABEL } from '../model/dependencies';

export type RefKind = 'heading' | 'dependency' | 'map' | 'json' | 'text';

export interface PhaseMention {
  /** Normalised phase id (`2a`). */
  id: string;
  range: Range;
  kind: RefKind;
}

// `Phase 3`, `phase_3`, `phase-2a`, `Phase 1.5`; not `Phase 2and`, not `Phases`.
const MENTION = /\bphase[ \t_-]*(\d+(?:\.\d+)?[a-z]?)(?![A-Za-z0-9])/gi;

function overlaps(a: Range, b: Range): boolean {
  const before = (p: Position, q: Position) => p.line < q.line || (p.line === q.line && p.character < q.character);
  return before(a.start, b.end) && before(b.start, a.end);
}

export function containsPosition(r: Range, p: Position): boolean {
  const after = p.line > r.start.line || (p.line === r.start.line && p.character >= r.start.character);
  const before = p.line < r.end.line || (p.line === r.end.line && p.character <= r.end.character);
  return after && before;
}

/** Every mention of a phase in the plan, in document order. Ids are normalised; unknown ids are kept. */
export function findMentions(model: PlanModel, text: string): PhaseMention[] {
  const out: PhaseMention[] = [];
  const heads = new Map<number, Phase>();
  for (const p of model.phases) heads.set(p.heading.start.line, p);

  // What the model read: dependency refs (bare `2` of `Phase 1, 2`, ranges), map labels, JSON ids.
  for (const p of model.phases) {
    for (const ref of p.dependencies?.refs ?? []) out.push({ id: ref.id, range: ref.range, kind: 'dependency' });
  }
  for (const p of model.phases) out.push({ id: p.id, range: p.idRange, kind: 'heading' });

  // Prose, the map and the JSON: the `Phase N` pattern, line by line.
  const lines = text.split('\n');
  const mapRange = model.dependencyMap?.range;
  const jsonRange = model.phasesJson?.range;
  const textual: PhaseMention[] = [];
  for (let line = 0; line < lines.length; line++) {
    const s = lines[line];
    if (!/phase/i.test(s)) continue;
    MENTION.lastIndex = 0;
    for (let m = MENTION.exec(s); m; m = MENTION.exec(s)) {
      const range = { start: { line, character: m.index }, end: { line, character: m.index + m[0].length } };
      const id = m[1].toLowerCase();
      const head = heads.get(line);
      let kind: RefKind = 'text';
      if (head && head.id === id && overlaps(range, head.idRange)) kind = 'heading';
      else if (mapRange && containsPosition(mapRange, range.start)) kind = 'map';
      else if (jsonRange && containsPosition(jsonRange, range.start)) kind = 'json';
      textual.push({ id, range, kind });
    }
  }
  // A pattern match replaces the model's mention it covers (`Phase 1` rather than `1`), and a heading match
  // stands for the heading.
  for (const t of textual) {
    const i = out.findIndex((o) => o.id === t.id && overlaps(o.range, t.range) && (o.kind === 'heading' || o.kind === 'dependency'));
    if (i >= 0) {
      const covered = out[i];
      const wider = containsPosition(t.range, covered.range.start) && containsPosition(t.range, covered.range.end);
      if (wider) out[i] = { ...t, kind: covered.kind };
      continue;
    }
    out.push(t);
  }

  // Map labels and JSON ids the pattern did not catch (`Phase 2b + 3`, `"shared_types"`).
  for (const node of model.dependencyMap?.nodes ?? []) {
    for (const id of node.ids) {
      if (out.some((o) => o.id === id && overlaps(o.range, node.range))) continue;
      const bare = bareId(lines, node.range, id);
      out.push({ id, range: bare ?? node.range, kind: 'map' });
    }
  }
  for (const e of model.phasesJson?.phases ?? []) {
    if (!e.phaseId) continue;
    const lit = { start: e.range.start, end: { line: e.range.start.line, character: e.range.start.character + JSON.stringify(e.id).length } };
    if (out.some((o) => o.id === e.phaseId && overlaps(o.range, lit))) continue;
    out.push({ id: e.phaseId, range: lit, kind: 'json' });
  }

  out.sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);
  return out;
}

/** Where the bare id (`3` of `Phase 2b + 3`) stands inside a one-line range. */
function bareId(lines: string[], range: Range, id: string): Range | undefined {
  if (range.start.line !== range.end.line) return undefined;
  const line = lines[range.start.line] ?? '';
  const seg = line.slice(range.start.character, range.end.character);
  const re = new RegExp(`(?<![A-Za-z0-9.])${id.replace(/\./g, '\\.')}(?![A-Za-z0-9])`, 'i');
  const m = re.exec(seg);
  if (!m) return undefined;
  const character = range.start.character + m.index;
  return { start: { line: range.start.line, character }, end: { line: range.start.line, character: character + m[0].length } };
}

/** The mentions under a position (a `Phases 1–3` range names several phases). */
export function mentionsAt(mentions: PhaseMention[], pos: Position): PhaseMention[] {
  return mentions.filter((m) => containsPosition(m.range, pos));
}

export function phaseWithId(model: PlanModel, id: string): Phase | undefined {
  return model.phases.find((p) => p.id === id);
}

/** The phase whose lines hold `line`. */
export function phaseAtLine(model: PlanModel, line: number): Phase | undefined {
  let found: Phase | undefined;
  for (const p of model.phases) if (line >= p.range.start.line && line <= p.range.end.line) found = p;
  return found;
}

const DEP_KEY = new RegExp(`^\\s*(?:[-*+]\\s+)?${DEPENDENCIES_LABEL}`, 'i');

export interface DependencyCompletion {
  /** The phases to offer, in plan order. */
  phases: Phase[];
  /** The text the completion replaces (the partly typed reference). */
  replace: Range;
}

/**
 * Completion on a `**Dependencies**:` line: every phase but the one the line belongs to, those that depend on it
 * (directly or not: naming them would close a cycle) and those the line already names. Undefined off such lines.
 */
export function dependencyCompletion(model: PlanModel, lineText: string, pos: Position): DependencyCompletion | undefined {
  const before = lineText.slice(0, pos.character);
  const key = DEP_KEY.exec(before);
  if (!key) return undefined;
  const self = phaseAtLine(model, pos.line);
  const excluded = new Set<string>();
  if (self) {
    excluded.add(self.id);
    for (const id of transitiveDependents(model, self.id)) excluded.add(id);
  }
  const listed = new Set<string>();
  const value = lineText.slice(key[0].length);
  MENTION.lastIndex = 0;
  const typed = /(?:phase[ \t_-]*)?[\w.]*$/i.exec(before);
  const typedStart = typed ? before.length - typed[0].length : pos.character;
  for (let m = MENTION.exec(value); m; m = MENTION.exec(value)) {
    const start = key[0].length + m.index;
    if (start === typedStart) continue; // the reference being typed
    listed.add(m[1].toLowerCase());
  }
  const seen = new Set<string>();
  const phases = model.phases.filter((p) => {
    if (excluded.has(p.id) || listed.has(p.id) || seen.has(p.id)) return false;
    seen.add(p.id);
    return true;
  });
  return { phases, replace: { start: { line: pos.line, character: typedStart }, end: pos } };
}
