// Presets are data: a template (markdown, in presets/) and a few facts about it (presets/presets.json). Required
// sections, their order, phase subsections and placeholders are all read from the template's own text.
import presetData from './presets/presets.json';
import codevTemplate from './presets/codev.md';
import legacyTemplate from './presets/codev-legacy.md';
import pirTemplate from './presets/codev-pir.md';
import genericTemplate from './presets/generic.md';
import type { PresetId } from './types';
import { parsePlan } from './parse';

const templates: Record<PresetId, string> = {
  codev: codevTemplate,
  'codev-legacy': legacyTemplate,
  'codev-pir': pirTemplate,
  generic: genericTemplate,
};

export const PRESET_IDS: PresetId[] = ['codev', 'codev-legacy', 'codev-pir', 'generic'];

export interface SectionSpec {
  title: string;
  aliases: string[];
  required: boolean;
  /** The section as the template writes it, heading included, ending with a newline. */
  skeleton: string;
}

export interface Preset {
  id: PresetId;
  label: string;
  template: string;
  /** Every `##` section of the template, in order. */
  sections: SectionSpec[];
  /** The subsections of the template's first phase, in order, then other accepted sets. */
  subsectionSets: string[][];
  subsectionAliases: Record<string, string[]>;
  /** Template text of each subsection of the first phase, by title. */
  subsectionSkeletons: Record<string, string>;
  /** Bracketed placeholders of the template, `[Title]`, `[YYYY-MM-DD]`… */
  placeholders: string[];
  dependencyLine: boolean;
  phasesJson: boolean;
  dependencyMap: boolean;
}

interface PresetFacts {
  label: string;
  optionalSections: string[];
  sectionAliases: Record<string, string[]>;
  alternativeSubsections: string[][];
  subsectionAliases: Record<string, string[]>;
  dependencyLine: boolean;
  phasesJson: boolean;
  dependencyMap: boolean;
}

const cache = new Map<PresetId, Preset>();

/** Bracketed text that is not a link, an image, a checkbox or a footnote. */
export const PLACEHOLDER = /(?<![!\]\\])\[([^\[\]\n]{2,120})\](?![(\[:])/g;

export function templatePlaceholders(text: string): string[] {
  const out = new Set<string>();
  // Placeholders inside fenced blocks (`"title": "[Descriptive Name]"` in the phases JSON) count as well.
  for (const line of text.split('\n')) {
    PLACEHOLDER.lastIndex = 0;
    for (let m = PLACEHOLDER.exec(line); m; m = PLACEHOLDER.exec(line)) {
      if (/^[ xX]$/.test(m[1])) continue;
      out.add(m[0]);
    }
  }
  return [...out];
}

export function getPreset(id: PresetId): Preset {
  let p = cache.get(id);
  if (p) return p;
  const facts = (presetData as Record<string, PresetFacts>)[id];
  const template = templates[id];
  const model = parsePlan(template, { preset: id });
  const lines = template.split('\n');
  const slice = (from: number, to: number) => `${lines.slice(from, to + 1).join('\n').replace(/\s+$/, '')}\n`;
  const sections: SectionSpec[] = model.sections.map((s) => ({
    title: s.title,
    aliases: facts.sectionAliases[s.title] ?? [],
    required: !facts.optionalSections.includes(s.title),
    skeleton: slice(s.range.start.line, s.range.end.line),
  }));
  const first = model.phases[0];
  const subsectionSkeletons: Record<string, string> = {};
  for (const sub of first?.subsections ?? []) subsectionSkeletons[sub.title] = slice(sub.range.start.line, sub.range.end.line);
  const own = first ? first.subsections.map((s) => s.title) : [];
  p = {
    id,
    label: facts.label,
    template,
    sections,
    subsectionSets: own.length ? [own, ...facts.alternativeSubsections] : [],
    subsectionAliases: facts.subsectionAliases,
    subsectionSkeletons,
    placeholders: templatePlaceholders(template),
    dependencyLine: facts.dependencyLine,
    phasesJson: facts.phasesJson,
    dependencyMap: facts.dependencyMap,
  };
  cache.set(id, p);
  return p;
}

export { normalizeTitle, titleMatches } from './titles';
