// Rules that compare the phases with what else describes them: the Dependency Map drawing, the phases JSON that a
// runner executes, and the status.yaml that tracks progress. Also the generators their quick fixes use.
import type { Rule, RawFinding, Severity } from './types';
import type { Phase, PlanModel, Range } from '../model/types';
import { phaseIdOfJson } from '../model/build';
import { isMermaid, mermaidLabel } from '../model/mermaidMap';
import { normalizeTitle } from '../model/presets';
import { insertAfterLine, phaseById, phaseName, pos } from './util';
import { Reach } from '../model/phaseGraph';

const ARROW = '──→';
const ARROWHEAD = /[→←↑↓↘↙↗↖▶◀▲▼►◄⟶⟵⇒⇐➡⬅>]/;

/** The Dependency Map drawn from the Dependencies lines: one chain per line, every edge once. */
export function renderDependencyMap(model: PlanModel): string {
  const ids = phaseById(model);
  const dependents = new Map<string, string[]>();
  for (const p of ids.values()) dependents.set(p.id, []);
  for (const p of ids.values()) for (const d of p.dependencies?.dependsOn ?? []) if (ids.has(d) && d !== p.id) dependents.get(d)!.push(p.id);
  const used = new Set<string>();
  const touched = new Set<string>();
  const lines: string[] = [];
  for (const start of ids.keys()) {
    for (;;) {
      const chain = [start];
      const inChain = new Set(chain);
      let cur = start;
      for (;;) {
        const next = dependents.get(cur)!.find((n) => !used.has(`${cur}>${n}`));
        if (!next || inChain.has(next)) break;
        used.add(`${cur}>${next}`);
        chain.push(next);
        inChain.add(next);
        cur = next;
      }
      if (chain.length === 1) break;
      chain.forEach((c) => touched.add(c));
      lines.push(chain.map(phaseName).join(` ${ARROW} `));
    }
  }
  for (const id of ids.keys()) if (!touched.has(id)) lines.push(`${phaseName(id)} (no dependencies, no dependents)`);
  return lines.join('\n');
}

/** The phases JSON from the headings; ids already in the JSON are kept. */
export function renderPhasesJson(model: PlanModel): string {
  const existing = new Map<string, string>();
  for (const e of model.phasesJson?.phases ?? []) if (e.phaseId && !existing.has(e.phaseId)) existing.set(e.phaseId, e.id);
  const seen = new Set<string>();
  const rows = model.phases
    .filter((p) => !seen.has(p.id) && seen.add(p.id))
    .map((p) => `    {"id": ${JSON.stringify(existing.get(p.id) ?? `phase_${p.id}`)}, "title": ${JSON.stringify(p.title)}}`);
  return `{\n  "phases": [\n${rows.join(',\n')}\n  ]\n}`;
}

/** The Dependency Map as a Mermaid flowchart, for plans that draw their map in Mermaid. */
export function renderMermaidMap(model: PlanModel): string {
  const ids = phaseById(model);
  const ref = (id: string) => `P${id.replace(/[^\w]/g, '_')}`;
  const lines = ['flowchart TD'];
  for (const p of ids.values()) lines.push(`  ${ref(p.id)}[${mermaidLabel(`Phase ${p.id}: ${p.title.replace(/\s+/g, ' ').trim()}`)}]`);
  for (const p of ids.values()) for (const d of p.dependencies?.dependsOn ?? []) if (ids.has(d) && d !== p.id) lines.push(`  ${ref(d)} --> ${ref(p.id)}`);
  return lines.join('\n');
}

function mapFixes(model: PlanModel) {
  const map = model.dependencyMap!;
  const block = model.codeBlocks.find((b) => b.range.start.line === map.range.start.line);
  const text = isMermaid(block?.lang ?? '', map.raw) ? renderMermaidMap(model) : renderDependencyMap(model);
  const edit = block
    ? { range: block.contentRange, newText: text }
    : { range: map.range, newText: `\`\`\`\n${text}\n\`\`\`` };
  return [{ title: 'Regenerate the Dependency Map from the Dependencies lines', edits: [edit], preferred: true }];
}

// Reachability depends only on the graph: a keystroke in prose leaves both graphs as they were, so the last few
// answers are kept by the graph's shape. Questions are answered on demand within a budget (see Reach).
const reachMemo = new Map<string, Reach>();
function reachabilityOf(nodes: string[], edges: Map<string, string[]>): Reach {
  let key = '';
  for (const n of nodes) key += `${n}>${(edges.get(n) ?? []).join(',')};`;
  let r = reachMemo.get(key);
  if (!r) {
    r = new Reach(edges);
    if (reachMemo.size >= 4) reachMemo.delete(reachMemo.keys().next().value!);
    reachMemo.set(key, r);
  }
  return r;
}

/** A list for a message: at most 20 items, then how many more. */
function listSome(items: string[]): string {
  return items.length <= 20 ? items.join(', ') : `${items.slice(0, 20).join(', ')} and ${items.length - 20} more`;
}

