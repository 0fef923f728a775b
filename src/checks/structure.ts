// Rules on the plan's shape against its preset's template: sections and phase subsections.
import type { Rule, RawFinding, TextEdit } from './types';
import type { Phase, PlanModel, Section } from '../model/types';
import { getPreset, normalizeTitle, titleMatches, type Preset } from '../model/presets';
import { insertAfterLine, phaseName, pos } from './util';
import { chooseSubsectionSet } from '../model/titles';

/** Each template section → the plan's sections that match it (by title or alias). */
function matchSections(model: PlanModel, preset: Preset): Map<number, Section[]> {
  const out = new Map<number, Section[]>();
  const claimed = new Set<Section>();
  preset.sections.forEach((spec, i) => {
    const hits = model.sections.filter((s) => !claimed.has(s) && titleMatches(s.title, spec.title));
    const alias = hits.length ? hits : model.sections.filter((s) => !claimed.has(s) && titleMatches(s.title, spec.title, spec.aliases));
    for (const s of alias) claimed.add(s);
    out.set(i, alias);
  });
  return out;
}

const missingSection: Rule = {
  code: 'missing-section',
  // Template completeness: shown after the disagreements and errors, which are the plan's real defects.
  severity: 'information',
  description: "A section the preset's template requires is missing.",
  doc: {
    why: 'Reviewers and tools expect every section of the template; a missing one is usually forgotten, not deliberate.',
    bad: '# PIR Plan: Fix\n\n## Understanding\nWhy.\n\n## Proposed Change\nWhat.\n\n## Files to Change\n- a.ts\n\n## Test Plan\n- unit\n',
    good: '# PIR Plan: Fix\n\n## Understanding\nWhy.\n\n## Proposed Change\nWhat.\n\n## Files to Change\n- a.ts\n\n## Risks & Alternatives Considered\n- none\n\n## Test Plan\n- unit\n',
  },
  check(model) {
    const preset = getPreset(model.preset);
    const matched = matchSections(model, preset);
    const out: RawFinding[] = [];
    preset.sections.forEach((spec, i) => {
      if (!spec.required || matched.get(i)!.length) return;
      // The phases JSON section has its own rule (phases-json-missing) with a fix that fills it from the headings.
      if (/^phases\s*\(machine/i.test(spec.title)) return;
      // Where it belongs: after the nearest earlier template section that the plan has.
      let after: Section | undefined;
      for (let j = i - 1; j >= 0 && !after; j--) after = matched.get(j)![0];
      let before: Section | undefined;
      for (let j = i + 1; j < preset.sections.length && !before && !after; j++) before = matched.get(j)![0];
      const heading = `## ${spec.title}`;
      let edit: TextEdit;
      let where: string;
      const holdsPhases = /^#{2,6}\s+Phase\s/m.test(spec.skeleton);
      if (holdsPhases && model.phases.length) {
        // The plan has its phases already: the section heading goes above the first one.
        const first = model.phases[0];
        const line = first.heading.start.line;
        edit = { range: { start: pos(line), end: pos(line) }, newText: `${heading}\n\n` };
        where = `above ${'Phase ' + first.id}`;
        out.push({
          message: `Missing section "${heading}"; add it ${where}`,
          range: first.heading,
          fixes: [{ title: `Add "${heading}" ${where}`, edits: [edit], preferred: true }],
        });
        return;
      }
      if (after) {
        const ins = insertAfterLine(model, after.range.end.line);
        edit = { range: { start: ins.position, end: ins.position }, newText: `${ins.prefix}${spec.skeleton}` };
        where = `after "## ${after.title}"`;
      } else if (before) {
        edit = { range: { start: pos(before.heading.start.line), end: pos(before.heading.start.line) }, newText: `${spec.skeleton}\n` };
        where = `before "## ${before.title}"`;
      } else {
        const line = model.title ? model.title.range.end.line : -1;
        const ins = line >= 0 ? insertAfterLine(model, line) : { position: pos(0), prefix: '' };
        edit = { range: { start: ins.position, end: ins.position }, newText: `${ins.prefix}${spec.skeleton}${line >= 0 ? '' : '\n'}` };
        where = 'after the title';
      }
      const anchor = after?.heading ?? before?.heading ?? model.title?.range ?? { start: pos(0), end: pos(0) };
      out.push({
        message: `Missing section "${heading}"; add it ${where}`,
        range: anchor,
        fixes: [{ title: `Add section "${heading}" ${where}`, edits: [edit], preferred: true }],
      });
    });
    return out;
  },
};

const sectionOrder: Rule = {
  code: 'section-order',
  severity: 'warning',
  description: "Sections are not in the template's order.",
  doc: {
    why: 'Readers find their way by the template order (summary, phases, risks, …); a section out of place is easy to miss.',
    bad: '# PIR Plan: Fix\n\n## Proposed Change\nWhat.\n\n## Understanding\nWhy.\n\n## Files to Change\n- a.ts\n\n## Risks & Alternatives Considered\n- none\n\n## Test Plan\n- unit\n',
    good: '# PIR Plan: Fix\n\n## Understanding\nWhy.\n\n## Proposed Change\nWhat.\n\n## Files to Change\n- a.ts\n\n## Risks & Alternatives Considered\n- none\n\n## Test Plan\n- unit\n',
  },
  check(model) {
    const preset = getPreset(model.preset);
    const matched = matchSections(model, preset);
    const order: { section: Section; index: number }[] = [];
    matched.forEach((list, index) => {
      if (list[0]) order.push({ section: list[0], index });
    });
    order.sort((a, b) => a.section.heading.start.line - b.section.heading.start.line);
    // The longest run already in order stays; every other section is out of place.
    const n = order.length;
    const len = new Array(n).fill(1);
    const prev = new Array(n).fill(-1);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < i; j++) {
        if (order[j].index < order[i].index && len[j] + 1 > len[i]) {
          len[i] = len[j] + 1;
          prev[i] = j;
        }
      }
    }
    let best = 0;
    for (let i = 1; i < n; i++) if (len[i] > len[best]) best = i;
    const keep = new Set<number>();
    for (let i = n ? best : -1; i >= 0; i = prev[i]) keep.add(i);
    const out: RawFinding[] = [];
    order.forEach((o, i) => {
      if (keep.has(i)) return;
      const spec = preset.sections[o.index];
      const before = order.filter((x, k) => keep.has(k) && x.index < o.index).pop();
      out.push({
        message: before
          ? `Section "## ${o.section.title}" is out of order; the template puts it after "## ${before.section.title}"`
          : `Section "## ${o.section.title}" is out of order; the template puts it before "## ${order.find((x, k) => keep.has(k))?.section.title ?? spec.title}"`,
        range: o.section.heading,
      });
    });
    return out;
  },
};

