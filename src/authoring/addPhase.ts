// Add Phase: the next phase after the last one, with every subsection the plan's phases use (from the preset's
// subsection skeletons), a Dependencies line on the phase before it, an entry in the phases JSON and an arrow in the
// Dependency Map when the plan has them. Pure: the preset comes in as data; no `vscode` import.
import type { Phase, PlanModel, PresetId, Range } from '../model/types';
import type { Preset } from '../model/presets';
import { chooseSubsectionSet, titleMatches } from '../model/titles';

export type PresetData = Pick<Preset, 'id' | 'template' | 'subsectionSets' | 'subsectionSkeletons' | 'subsectionAliases' | 'dependencyLine'>;

export interface AddPhaseResult {
  /** The new phase's id. */
  id: string;
  /** Edits against the current text, to apply together (one undo). */
  edits: { range: Range; newText: string }[];
  /** Where the new heading's title placeholder stands once the edits are applied. */
  titleRange: Range;
}

export const NEW_PHASE_TITLE = '[Descriptive Name]';

/** The subsection set the plan's phases use most (the same choice as the `missing-subsection` check), and the preset whose skeletons write it. */
export function pickSubsections(model: PlanModel, preset: PresetData, getPreset: (id: PresetId) => PresetData): { titles: string[]; source: PresetData } | undefined {
  return chooseSubsectionSet(model, preset, getPreset);
}