const mapMismatch: Rule = {
  code: 'map-mismatch',
  severity: 'warning',
  description: 'The Dependency Map drawing and the Dependencies lines disagree on what leads to what.',
  doc: {
    why: 'The map is what readers look at; when it disagrees with the Dependencies lines one of them is wrong. Compared by reachability, so a map may leave out implied arrows.',
    bad: '# Plan: X\n\n### Phase 1: A\n**Dependencies**: None\n\n### Phase 2: B\n**Dependencies**: None\n\n### Phase 3: C\n**Dependencies**: Phase 2\n\n## Dependency Map\n```\nPhase 1 ──→ Phase 2 ──→ Phase 3\n```\n',
    good: '# Plan: X\n\n### Phase 1: A\n**Dependencies**: None\n\n### Phase 2: B\n**Dependencies**: Phase 1\n\n### Phase 3: C\n**Dependencies**: Phase 2\n\n## Dependency Map\n```\nPhase 1 ──→ Phase 2 ──→ Phase 3\n```\n',
  },
  check(model, options) {
    const map = model.dependencyMap;
    if (!map || !model.phases.length || map.raw.trim() === '') return [];
    // The fence's first characters (or the first line's); never a range that ends before it starts.
    const head: Range = { start: map.range.start, end: { line: map.range.start.line, character: Math.max(3, map.range.start.character) } };
    const fixes = mapFixes(model);
    if (!map.nodes.length) {
      return [{ message: 'The Dependency Map names no phase (as "Phase 1" or "phase_1"), so it was not compared with the Dependencies lines', range: head, severity: 'information', fixes }];
    }
    const ids = phaseById(model);
    const out: RawFinding[] = [];
    // What the map draws was read; what it seems to leave out may hide in an unreadable part, but only in one that
    // holds an arrowhead (prose and bare lines draw no dependency). Such a part that touches labels blurs only what
    // concerns their phases (below); one that touches none could stand for anything, and blurs every gap.
    const loose = map.unreadable.filter((u) => ARROWHEAD.test(u.text) && !u.nodes?.length);
    const uncertain = loose.length > 0;
    const severity: Severity | undefined = uncertain ? 'information' : undefined;
    // Such an arrow could only have drawn a link of the phases drawn beside it: on its rows or the two rows around.
    const nearLoose = (id: string) =>
      loose.some((u) => map.nodes.some((n) => n.ids.includes(id) && n.range.start.line >= u.range.start.line - 2 && n.range.end.line <= u.range.end.line + 2));
    const inMap = new Set(map.nodes.flatMap((n) => n.ids));
    // A map that numbers a phase otherwise (`Phase 1a` for the heading's Phase 1): one finding, not one per node.
    const renamed = new Map<string, string>();
    for (const id of inMap) {
      if (ids.has(id)) continue;
      const twin = [...ids.keys()].filter((p) => !inMap.has(p) && parseFloat(p) === parseFloat(id));
      if (twin.length === 1 && ![...renamed.values()].includes(twin[0])) renamed.set(id, twin[0]);
    }
    const named = new Set<string>();
    for (const n of map.nodes) {
      for (const id of n.ids) {
        if (ids.has(id) || named.has(id)) continue;
        named.add(id);
        const twin = renamed.get(id);
        out.push({
          message: twin
            ? `The Dependency Map names ${phaseName(id)}, which this plan numbers ${phaseName(twin)}`
            : `The Dependency Map names ${phaseName(id)}, which this plan does not have`,
          range: n.range,
          fixes,
        });
      }
    }
    const nodes = [...ids.keys()];
    const depEdges = new Map<string, string[]>(nodes.map((n) => [n, []]));
    for (const p of ids.values()) for (const d of p.dependencies?.dependsOn ?? []) if (ids.has(d)) depEdges.get(d)!.push(p.id);
    const mapEdges = new Map<string, string[]>(nodes.map((n) => [n, []]));
    const reachDeps = reachabilityOf(nodes, depEdges);
    // A tree of siblings (`├── Phase 2`, `└── Phase 3` off Phase 1) links each sibling with its parent, never two
    // siblings: one direction for the whole tree, down unless the Dependencies lines have the parent after a sibling.
    const fans = new Map<string, { from: string; to: string[] }>();
    for (const e of map.edges) {
      if (!e.branch || !ids.has(e.from) || !ids.has(e.to)) continue;
      const key = `${e.from} ${e.range.start.line}:${e.range.start.character}`;
      const fan = fans.get(key) ?? { from: e.from, to: [] };
      fan.to.push(e.to);
      fans.set(key, fan);
    }
    for (const fan of fans.values()) {
      const up = fan.to.some((t) => reachDeps.has(t, fan.from) === true) && !fan.to.some((t) => reachDeps.has(fan.from, t) === true);
      for (const t of fan.to) (up ? mapEdges.get(t)! : mapEdges.get(fan.from)!).push(up ? fan.from : t);
    }
    for (const e of map.edges) {
      if (e.branch || !ids.has(e.from) || !ids.has(e.to)) continue;
      mapEdges.get(e.from)!.push(e.to);
      // Without an arrowhead the direction is a guess: either way counts as drawn.
      if (e.assumed) mapEdges.get(e.to)!.push(e.from);
    }
    // What the prose of the section says (`Phase 3 needs Phase 2`) is part of what the map shows.
    const orders = orderClaims(map.prose ?? []);
    for (const o of orders) for (const n of o.needs) if (ids.has(n) && ids.has(o.phase)) mapEdges.get(n)!.push(o.phase);
    const reachMap = reachabilityOf(nodes, mapEdges);
    const reported = new Set<string>();
    for (const e of map.edges) {
      // A line without an arrowhead (or an `(all above)` note) is read top to bottom: it shows what the map links,
      // not a direction the plan must agree with.
      if (e.assumed) continue;
      if (!ids.has(e.from) || !ids.has(e.to) || e.from === e.to || reachDeps.has(e.from, e.to) !== false || reported.has(`${e.from}>${e.to}`)) continue;
      reported.add(`${e.from}>${e.to}`);
      // A Dependencies line that names the phase only in a note (`Phase 1 (Phase 3 recommended first)`) agrees softly.
      const noted = new RegExp(`\\bphases?\\s*${e.from.replace('.', '\\.')}(?![\\w.])`, 'i').test(ids.get(e.to)!.dependencies?.raw ?? '');
      out.push({
        message: noted
          ? `The Dependency Map leads from ${phaseName(e.from)} to ${phaseName(e.to)}; ${phaseName(e.to)}'s Dependencies line mentions ${phaseName(e.from)} only in a note`
          : `The Dependency Map leads from ${phaseName(e.from)} to ${phaseName(e.to)}, but ${phaseName(e.to)}'s Dependencies line does not depend on ${phaseName(e.from)}, directly or through other phases`,
        range: e.range,
        severity: noted ? 'information' : undefined,
        fixes,
      });
    }
    // Phases that a part of the drawing which could not be read touches: what the map leaves unsaid about them may
    // be in that part.
    const blurred = new Set(map.unreadable.flatMap((u) => u.nodes ?? []));
    const undrawn: { p: string; d: string; range: Range }[] = [];
    for (const p of ids.values()) {
      for (const ref of p.dependencies?.refs ?? []) {
        const d = ref.id;
        if (!ids.has(d) || d === p.id || !inMap.has(d) || !inMap.has(p.id) || reachMap.has(d, p.id) !== false) continue;
        undrawn.push({ p: p.id, d, range: ref.range });
      }
    }
    if (reachDeps.exhausted || reachMap.exhausted) options.limits?.push('the Dependency Map was compared with the Dependencies lines only in part (too many paths to follow)');
    // Where part of the drawing could not be read, one note says what it does not show of the phases concerned.
    const soft = new Set(undrawn.filter((u) => nearLoose(u.p) || nearLoose(u.d) || blurred.has(u.p) || blurred.has(u.d)));
    if (soft.size > 1) {
      out.push({
        message: `The Dependency Map does not show ${soft.size} dependencies of the Dependencies lines (${listSome([...soft].map((u) => `${u.d} → ${u.p}`))}); an arrow of it that leads to no phase may stand for them`,
        range: head,
        severity: 'information',
        fixes,
      });
    }
    for (const { p: pid, d, range } of soft.size > 1 ? undrawn.filter((u) => !soft.has(u)) : undrawn) {
      // The map goes from d past p to a phase that depends on p (`4 ↓` landing on 6 in a wrapped drawing of
      // 4 → 5 → 6): the arrow is likely misplaced; not a confident disagreement.
      // An arrow from a group (`All V1 phases (1a, 2a, 3-6) ──→ Phase 7`) passes nothing: every member leads there.
      const fromGroup = (to: string) => map.nodes.some((n) => n.ids.length > 1 && n.ids.includes(d) && n.ids.every((x) => x === to || map.edges.some((e) => e.from === x && e.to === to)));
      // Only when the map draws p leading straight into that phase: the arrow landed one node off.
      const past = map.edges.find((e) => e.from === d && e.to !== pid && reachDeps.has(pid, e.to) === true && map.edges.some((x) => x.from === pid && x.to === e.to) && !fromGroup(e.to));
      out.push({
        message: past
          ? `${phaseName(pid)} depends on ${phaseName(d)}; the Dependency Map goes from ${phaseName(d)} to ${phaseName(past.to)} without passing ${phaseName(pid)}`
          : `${phaseName(pid)} depends on ${phaseName(d)}, but the Dependency Map has no path from ${phaseName(d)} to ${phaseName(pid)}`,
        range: past ? past.range : (map.nodes.find((n) => n.ids.includes(pid)) ?? map.nodes.find((n) => n.ids.includes(d)))?.range ?? head,
        severity: past || blurred.has(pid) || blurred.has(d) || nearLoose(pid) || nearLoose(d) ? 'information' : undefined,
        related: [{ message: `${phaseName(pid)}'s Dependencies line`, range }],
        fixes,
      });
    }
    // What the prose under the drawing says is independent (`Phases 1 and 2 are independent`) must be.
    for (const claim of independenceClaims(map.prose ?? [])) {
      for (const [a, b] of claim.pairs) {
        if (!ids.has(a) || !ids.has(b)) continue;
        const [from, to] = reachDeps.has(a, b) === true ? [a, b] : reachDeps.has(b, a) === true ? [b, a] : [];
        if (!from || !to) continue;
        const ref = ids.get(to)!.dependencies?.refs.find((r) => r.id === from);
        out.push({
          message: `The Dependency Map section says ${phaseName(a)} and ${phaseName(b)} are independent, but ${phaseName(to)} depends on ${phaseName(from)}${ref ? '' : ' through other phases'}`,
          range: claim.range,
          related: [{ message: `${phaseName(to)}'s Dependencies line`, range: ref?.range ?? ids.get(to)!.dependencies?.range ?? ids.get(to)!.heading }],
          fixes,
        });
      }
    }
    // What it says comes after what (`Phase 3 needs Phase 2`) must follow from the Dependencies lines.
    for (const o of orders) {
      if (!ids.has(o.phase)) continue;
      const absent = o.needs.filter((n) => ids.has(n) && n !== o.phase && reachDeps.has(n, o.phase) === false);
      if (!absent.length) continue;
      out.push({
        message: `The Dependency Map section says ${phaseName(o.phase)} needs ${absent.map(phaseName).join(' and ')}, but ${phaseName(o.phase)}'s Dependencies line does not depend on ${absent.length > 1 ? 'them' : 'it'}, directly or through other phases`,
        range: o.range,
        related: [{ message: `${phaseName(o.phase)}'s Dependencies line`, range: ids.get(o.phase)!.dependencies?.range ?? ids.get(o.phase)!.heading }],
        fixes,
      });
    }
    const missing = nodes.filter((id) => !inMap.has(id) && ![...renamed.values()].includes(id));
    if (missing.length && missing.length < nodes.length) {
      out.push({
        message: `The Dependency Map leaves out ${listSome(missing.map(phaseName))}`,
        range: head,
        severity,
        fixes,
      });
    }
    // Arrows that lead from or to no phase may hide dependencies; captions and plain lines draw none, so say nothing.
    const arrows = map.unreadable.filter((u) => ARROWHEAD.test(u.text));
    if (arrows.length) {
      const quote = arrows[0].text.replace(/\s*\n\s*/g, ' / ').trim();
      out.push({
        message: `${arrows.length > 1 ? `${arrows.length} arrows` : 'An arrow'} of the Dependency Map ("${quote.length > 60 ? `${quote.slice(0, 59)}…` : quote}"${arrows.length > 1 ? ' and others' : ''}) ${arrows.length > 1 ? 'lead' : 'leads'} from or to no phase; what ${arrows.length > 1 ? 'they draw' : 'it draws'} was not compared`,
        range: arrows[0].range,
        severity: 'information',
      });
    }
    return out;
  },
};