const duplicateSection: Rule = {
  code: 'duplicate-section',
  severity: 'warning',
  description: 'A section appears twice.',
  doc: {
    why: 'Two sections of the same name split what belongs together; readers and tools see only one of them.',
    bad: '# PIR Plan: Fix\n\n## Understanding\nWhy.\n\n## Proposed Change\nWhat.\n\n## Files to Change\n- a.ts\n\n## Risks & Alternatives Considered\n- none\n\n## Test Plan\n- unit\n\n## Test Plan\n- manual\n',
    good: '# PIR Plan: Fix\n\n## Understanding\nWhy.\n\n## Proposed Change\nWhat.\n\n## Files to Change\n- a.ts\n\n## Risks & Alternatives Considered\n- none\n\n## Test Plan\n- unit\n- manual\n',
  },
  check(model) {
    const seen = new Map<string, Section>();
    const out: RawFinding[] = [];
    for (const s of model.sections) {
      const key = normalizeTitle(s.title);
      const first = seen.get(key);
      if (!first) {
        seen.set(key, s);
        continue;
      }
      out.push({
        message: `Section "## ${s.title}" appears twice (first on line ${first.heading.start.line + 1}); merge the two`,
        range: s.heading,
        related: [{ message: 'first occurrence', range: first.heading }],
      });
    }
    return out;
  },
};

/** The subsection set the plan follows: the one whose titles its phases use most. */
export function subsectionSet(model: PlanModel, preset: Preset): { titles: string[]; source: Preset } | undefined {
  return chooseSubsectionSet(model, preset, getPreset);
}

function findSub(p: Phase, title: string, preset: Preset) {
  return p.subsections.find((s) => titleMatches(s.title, title, preset.subsectionAliases[title]));
}

/** A bold label (`**Objective**:`) standing for the subsection. */
function findLabel(p: Phase, title: string, preset: Preset) {
  return p.labels.find((s) => titleMatches(s.title, title, preset.subsectionAliases[title]));
}

const quoteList = (xs: string[]) => (xs.length === 1 ? `"${xs[0]}"` : `${xs.slice(0, -1).map((x) => `"${x}"`).join(', ')} and "${xs[xs.length - 1]}"`);

