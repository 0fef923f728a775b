// Rules that compare the phases with what else describes them: the Dependency Map drawing, the phases JSON that a
// runner executes, and the status.yaml that tracks progress. Also the generators their quick fixes use.
import type { Rule, RawFinding, Severity } from './types';
import type { PlanModel, Range } from '../model/types';
import { phaseIdOfJson } from '../model/build';
import { isMermaid } from '../model/mermaidMap';
import { normalizeTitle } from '../model/presets';
import { insertAfterLine, phaseById, phaseName, pos, Reach } from './util';

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
  for (const p of ids.values()) lines.push(`  ${ref(p.id)}["Phase ${p.id}: ${p.title.replace(/["\[\]{}()<>|#]/g, ' ').replace(/\s+/g, ' ').trim()}"]`);
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
    const head: Range = { start: map.range.start, end: { line: map.range.start.line, character: 3 } };
    const fixes = mapFixes(model);
    if (!map.nodes.length) {
      return [{ message: 'The Dependency Map could not be read as phases and arrows, so it was not compared with the Dependencies lines', range: head, severity: 'information', fixes }];
    }
    const ids = phaseById(model);
    const out: RawFinding[] = [];
    const partial = map.unreadable.length > 0;
    // What the map draws was read; what it seems to leave out may hide in an unreadable part, but only in one that
    // holds an arrowhead (prose and bare lines draw no dependency). Only such gaps are downgraded to information.
    const uncertain = map.unreadable.some((u) => ARROWHEAD.test(u.text));
    const severity: Severity | undefined = uncertain ? 'information' : undefined;
    const inMap = new Set(map.nodes.flatMap((n) => n.ids));
    for (const n of map.nodes) {
      for (const id of n.ids) {
        if (!ids.has(id)) out.push({ message: `The Dependency Map names ${phaseName(id)}, which this plan does not have`, range: n.range, fixes });
      }
    }
    const nodes = [...ids.keys()];
    const depEdges = new Map<string, string[]>(nodes.map((n) => [n, []]));
    for (const p of ids.values()) for (const d of p.dependencies?.dependsOn ?? []) if (ids.has(d)) depEdges.get(d)!.push(p.id);
    const mapEdges = new Map<string, string[]>(nodes.map((n) => [n, []]));
    for (const e of map.edges) if (ids.has(e.from) && ids.has(e.to)) mapEdges.get(e.from)!.push(e.to);
    const reachDeps = reachabilityOf(nodes, depEdges);
    const reachMap = reachabilityOf(nodes, mapEdges);
    const reported = new Set<string>();
    for (const e of map.edges) {
      if (!ids.has(e.from) || !ids.has(e.to) || e.from === e.to || reachDeps.has(e.from, e.to) !== false || reported.has(`${e.from}>${e.to}`)) continue;
      reported.add(`${e.from}>${e.to}`);
      out.push({
        message: `The Dependency Map leads from ${phaseName(e.from)} to ${phaseName(e.to)}, but ${phaseName(e.to)}'s Dependencies line does not depend on ${phaseName(e.from)}, directly or through other phases`,
        range: e.range,
        fixes,
      });
    }
    const undrawn: { p: string; d: string; range: Range }[] = [];
    for (const p of ids.values()) {
      for (const ref of p.dependencies?.refs ?? []) {
        const d = ref.id;
        if (!ids.has(d) || d === p.id || !inMap.has(d) || !inMap.has(p.id) || reachMap.has(d, p.id) !== false) continue;
        undrawn.push({ p: p.id, d, range: ref.range });
      }
    }
    if (reachDeps.exhausted || reachMap.exhausted) options.limits?.push('the Dependency Map was compared with the Dependencies lines only in part (too many paths to follow)');
    if (uncertain && undrawn.length > 1) {
      // Where part of the drawing could not be read, one note says what it does not show.
      out.push({
        message: `The readable part of the Dependency Map does not show ${undrawn.length} dependencies: ${listSome(undrawn.map((u) => `${u.d} → ${u.p}`))}`,
        range: head,
        severity,
        fixes,
      });
    }
    for (const { p: pid, d, range } of uncertain && undrawn.length > 1 ? [] : undrawn) {
      {
        const p = ids.get(pid)!;
        const ref = { range };
        out.push({
          message: `${phaseName(p.id)} depends on ${phaseName(d)}, but the Dependency Map has no path from ${phaseName(d)} to ${phaseName(p.id)}`,
          range: head,
          severity,
          related: [{ message: `${phaseName(p.id)}'s Dependencies line`, range: ref.range }],
          fixes,
        });
      }
    }
    const missing = nodes.filter((id) => !inMap.has(id));
    if (missing.length && missing.length < nodes.length) {
      out.push({
        message: `The Dependency Map leaves out ${listSome(missing.map(phaseName))}`,
        range: head,
        severity,
        fixes,
      });
    }
    if (partial) {
      out.push({
        message: `Part of the Dependency Map could not be read ("${map.unreadable[0].text.trim().slice(0, 60)}"${map.unreadable.length > 1 ? ` and ${map.unreadable.length - 1} more` : ''}); it was compared only where it could be read`,
        range: map.unreadable[0].range,
        severity: 'information',
      });
    }
    return out;
  },
};