const STOP = new Set(['and', 'or', 'the', 'a', 'an', 'of', 'in', 'for', 'to', 'with', 'on', 'via', 'plus', 'into', 'from', 'by', 'at', 'as', 'its']);

/**
 * The words of a phase title that say what the phase is: no `Phase N:` prefix, no estimate (`(~4h)`, `(2 days)`), no
 * status (`(done)`, `✅`, `COMPLETED`), no slug id in parentheses, case and punctuation ignored, small words left out.
 */
export function titleWords(title: string, slug?: string): Set<string> {
  let t = title.replace(/^\s*phase\s+\d+(?:\.\d+)?[a-z]?\b\s*[:.\-–—]*\s*/i, '');
  t = t.replace(/\(\s*~?\s*\d+(?:\.\d+)?\s*(?:-\s*\d+(?:\.\d+)?\s*)?(?:h|hrs?|hours?|d|days?|w|wks?|weeks?|m|mins?|minutes?|pts?|points?|sp|loc)\b[^)]*\)/gi, ' ');
  t = t.replace(/~\s*\d+(?:\.\d+)?\s*(?:h|hrs?|hours?|d|days?|w|weeks?)\b/gi, ' ');
  t = t.replace(/\((?:done|complete|completed|parked|deferred|wip|in progress|skipped|optional)\)|[✅✔☑🚧⏳]|\b(?:done|completed)\s*$/gi, ' ');
  if (slug && slug.length > 2) t = t.split(slug).join(' ');
  const out = new Set<string>();
  for (let w of normalizeTitle(t).split(' ')) {
    if (!w || STOP.has(w)) continue;
    if (w.length > 3 && w.endsWith('s') && !w.endsWith('ss')) w = w.slice(0, -1);
    out.add(w);
  }
  return out;
}