/** The body of the template's first phase, without its heading and Dependencies line (for presets without subsections). */
function templatePhaseBody(template: string): string {
  const lines = template.split('\n');
  const start = lines.findIndex((l) => /^#{2,6}\s+phase\s+\d/i.test(l));
  if (start < 0) return '';
  const level = /^#+/.exec(lines[start])![0].length;
  const body: string[] = [];
  for (let i = start + 1; i < lines.length; i++) {
    const h = /^(#{1,6})\s/.exec(lines[i]);
    if (h && h[1].length <= level) break;
    if (/^\s*(?:\*\*|__)dependencies(?:\*\*|__)\s*:/i.test(lines[i])) continue;
    body.push(lines[i]);
  }
  return `${body.join('\n').trim()}\n`;
}

const RULE = /^\s{0,3}(?:-[ \t]*){3,}$|^\s{0,3}(?:\*[ \t]*){3,}$|^\s{0,3}(?:_[ \t]*){3,}$/;

export function addPhaseEdits(model: PlanModel, text: string, preset: PresetData, getPreset: (id: PresetId) => PresetData): AddPhaseResult {
  const lines = text.split('\n').map((l) => l.replace(/\r$/, ''));
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const phases = model.phases;
  const last: Phase | undefined = phases[phases.length - 1];
  const maxMajor = phases.reduce((m, p) => Math.max(m, parseInt(p.id, 10) || 0), phases.length ? -1 : 0);
  const id = String(maxMajor + 1);
  const level = last?.level ?? 3;
  const subLevel = last?.subsections[0]?.level ?? level + 1;

  // Layout of the last phase: a blank line under the heading or not; a `---` rule between phases or not.
  const blank = (l: number) => l < lines.length && lines[l].trim() === '';
  const spacious = last ? blank(last.heading.end.line + 1) : true;
  let ruled = false;
  if (last && phases.length > 1) {
    let l = last.heading.start.line - 1;
    while (l >= 0 && blank(l)) l--;
    ruled = l >= 0 && RULE.test(lines[l]);
  }

  // The body: every subsection, or the template's phase body.
  const set = pickSubsections(model, preset, getPreset);
  let body: string;
  if (set) {
    body = set.titles
      .map((title) => {
        // The plan's own spelling (`Success Criteria` for `Acceptance Criteria`), latest phase first.
        let written = title;
        for (let i = phases.length - 1; i >= 0; i--) {
          const hit = phases[i].subsections.find((s) => titleMatches(s.title, title, preset.subsectionAliases[title]));
          if (hit) {
            written = hit.title;
            break;
          }
        }
        const skeleton = set.source.subsectionSkeletons[title] ?? `#### ${title}\n`;
        return skeleton.replace(/^#{1,6}[ \t]+[^\n]*/, `${'#'.repeat(Math.min(subLevel, 6))} ${written}`);
      })
      .join('\n');
  } else {
    body = templatePhaseBody(preset.template);
  }
  const withDeps = preset.dependencyLine || phases.some((p) => p.dependencies);
  const heading = `${'#'.repeat(level)} Phase ${id}: ${NEW_PHASE_TITLE}`;
  let phaseText = heading + '\n';
  if (withDeps) phaseText += `${spacious ? '\n' : ''}**Dependencies**: ${last ? `Phase ${last.id}` : 'None'}\n`;
  if (body.trim()) phaseText += `\n${body}`;
  phaseText = phaseText.replace(/\s+$/, '');

  // Where: after the last phase's last line (before a trailing rule), or at the end of the phases section.
  let at: number;
  if (last) {
    at = last.range.end.line;
    while (at > last.heading.start.line && (blank(at) || RULE.test(lines[at]))) at--;
  } else {
    const section = model.sections.find((s) => /^(phase breakdown|implementation phases|phases)$/i.test(s.title.trim()));
    at = section ? section.range.end.line : lines.length - 1;
    while (at > 0 && blank(at) && (!section || at > section.heading.start.line)) at--;
  }
  const lead = `${eol}${eol}${ruled ? `---${eol}${eol}` : ''}`;
  const newText = lead + phaseText.split('\n').join(eol);
  const insert = { line: at, character: lines[at]?.length ?? 0 };
  const edits: AddPhaseResult['edits'] = [];
  let shift = 0;

  // The phases JSON: one more entry after the last.
  const pj = model.phasesJson;
  const entries = pj && !pj.error && pj.range ? pj.phases ?? [] : [];
  if (entries.length) {
    const e = entries[entries.length - 1];
    const line = lines[e.range.start.line];
    const own = e.range.end.line === e.range.start.line && /^\s*\{[^{}]*\},?\s*$/.test(line);
    const entry = `{"id": "phase_${id}", "title": ${JSON.stringify(NEW_PHASE_TITLE)}}`;
    if (own) {
      const indent = /^\s*/.exec(line)![0];
      const end = line.replace(/,?\s*$/, '').length;
      edits.push({ range: { start: { line: e.range.start.line, character: end }, end: { line: e.range.start.line, character: end } }, newText: `,${eol}${indent}${entry}` });
      if (e.range.start.line < at || (e.range.start.line === at && end <= insert.character)) shift = 1;
    } else {
      edits.push({ range: { start: e.range.end, end: e.range.end }, newText: `, ${entry}` });
    }
  }
  // The Dependency Map: continue the chain that ends with the last phase, or draw the new arrow on a line of its own.
  const map = model.dependencyMap;
  const block = map && last ? model.codeBlocks.find((c) => c.range.start.line === map.range.start.line) : undefined;
  if (map && block && last && map.nodes.length) {
    const arrow = /──+[→>]/.exec(map.raw)?.[0] ?? (map.raw.includes('-->') ? '-->' : map.raw.includes('→') ? '→' : '──→');
    const tail = map.nodes.find((n) => n.ids.length === 1 && n.ids[0] === last.id && (lines[n.range.end.line] ?? '').slice(n.range.end.character).trim() === '');
    if (tail) {
      edits.push({ range: { start: tail.range.end, end: tail.range.end }, newText: ` ${arrow} Phase ${id}` });
    } else {
      const end = block.contentRange.end;
      const lineEnd = { line: end.line, character: lines[end.line]?.length ?? end.character };
      edits.push({ range: { start: lineEnd, end: lineEnd }, newText: `${eol}Phase ${last.id} ${arrow} Phase ${id}` });
      if (end.line < at) shift++;
    }
  }
  edits.push({ range: { start: insert, end: insert }, newText });

  const headingLine = at + shift + (lead.split(eol).length - 1);
  const col = heading.length - NEW_PHASE_TITLE.length;
  return {
    id,
    edits,
    titleRange: { start: { line: headingLine, character: col }, end: { line: headingLine, character: heading.length } },
  };
}
