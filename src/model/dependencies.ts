// Reads the value of a `**Dependencies**:` declaration. Lenient in what it reads (`None`, `Phase 1, Phase 2`,
// `Phases 1–3`, `Phase 2a`, `All previous phases`, references followed by prose, parentheticals), precise in what it
// keeps: whatever is not a reference, `None` or prose after references is returned as `unread`, never guessed.

/**
 * The label of a dependencies declaration, as a regular expression source: `**Dependencies**:`, `Dependencies:`,
 * `_Depends on_:` (group 1: the emphasis, group 2: the word). The model and phase references build on it.
 */
export const DEPENDENCIES_LABEL = String.raw`(\*\*|__|\*|_)?\s*(dependencies|dependency|depends on)\s*(?:\1\s*:|:\s*\1)`;

/** A phase id as written in a heading or reference, normalised: `phase_2A` → `2a`. */
export function normalizePhaseId(raw: string): string {
  return raw
    .trim()
    .replace(/^phase[\s_-]*/i, '')
    .toLowerCase();
}

export interface RawRef {
  /** Normalised id (`2a`), or for a range the two ends. */
  id?: string;
  from?: string;
  to?: string;
  start: number;
  end: number;
}

export interface DependencyReading {
  none: boolean;
  allPrevious: boolean;
  /** Offsets (in the value) of the `All previous phases` phrase. */
  allPreviousSpan?: [number, number];
  refs: RawRef[];
  unread: { start: number; end: number }[];
}

const ID = String.raw`\d+(?:\.\d+)?[a-z]?`;
const SEP = String.raw`\s*(?:,|;|&|\+|/|\band\b|\bor\b)\s*(?:phases?\s*)?`;
const RANGE = String.raw`\s*(?:–|—|-|\.\.|\bto\b|\bthrough\b|\bthru\b)\s*(?:phase\s*)?`;
const REF_LIST = new RegExp(
  String.raw`\b(?:phases?[\s_-]*(?:#\s*)?)(${ID})\b((?:${RANGE}${ID}\b)?)((?:${SEP}${ID}\b(?:${RANGE}${ID}\b)?)*)`,
  'gi',
);
// The end: `(?:\.\s*)?`, not `\.?\s*` after `\s*`: two runs of spaces side by side try every split of a long run of
// spaces before a failing end (a 200 KB value took a minute).
const BARE_LIST = new RegExp(String.raw`^\s*(${ID})(?:${RANGE}(${ID}))?((?:\s*,\s*${ID}(?:${RANGE}${ID})?)*)\s*(?:\.\s*)?$`, 'i');
const ONE = new RegExp(String.raw`(${ID})\b(?:${RANGE}(${ID})\b)?`, 'gi');

/** Replaces parenthesised text (balanced, any depth) with spaces so that offsets stay put. */
export function maskParentheses(s: string): string {
  const out = s.split('');
  let depth = 0;
  for (let i = 0; i < out.length; i++) {
    const c = out[i];
    if (c === '(') {
      depth++;
      out[i] = ' ';
    } else if (c === ')' && depth > 0) {
      depth--;
      out[i] = ' ';
    } else if (depth > 0) {
      out[i] = ' ';
    }
  }
  return out.join('');
}

function pushIds(value: string, base: number, refs: RawRef[]) {
  ONE.lastIndex = 0;
  for (let m = ONE.exec(value); m; m = ONE.exec(value)) {
    const start = base + m.index;
    const end = start + m[0].length;
    if (m[2]) refs.push({ from: m[1].toLowerCase(), to: m[2].toLowerCase(), start, end });
    else refs.push({ id: m[1].toLowerCase(), start, end });
  }
}

/** Markdown emphasis and code marks carry no meaning in a dependency value. */
function stripMarks(s: string): string {
  return s.replace(/[*_`[\]]/g, ' ');
}

export function readDependencyValue(value: string): DependencyReading {
  const reading: DependencyReading = { none: false, allPrevious: false, refs: [], unread: [] };
  const masked = stripMarks(maskParentheses(value));
  const lead = /^\s*/.exec(masked)![0].length;
  const rest = masked.slice(lead);
  if (rest.trim() === '') {
    // Empty, or nothing but a parenthetical: `(none)` reads as None, anything else is unread.
    if (/^\s*\(\s*none\b/i.test(value)) reading.none = true;
    else reading.unread.push({ start: 0, end: value.length });
    return reading;
  }
  if (/^(none|n\/a|nothing|no dependencies)(?![\w])/i.test(rest)) {
    reading.none = true;
    return reading;
  }
  const all = /^(all|every)\s+(?:of\s+the\s+)?(previous|prior|preceding|earlier|above|other|former)\s+phases?\b/i.exec(rest);
  if (all) {
    reading.allPrevious = true;
    reading.allPreviousSpan = [lead, lead + all[0].length];
    return reading;
  }
  const bare = BARE_LIST.exec(masked);
  if (bare) {
    pushIds(masked.replace(/\.\s*$/, ''), 0, reading.refs);
    return reading;
  }
  REF_LIST.lastIndex = 0;
  for (let m = REF_LIST.exec(masked); m; m = REF_LIST.exec(masked)) {
    const idStart = m.index + m[0].length - (m[1].length + m[2].length + m[3].length);
    pushIds(m[0].slice(idStart - m.index), idStart, reading.refs);
  }
  if (reading.refs.length === 0) {
    reading.unread.push({ start: lead, end: value.trimEnd().length });
  }
  return reading;
}