/**
 * How far two titles of one phase agree: `same` when one holds every word of the other (an elaborated or shortened
 * title, another punctuation, an estimate), `close` when they share at least half of the shorter one's words, else
 * `different`.
 */
/**
 * Whether a phases JSON title names other work than its heading, by the words that carry meaning (titleWords):
 * - `same`: one title elaborates the other (the JSON adds a parenthesis, a file, a detail; the heading adds an
 *   estimate, a `+ Retry`), so every word of one is in the other and the JSON keeps at least half of the heading's;
 * - `drift`: words replaced (each side has words the other lacks, and the JSON lacks a third or more of the heading's),
 *   or half of the heading's words dropped, or few words shared at all;
 * - `close`: words replaced at the edges of long titles that share most of their words (may be one phase worded twice).
 * Words in the heading's parentheses, or after a dash (`Browser views — treemap and table`), are an elaboration: the
 * JSON need not have them.
 */
export function titleDrift(json: string, heading: string, slug?: string): 'same' | 'close' | 'drift' {
  const x = titleWords(json, slug);
  const all = titleWords(heading, slug);
  const bare = heading.replace(/\([^()]*\)/g, ' ');
  const y = titleWords(bare, slug);
  const core = titleWords(bare.replace(/\s+[—–-]\s.*$|:\s.*$/, ''), slug);
  if (!x.size || !all.size) return 'same';
  let shared = 0;
  for (const w of x) if (all.has(w)) shared++;
  const lacks = (words: Set<string>) => {
    let n = 0;
    for (const w of words) if (!x.has(w)) n++;
    return n;
  };
  if (shared === x.size) {
    const parts = core.size ? core : y;
    return parts.size >= 2 && lacks(parts) * 2 >= parts.size ? 'drift' : 'same';
  }
  const lacking = lacks(y);
  if (lacking === 0) return 'same';
  if (shared * 2 < Math.min(x.size, y.size)) return 'drift';
  return lacking * 3 >= y.size ? 'drift' : 'close';
}

