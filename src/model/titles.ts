// Matching section and subsection titles leniently, and choosing the subsection set a plan follows. Light on purpose
// (no parser import), so that the extension's authoring commands can use it without loading remark.
import type { PlanModel, PresetId } from './types';

const normalized = new Map<string, string>();

/** Lowercase, letters and digits only (× reads as x): `Files to Create/Modify` = `files to create / modify`. */
export function normalizeTitle(s: string): string {
  let n = normalized.get(s);
  if (n === undefined) {
    n = s.toLowerCase().replace(/×/g, 'x').replace(/[^\p{L}\p{N}]+/gu, ' ').trim();
    // Titles repeat across phases and keystrokes; keep the memo bounded.
    if (normalized.size > 20_000) normalized.clear();
    normalized.set(s, n);
  }
  return n;
}

export function titleMatches(title: string, wanted: string, aliases: string[] = []): boolean {
  const t = normalizeTitle(title);
  return [wanted, ...aliases].some((w) => {
    const n = normalizeTitle(w);
    return t === n || t.startsWith(`${n} `);
  });
}

/** What choosing a subsection set needs of a preset. */
export interface SubsectionSets {
  subsectionSets: string[][];
}

/**
 * The subsection set the plan follows: of the preset's sets, the one whose titles its phases use most; `source` is the
 * preset whose template writes that set (another set's skeletons come from the preset that defines it).
 */
export function chooseSubsectionSet<P extends SubsectionSets>(model: PlanModel, preset: P, getPreset: (id: PresetId) => P): { titles: string[]; source: P } | undefined {
  if (!preset.subsectionSets.length) return undefined;
  let best = 0;
  let bestScore = -1;
  preset.subsectionSets.forEach((set, i) => {
    let score = 0;
    for (const p of model.phases) for (const t of set) if (p.subsections.some((s) => titleMatches(s.title, t)) || (p.labels ?? []).some((s) => titleMatches(s.title, t))) score++;
    if (score > bestScore) {
      best = i;
      bestScore = score;
    }
  });
  const titles = preset.subsectionSets[best];
  const source = best === 0 ? preset : (['codev-legacy', 'codev'] as const).map(getPreset).find((p) => p.subsectionSets[0]?.join() === titles.join()) ?? preset;
  return { titles, source };
}