function reheading(skeleton: string, level: number): string {
  return skeleton.replace(/^#{1,6}(?=\s)/, '#'.repeat(Math.min(level, 6)));
}

const missingSubsection: Rule = {
  code: 'missing-subsection',
  // Template completeness: shown after the disagreements and errors, which are the plan's real defects.
  severity: 'information',
  description: 'A phase lacks a subsection of the template (or its Dependencies line).',
  doc: {
    why: 'Every phase answers the same questions (objectives, deliverables, how to test and roll back); a missing subsection is an unanswered question.',
    bad: '# Plan: X\n\n## Metadata\n- **ID**: 1\n\n### Phase 1: A\n**Dependencies**: None\n\n#### Objectives\n- a\n\n#### Deliverables\n- [ ] a\n\n#### Implementation Details\nHow.\n\n#### Acceptance Criteria\n- [ ] a\n\n#### Rollback Strategy\nRevert.\n\n#### Risks\n- none\n',
    good: '# Plan: X\n\n## Metadata\n- **ID**: 1\n\n### Phase 1: A\n**Dependencies**: None\n\n#### Objectives\n- a\n\n#### Deliverables\n- [ ] a\n\n#### Implementation Details\nHow.\n\n#### Acceptance Criteria\n- [ ] a\n\n#### Test Plan\n- unit\n\n#### Rollback Strategy\nRevert.\n\n#### Risks\n- none\n',
  },
  check(model) {
    const preset = getPreset(model.preset);
    const out: RawFinding[] = [];
    const set = subsectionSet(model, preset);
    for (const p of model.phases) {
      // One finding per phase: what it lacks, with one fix that adds all of it.
      const edits: TextEdit[] = [];
      const lacks: string[] = [];
      let noDeps = false;
      if (preset.dependencyLine && !p.dependencies) {
        noDeps = true;
        const prevPhase = model.phases[p.index - 1];
        const value = prevPhase ? `Phase ${prevPhase.id}` : 'None';
        const ins = insertAfterLine(model, p.heading.end.line);
        edits.push({ range: { start: ins.position, end: ins.position }, newText: ins.prefix === '\n' ? `**Dependencies**: ${value}\n\n` : `\n**Dependencies**: ${value}\n` });
      }
      if (set) {
        const { titles, source } = set;
        titles.forEach((title, i) => {
          if (findSub(p, title, preset) || findLabel(p, title, preset)) return;
          lacks.push(title);
          let after;
          for (let j = i - 1; j >= 0 && !after; j--) after = findSub(p, titles[j], preset);
          let before;
          for (let j = i + 1; j < titles.length && !before && !after; j++) before = findSub(p, titles[j], preset);
          const level = p.subsections[0]?.level ?? p.level + 1;
          const skeleton = reheading(source.subsectionSkeletons[title] ?? `#### ${title}\n`, level);
          if (after) {
            const ins = insertAfterLine(model, after.range.end.line);
            edits.push({ range: { start: ins.position, end: ins.position }, newText: `${ins.prefix}${skeleton}` });
          } else if (before) {
            edits.push({ range: { start: pos(before.heading.start.line), end: pos(before.heading.start.line) }, newText: `${skeleton}\n` });
          } else {
            const last = p.dependencies ? p.dependencies.range.end.line : p.range.end.line;
            const ins = insertAfterLine(model, Math.max(last, p.heading.end.line));
            edits.push({ range: { start: ins.position, end: ins.position }, newText: `${ins.prefix}${skeleton}` });
          }
        });
      }
      if (!noDeps && !lacks.length) continue;
      const parts: string[] = [];
      if (noDeps) parts.push('"**Dependencies**:" line (None, or the phases it needs)');
      if (lacks.length) parts.push(`${quoteList(lacks)} subsection${lacks.length === 1 ? '' : 's'}`);
      const what = parts.join(' and no ');
      out.push({
        message: `${phaseName(p.id)} has no ${what}`,
        range: p.heading,
        fixes: [{ title: `Add ${quoteList([...(noDeps ? ['**Dependencies**: …'] : []), ...lacks])} to ${phaseName(p.id)}`, edits: mergeInsertions(edits), preferred: true }],
      });
    }
    return out;
  },
};

/** Insertions at one position are joined into one edit, in order. */
function mergeInsertions(edits: TextEdit[]): TextEdit[] {
  const out: TextEdit[] = [];
  for (const e of edits) {
    const same = out.find((o) => o.range.start.line === e.range.start.line && o.range.start.character === e.range.start.character);
    if (same) same.newText += e.newText;
    else out.push({ ...e });
  }
  return out;
}

const emptySubsection: Rule = {
  code: 'empty-subsection',
  severity: 'warning',
  description: 'A phase subsection has a heading and nothing under it.',
  doc: {
    why: 'An empty subsection looks answered in the outline but says nothing; fill it or remove it.',
    bad: '# Plan: X\n\n### Phase 1: A\n**Dependencies**: None\n\n#### Objectives\n\n#### Deliverables\n- [ ] a\n',
    good: '# Plan: X\n\n### Phase 1: A\n**Dependencies**: None\n\n#### Objectives\n- Ship a\n\n#### Deliverables\n- [ ] a\n',
  },
  check(model) {
    const out: RawFinding[] = [];
    for (const p of model.phases) {
      for (const s of p.subsections) {
        if (s.empty) out.push({ message: `The "${s.title}" subsection of ${phaseName(p.id)} is empty; fill it in or remove it`, range: s.heading });
      }
    }
    return out;
  },
};

export const structureRules: Rule[] = [missingSection, sectionOrder, duplicateSection, missingSubsection, emptySubsection];