export function compareTitles(a: string, b: string, slug?: string): 'same' | 'close' | 'different' {
  const x = titleWords(a, slug);
  const y = titleWords(b, slug);
  if (!x.size || !y.size) return 'same';
  let shared = 0;
  for (const w of x) if (y.has(w)) shared++;
  const small = Math.min(x.size, y.size);
  if (shared === small) return 'same';
  return shared * 2 >= small ? 'close' : 'different';
}

/** Title comparisons made, at most, when a long list is matched to many phases by title (beyond: by position). */
const MAX_TITLE_COMPARISONS = 200_000;

/**
 * The first phase not taken whose title is the same as the entry's (compareTitles). A short list against few phases
 * compares every pair; a long one compares only the phases that share a word with the entry or have no words (those
 * are the same as anything), within MAX_TITLE_COMPARISONS in all (the entry's slug is then not looked for in titles).
 */
function titleMatcher(distinct: Phase[], entries: number): (e: { id: string; title: string }, taken: Set<string>) => Phase | undefined {
  const same = (e: { id: string; title: string }, p: Phase) => compareTitles(e.title, p.title, e.id) === 'same';
  if (entries * distinct.length <= MAX_TITLE_COMPARISONS) {
    return (e, taken) => (titleWords(e.title, e.id).size > 0 ? distinct.find((p) => !taken.has(p.id) && same(e, p)) : undefined);
  }
  const byWord = new Map<string, number[]>();
  const bare: number[] = [];
  distinct.forEach((p, i) => {
    const words = titleWords(p.title);
    if (!words.size) bare.push(i);
    for (const w of words) {
      const list = byWord.get(w);
      if (list) list.push(i);
      else byWord.set(w, [i]);
    }
  });
  let budget = MAX_TITLE_COMPARISONS;
  return (e, taken) => {
    const words = titleWords(e.title, e.id);
    if (!words.size || budget <= 0) return undefined;
    const candidates = new Set<number>(bare);
    for (const w of words) for (const i of byWord.get(w) ?? []) candidates.add(i);
    for (const i of [...candidates].sort((a, b) => a - b)) {
      const p = distinct[i];
      if (taken.has(p.id)) continue;
      if (--budget < 0) return undefined;
      if (same(e, p)) return p;
    }
    return undefined;
  };
}

/**
 * Which phase each entry of a list of phases (the phases JSON, a status.yaml) stands for: by its id (`phase_2`, a
 * slug written in the heading), else by its title, else by its position when that phase is not taken.
 */
export function matchEntries(entries: { id: string; title: string; phaseId?: string }[], model: PlanModel): { phase?: Phase; by: 'id' | 'title' | 'position' }[] {
  const ids = phaseById(model);
  const distinct = [...ids.values()];
  const out: { phase?: Phase; by: 'id' | 'title' | 'position' }[] = entries.map(() => ({ by: 'position' }));
  const taken = new Set<string>();
  entries.forEach((e, k) => {
    const pid = e.phaseId ?? phaseIdOfJson(e.id, e.title, distinct);
    if (pid && ids.has(pid) && !taken.has(pid)) {
      out[k] = { phase: ids.get(pid), by: 'id' };
      taken.add(pid);
    }
  });
  const byTitle = titleMatcher(distinct, entries.filter((_, k) => !out[k].phase).length);
  entries.forEach((e, k) => {
    if (out[k].phase) return;
    const t = byTitle(e, taken);
    if (t) {
      out[k] = { phase: t, by: 'title' };
      taken.add(t.id);
    }
  });
  entries.forEach((e, k) => {
    // An entry whose id names a phase number stands for that phase or none.
    if (out[k].phase || /^phase[\s_-]*\d/i.test(e.id)) return;
    const p = distinct[k];
    if (p && !taken.has(p.id)) {
      out[k] = { phase: p, by: 'position' };
      taken.add(p.id);
    }
  });
  return out;
}

const INDEPENDENT = /^\W*(phases?\s+[^.;:()]*?)\s+(?:are|is|can|could|may|run)\b[^.;()]*?\b(independent|in parallel|parallel|either order|any order)\b(?:\s+(?:of|from)\s+(each other|one another|phases?\s+[\d\s,&a-z.–-]+))?/i;

/** The sentences of prose lines, each with its range on its line. */
function* sentencesOf(prose: { text: string; range: Range }[]): Generator<{ text: string; range: Range }> {
  for (const line of prose) {
    let at = 0;
    const l = line.range.start.line;
    for (const sentence of line.text.split(/(?<=[.;!?])\s+/)) {
      const start = line.text.indexOf(sentence, at);
      at = start + sentence.length;
      yield { text: sentence, range: { start: { line: l, character: start }, end: { line: l, character: start + sentence.trimEnd().length } } };
    }
  }
}