function jsonTitle(title: string): string {
  return title.replace(/^phase\s+\d+(?:\.\d+)?[a-z]?\s*[:.\-–—]\s*/i, '');
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
    if (model.preset !== 'codev' && !pj) return [];
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
    const ids = phaseById(model);
    const fixes = jsonFix(model);
    const out: RawFinding[] = [];
    const listed = new Set<string>();
    let lastIndex = -1;
    for (const e of pj.phases) {
      const pid = e.phaseId;
      const phase = pid ? ids.get(pid) : undefined;
      if (!phase) {
        out.push({ message: `The phases JSON lists "${e.id}"${e.title ? ` ("${e.title}")` : ''}, but no phase heading matches it`, range: e.range, fixes });
        continue;
      }
      listed.add(phase.id);
      if (normalizeTitle(jsonTitle(e.title)) !== normalizeTitle(phase.title)) {
        out.push({ message: `The phases JSON calls ${phaseName(phase.id)} "${e.title}", but its heading says "${phase.title}"`, range: e.range, fixes, related: [{ message: 'the heading', range: phase.heading }] });
      }
      if (phase.index < lastIndex) out.push({ message: `The phases JSON lists ${phaseName(phase.id)} out of the headings' order`, range: e.range, fixes });
      lastIndex = Math.max(lastIndex, phase.index);
    }
    for (const p of ids.values()) {
      if (!listed.has(p.id)) out.push({ message: `${phaseName(p.id)} is missing from the phases JSON; the runner will not execute it`, range: p.heading, fixes });
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
    if (!status || !model.phases.length) return [];
    const ids = phaseById(model);
    const out: RawFinding[] = [];
    const tracked = new Set<string>();
    const file = status.path.split('/').slice(-2).join('/');
    for (const s of status.phases) {
      const pid = phaseIdOfJson(s.id, s.title, model.phases);
      if (pid && ids.has(pid)) {
        tracked.add(pid);
        continue;
      }
      out.push({ message: `${file} tracks "${s.id}"${s.title ? ` ("${s.title}")` : ''}, which this plan does not have`, range: model.title?.range ?? model.phases[0].heading });
    }
    for (const p of ids.values()) {
      if (!tracked.has(p.id)) out.push({ message: `${phaseName(p.id)} is not in ${file}; its progress is not tracked`, range: p.heading });
    }
    return out;
  },
};

export const agreementRules: Rule[] = [mapMismatch, phasesJsonMissing, phasesJsonInvalid, phasesJsonNotFirst, tooFewPhases, phasesJsonDrift, statusDrift];