/** `Phases 1 and 2 are independent`, `Phase 3 is independent of Phase 2`: the pairs a sentence says are independent. */
export function independenceClaims(prose: { text: string; range: Range }[]): { pairs: [string, string][]; range: Range }[] {
  const out: { pairs: [string, string][]; range: Range }[] = [];
  const idsIn = (t: string) => [...new Set([...t.matchAll(/(?<![\w.])(\d+(?:\.\d+)?[a-z]?)(?!\w|\.\d)/gi)].map((m) => m[1].toLowerCase()))];
  for (const { text, range } of sentencesOf(prose)) {
    const m = INDEPENDENT.exec(text);
    if (!m) continue;
    const subject = idsIn(m[1]);
    const object = m[3] && !/each other|one another/i.test(m[3]) ? idsIn(m[3]) : [];
    const pairs: [string, string][] = [];
    if (object.length) for (const a of subject) for (const b of object) pairs.push([a, b]);
    else for (let i = 0; i < subject.length; i++) for (let j = i + 1; j < subject.length; j++) pairs.push([subject[i], subject[j]]);
    if (pairs.length) out.push({ pairs, range });
  }
  return out;
}

const ORDER = /^\W*phase\s+(\d+(?:\.\d+)?[a-z]?)\s+(?:strictly\s+|also\s+|directly\s+|only\s+)?(?:needs|requires|depends\s+(?:only\s+)?on|must\s+wait\s+for|waits\s+for|comes\s+after|runs\s+after|starts\s+after|is\s+blocked\s+by|builds\s+on)\s+(?:\*\*both\*\*\s+|both\s+)?/i;

/**
 * `Phase 3 needs Phase 2`, `Phase 4 needs 1 & 2 (and wants 3 done)`, `Phase 3 depends on both Phase 1 (…) and Phase 2`:
 * the order a sentence of the map section states, as (phase, what it needs) pairs. Only a sentence that opens with
 * one phase and the verb; the phases it needs are read up to the first other word, notes in parentheses skipped.
 */
export function orderClaims(prose: { text: string; range: Range }[]): { phase: string; needs: string[]; range: Range }[] {
  const out: { phase: string; needs: string[]; range: Range }[] = [];
  for (const { text, range } of sentencesOf(prose)) {
    const m = ORDER.exec(text);
    if (!m) continue;
    const needs: string[] = [];
    let rest = text.slice(m[0].length);
    for (;;) {
      const id = /^(?:\*\*)?(?:phases?\s+)?(\d+(?:\.\d+)?[a-z]?)(?!\w|\.\d)(?:\*\*)?\s*(?:\([^()]*\)\s*)?/i.exec(rest);
      if (!id) break;
      needs.push(id[1].toLowerCase());
      rest = rest.slice(id[0].length);
      const sep = /^(?:,\s*(?:and\s+)?|&\s*|and\s+|\+\s*)/i.exec(rest);
      if (!sep) break;
      rest = rest.slice(sep[0].length);
    }
    if (needs.length) out.push({ phase: m[1].toLowerCase(), needs, range });
  }
  return out;
}

function jsonFix(model: PlanModel) {
  const pj = model.phasesJson;
  const block = pj?.range && model.codeBlocks.find((b) => b.range.start.line === pj.range!.start.line);
  if (!block) return undefined;
  return [{ title: 'Regenerate the phases JSON from the phase headings', edits: [{ range: block.contentRange, newText: renderPhasesJson(model) }], preferred: true }];
}

const phasesJsonMissing: Rule = {
  code: 'phases-json-missing',
  severity: 'warning',
  description: 'The plan has no `## Phases (Machine Readable)` JSON block (codev plans need one).',
  doc: {
    why: 'The runner executes a codev plan from this JSON; without it the plan cannot be run phase by phase.',
    bad: '# Plan: X\n\n## Phase Breakdown\n\n### Phase 1: A\n**Dependencies**: None\n\n#### Objective\nA.\n\n### Phase 2: B\n**Dependencies**: Phase 1\n\n#### Objective\nB.\n',
    good: '# Plan: X\n\n## Phases (Machine Readable)\n\n```json\n{"phases": [{"id": "phase_1", "title": "A"}, {"id": "phase_2", "title": "B"}]}\n```\n\n## Phase Breakdown\n\n### Phase 1: A\n**Dependencies**: None\n\n#### Objective\nA.\n\n### Phase 2: B\n**Dependencies**: Phase 1\n\n#### Objective\nB.\n',
  },
  check(model) {
    if (model.preset !== 'codev' || (model.phasesJson && model.phasesJson.range)) return [];
    const block = `## Phases (Machine Readable)\n\n\`\`\`json\n${renderPhasesJson(model)}\n\`\`\`\n`;
    if (model.phasesJson) {
      const ins = insertAfterLine(model, model.phasesJson.sectionRange.end.line);
      const body = block.slice(block.indexOf('```'));
      return [{
        message: 'The "## Phases (Machine Readable)" section has no JSON block; the runner needs one',
        range: { start: model.phasesJson.sectionRange.start, end: { line: model.phasesJson.sectionRange.start.line, character: 200 } },
        fixes: [{ title: 'Add the phases JSON generated from the headings', edits: [{ range: { start: ins.position, end: ins.position }, newText: `${ins.prefix}${body}` }], preferred: true }],
      }];
    }
    const breakdown = model.sections.find((s) => /^phase breakdown$/i.test(s.title));
    const anchor = breakdown?.heading ?? model.phases[0]?.heading ?? model.title?.range ?? { start: pos(0), end: pos(0) };
    const line = breakdown?.heading.start.line ?? model.phases[0]?.heading.start.line;
    const edit = line !== undefined ? { range: { start: pos(line), end: pos(line) }, newText: `${block}\n` } : { range: { start: pos(model.lineCount, 0), end: pos(model.lineCount, 0) }, newText: `\n${block}` };
    return [{
      message: 'This codev plan has no "## Phases (Machine Readable)" JSON block; the runner executes the plan from it',
      range: anchor,
      fixes: [{ title: 'Add the phases JSON generated from the headings', edits: [edit], preferred: true }],
    }];
  },
};

const phasesJsonInvalid: Rule = {
  code: 'phases-json-invalid',
  severity: 'error',
  description: 'The phases JSON is not valid JSON, or has no "phases" array.',
  doc: {
    why: 'The runner cannot read the plan at all.',
    bad: '# Plan: X\n\n## Phases (Machine Readable)\n\n```json\n{"phases": [{"id": "phase_1", "title": "A"},]}\n```\n\n### Phase 1: A\n**Dependencies**: None\n',
    good: '# Plan: X\n\n## Phases (Machine Readable)\n\n```json\n{"phases": [{"id": "phase_1", "title": "A"}]}\n```\n\n### Phase 1: A\n**Dependencies**: None\n',
  },
  check(model) {
    const e = model.phasesJson?.error;
    if (!e) return [];
    return [{ message: `The phases JSON does not parse: ${e.message}`, range: e.range, fixes: jsonFix(model) }];
  },
};

const phasesJsonNotFirst: Rule = {
  code: 'phases-json-not-first',
  severity: 'warning',
  description: 'The first code block of the phases section is not the phases JSON.',
  doc: {
    why: 'The runner reads the first JSON block of the section; another block before it is read instead of the phases.',
    bad: '# Plan: X\n\n## Phases (Machine Readable)\n\n```json\n{"note": "example"}\n```\n\n```json\n{"phases": [{"id": "phase_1", "title": "A"}]}\n```\n\n### Phase 1: A\n**Dependencies**: None\n',
    good: '# Plan: X\n\n## Phases (Machine Readable)\n\n```json\n{"phases": [{"id": "phase_1", "title": "A"}]}\n```\n\n### Phase 1: A\n**Dependencies**: None\n',
  },
  check(model) {
    const pj = model.phasesJson;
    if (!pj || !pj.range || pj.isFirstBlock || !pj.firstBlockRange) return [];
    return [{
      message: 'The first code block of "## Phases (Machine Readable)" is not the phases JSON; the runner reads the first block, so move the phases block up',
      range: { start: pj.firstBlockRange.start, end: { line: pj.firstBlockRange.start.line, character: 200 } },
      related: [{ message: 'the phases block', range: pj.range }],
    }];
  },
};

const tooFewPhases: Rule = {
  code: 'too-few-phases',
  severity: 'warning',
  description: 'A codev plan with fewer than two phases.',
  doc: {
    why: "The codev protocol's plan gate asks for at least two phases, so that work lands in reviewable steps.",
    bad: '# Plan: X\n\n## Phases (Machine Readable)\n\n```json\n{"phases": [{"id": "phase_1", "title": "A"}]}\n```\n\n### Phase 1: A\n**Dependencies**: None\n',
    good: '# Plan: X\n\n## Phases (Machine Readable)\n\n```json\n{"phases": [{"id": "phase_1", "title": "A"}, {"id": "phase_2", "title": "B"}]}\n```\n\n### Phase 1: A\n**Dependencies**: None\n\n### Phase 2: B\n**Dependencies**: Phase 1\n',
  },
  check(model) {
    const pj = model.phasesJson;
    if (model.preset !== 'codev' && (!pj || pj.elsewhere)) return [];
    const count = pj?.phases ? pj.phases.length : model.phases.length;
    if (count >= 2 || pj?.error) return [];
    const range = pj?.range ?? model.phases[0]?.heading ?? model.title?.range ?? { start: pos(0), end: pos(0) };
    return [{ message: `The plan has ${count === 0 ? 'no phases' : 'only one phase'}; a codev plan needs at least two`, range: { start: range.start, end: { line: range.start.line, character: 200 } } }];
  },
};

const phasesJsonDrift: Rule = {
  code: 'phases-json-drift',
  severity: 'warning',
  description: 'The phases JSON and the phase headings disagree on ids, titles or order.',
  doc: {
    why: 'The runner executes the JSON while people read the headings; when they drift, the runner executes a plan nobody reviewed.',
    bad: '# Plan: X\n\n## Phases (Machine Readable)\n\n```json\n{"phases": [{"id": "phase_1", "title": "A"}, {"id": "phase_2", "title": "Old name"}]}\n```\n\n### Phase 1: A\n**Dependencies**: None\n\n### Phase 2: B\n**Dependencies**: Phase 1\n',
    good: '# Plan: X\n\n## Phases (Machine Readable)\n\n```json\n{"phases": [{"id": "phase_1", "title": "A"}, {"id": "phase_2", "title": "B"}]}\n```\n\n### Phase 1: A\n**Dependencies**: None\n\n### Phase 2: B\n**Dependencies**: Phase 1\n',
  },
  check(model) {
    const pj = model.phasesJson;
    if (!pj?.phases || !model.phases.length) return [];
    const fixes = jsonFix(model);
    const out: RawFinding[] = [];
    const matched = matchEntries(pj.phases, model);
    const listed = new Set<string>();
    let lastIndex = -1;
    pj.phases.forEach((e, k) => {
      const { phase, by } = matched[k];
      if (!phase) {
        out.push({ message: `The phases JSON lists "${e.id}"${e.title ? ` ("${e.title}")` : ''}, but the plan has no phase heading for it`, range: e.range, fixes });
        return;
      }
      listed.add(phase.id);
      const agree = titleDrift(e.title, phase.title, e.id);
      if (agree !== 'same') {
        const titleFix = e.titleRange
          ? [{ title: `Use the heading's title "${phase.title}"`, edits: [{ range: e.titleRange, newText: JSON.stringify(phase.title) }], preferred: true }, ...(fixes ?? []).map((f) => ({ ...f, preferred: false }))]
          : fixes;
        const what = by === 'position' ? `The phases JSON's entry ${k + 1} ("${e.id}") calls ${phaseName(phase.id)}` : `The phases JSON calls ${phaseName(phase.id)}`;
        out.push({
          message: `${what} "${e.title}", but its heading says "${phase.title}"`,
          range: e.titleRange ?? e.range,
          fixes: titleFix,
          // Long titles that share most of their words, a word changed at the edge: maybe one phase worded twice.
          severity: agree === 'close' ? 'information' : undefined,
          related: [{ message: `the heading of ${phaseName(phase.id)}`, range: phase.heading }],
        });
      }
      const idNumber = /^phase[\s_-]*(\d+(?:\.\d+)?[a-z]?)(?:$|[\s_-])/i.exec(e.id);
      if (idNumber && idNumber[1].toLowerCase() !== phase.id) {
        const lit = JSON.stringify(e.id);
        const idRange: Range = { start: e.range.start, end: { line: e.range.start.line, character: e.range.start.character + lit.length } };
        const fixedId = e.id.replace(/^(phase[\s_-]*)(\d+(?:\.\d+)?[a-z]?)/i, `$1${phase.id}`);
        out.push({
          message: `The phases JSON's id "${e.id}" names another phase than the one its title names, ${phaseName(phase.id)}`,
          range: idRange,
          fixes: [{ title: `Use the id "${fixedId}"`, edits: [{ range: idRange, newText: JSON.stringify(fixedId) }], preferred: true }],
          related: [{ message: `the heading of ${phaseName(phase.id)}`, range: phase.heading }],
        });
      }
      const prefix = /^\s*phase\s+(\d+(?:\.\d+)?[a-z]?)\b/i.exec(e.title);
      if (agree === 'same' && prefix && prefix[1].toLowerCase() !== phase.id) {
        const renamed = e.title.slice(0, prefix.index + prefix[0].length - prefix[1].length) + phase.id + e.title.slice(prefix.index + prefix[0].length);
        out.push({
          message: `The phases JSON numbers "${e.title}" as Phase ${prefix[1]}, but its heading is ${phaseName(phase.id)}`,
          range: e.titleRange ?? e.range,
          fixes: e.titleRange ? [{ title: `Number it ${phaseName(phase.id)} as the heading does`, edits: [{ range: e.titleRange, newText: JSON.stringify(renamed) }] }] : fixes,
          related: [{ message: `the heading of ${phaseName(phase.id)}`, range: phase.heading }],
        });
      }
      if (by !== 'position' && phase.index < lastIndex) out.push({ message: `The phases JSON lists ${phaseName(phase.id)} out of the headings' order`, range: e.range, fixes });
      lastIndex = Math.max(lastIndex, phase.index);
    });
    for (const p of phaseById(model).values()) {
      if (!listed.has(p.id)) out.push({ message: `${phaseName(p.id)} is not in the phases JSON; the runner will not execute it`, range: p.heading, fixes });
    }
    return out;
  },
};

const statusDrift: Rule = {
  code: 'status-drift',
  severity: 'warning',
  description: "The status.yaml beside the plan lists other phases than the plan's headings.",
  doc: {
    why: 'Progress is tracked against status.yaml; a phase missing on either side is never tracked or never done.',
    bad: '# Plan: X\n\n### Phase 1: A\n**Dependencies**: None\n',
    good: '# Plan: X\n\n### Phase 1: A\n**Dependencies**: None\n\n### Phase 2: B\n**Dependencies**: Phase 1\n',
    options: {
      status: {
        path: 'codev/projects/7-x/status.yaml',
        phases: [{ id: 'phase_1', title: 'A', status: 'complete' }, { id: 'phase_2', title: 'B', status: 'pending' }],
      },
    },
  },
  check(model, options) {
    const status = options.status;
    // A status file that tracks no phases yet (`plan_phases: []`) has nothing to disagree with.
    if (!status || !status.phases.length || !model.phases.length) return [];
    const out: RawFinding[] = [];
    const tracked = new Set<string>();
    const file = status.path.split('/').slice(-2).join('/');
    const matched = matchEntries(status.phases, model);
    status.phases.forEach((s, k) => {
      const phase = matched[k].phase;
      if (phase) {
        tracked.add(phase.id);
        return;
      }
      out.push({ message: `${file} tracks "${s.id}"${s.title ? ` ("${s.title}")` : ''}, which this plan does not have`, range: model.title?.range ?? model.phases[0].heading });
    });
    for (const p of phaseById(model).values()) {
      if (!tracked.has(p.id)) out.push({ message: `${phaseName(p.id)} is not in ${file}; its progress is not tracked`, range: p.heading });
    }
    return out;
  },
};

export const agreementRules: Rule[] = [mapMismatch, phasesJsonMissing, phasesJsonInvalid, phasesJsonNotFirst, tooFewPhases, phasesJsonDrift, statusDrift];
