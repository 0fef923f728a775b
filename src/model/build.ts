// Walks the mdast of every chunk into the PlanModel. Cheap next to the parse (well under a millisecond for a long
// plan); every position is computed from document offsets so that a chunk parsed on its own yields exactly what a
// whole-document parse yields.
import { toString } from 'mdast-util-to-string';
import type { Nodes, RootContent, ListItem, Table as MdTable, Code, Heading as MdHeading } from 'mdast';
import type {
  ChangeLogRow, Checkbox, Comment, Dependencies, DependencyMap, FencedBlock, Heading, MetadataField, Phase,
  PhaseRef, PhasesJson, PhasesJsonEntry, PlanModel, Position, PresetId, Range, RiskRow, Section, Step, Subsection,
  Table, TableCell,
} from './types';
import { lineAt, type Chunk } from './scan';
import { DEPENDENCIES_LABEL, normalizePhaseId, readDependencyValue } from './dependencies';
import { readDependencyMap } from './dependencyMap';
import { isMermaid, readMermaidMap } from './mermaidMap';
import { parse as parseJsonc, parseTree, printParseErrorCode, type ParseError, type Node as JsonNode } from 'jsonc-parser';

export const PHASE_HEADING = /^phase\s+(\d+(?:\.\d+)?[a-z]?)\b\s*(?:[:.)\-–—]+\s*)?(.*)$/i;
const STEP_HEADING = /^step\s+(\d+[a-z]?)\b\s*(?:[:.)\-–—]+\s*)?(.*)$/i;
const NUMBERED_HEADING = /^(\d+)[.)]\s+(.*)$/;
const DEP_KEY = new RegExp(`^${DEPENDENCIES_LABEL}[ \\t]*`, 'i');
/** A bold span opening a line (`**Objective**`, `- __Files:__`). */
const BOLD_START = /^(\s*(?:[-*+]\s+)?)(\*\*|__)([^*_\n]{2,60}?)\2/;

/** `**Objective**: …`, `**Objective:** …` or a bold line alone (`**Test Plan**`): a label and where it stands. */
function boldLabel(line: string, l: number): { title: string; range: Range } | undefined {
  const m = BOLD_START.exec(line);
  if (!m) return undefined;
  const inner = m[3].trim();
  const after = line.slice(m[0].length);
  if (!(inner.endsWith(':') || /^\s*:/.test(after) || after.trim() === '')) return undefined;
  const end = m[0].length + (/^\s*:/.test(after) ? after.indexOf(':') + 1 : 0);
  return { title: inner.replace(/\s*:$/, ''), range: { start: { line: l, character: m[1].length }, end: { line: l, character: end } } };
}

const META_LINE = /^\s*(?:[-*+]\s+)?(?:(\*\*|__)([^*_\n]{1,40}?)(?::\s*\1|\1\s*:)|([A-Z][\w ]{0,30}):(?!\/\/))[ \t]*(.*)$/;

interface Located {
  node: RootContent;
  chunk: Chunk;
}

export interface BuildInput {
  text: string;
  lineStarts: number[];
  chunks: Chunk[];
  nodes: RootContent[][];
  preset: PresetId | 'auto' | undefined;
  /** Notes of what the parse cut short (see PlanModel.limits). */
  limits?: string[];
}

/** The document's lines, for turning offsets into positions: one per model, over the scan's line starts. */
class DocLines {
  readonly count: number;
  constructor(
    private readonly text: string,
    private readonly starts: number[],
  ) {
    this.count = starts.length;
  }

  /** Line `i` without its line break. */
  lineText(i: number): string {
    const end = i + 1 < this.count ? this.starts[i + 1] - 1 : this.text.length;
    const s = this.text.slice(this.starts[i], end);
    return s.endsWith('\r') ? s.slice(0, -1) : s;
  }

  posAt(offset: number): Position {
    const line = lineAt(this.starts, offset);
    return { line, character: offset - this.starts[line] };
  }

  range(a: number, b: number): Range {
    return { start: this.posAt(a), end: this.posAt(b) };
  }

  lineEnd(line: number): Position {
    return { line, character: this.lineText(line).length };
  }

  lineRange(line: number): Range {
    return { start: { line, character: 0 }, end: this.lineEnd(line) };
  }

  /** The end of the last non-blank line in [from, to), or the end of `from` when all are blank. */
  lastContentEnd(from: number, to: number): Position {
    for (let l = Math.min(to, this.count) - 1; l > from; l--) if (this.lineText(l).trim() !== '') return this.lineEnd(l);
    return this.lineEnd(from);
  }
}

/** Index of the first element of the sorted `xs` that is >= `v`. */
function lowerBound(xs: number[], v: number): number {
  let lo = 0;
  let hi = xs.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (xs[mid] < v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** What the chunks hold, at document positions. */
interface Collected {
  headings: Heading[];
  /** Lines where top-level content (not a heading or a comment) starts, sorted. */
  contentStarts: number[];
  comments: Comment[];
  checkboxes: Checkbox[];
  depParagraphs: { start: number; end: number }[];
  codeBlocks: FencedBlock[];
  tableParts: { table: DerivedTable; offset: number }[];
}

/** Whether any top-level content starts in lines [fromLine, toLine]. */
type ContentTest = (fromLine: number, toLine: number) => boolean;

export function buildModel(input: BuildInput): PlanModel {
  const doc = new DocLines(input.text, input.lineStarts);
  const limits = new Set<string>(input.limits ?? []);
  const limit = (note: string) => limits.add(note);
  // What each chunk holds, derived once per parsed chunk and placed in the document.
  const parts = collectChunks(doc, input.chunks, input.nodes);
  const { headings, checkboxes, codeBlocks } = parts;
  // Each heading's section: up to the next heading of the same or a higher level.
  const nextAtOrAbove = placeSections(doc, headings);
  const hasContent: ContentTest = (fromLine, toLine) => {
    const k = lowerBound(parts.contentStarts, fromLine);
    return k < parts.contentStarts.length && parts.contentStarts[k] <= toLine;
  };
  const title = readTitle(headings);
  const fmChunk = input.chunks.find((c) => c.frontmatter);
  const frontmatter = fmChunk
    ? { raw: fmChunk.text, range: { start: { line: 0, character: 0 }, end: doc.lastContentEnd(0, fmChunk.line + fmChunk.text.split('\n').length - 1) } }
    : undefined;
  const sections = readSections(headings, nextAtOrAbove, hasContent);
  // The phases with their subsections and checkboxes, then their bold labels and Dependencies declarations.
  const phases = readPhases(doc, headings, nextAtOrAbove, hasContent, checkboxes);
  readPhaseLabels(doc, phases, codeBlocks);
  readPhaseDependencies(doc, input.text, phases, parts.depParagraphs, limit);
  const steps = readSteps(headings, sections);
  const tables = readTables(doc, headings, parts.tableParts);
  const { risks, changeLog } = readTableRows(tables);
  const metadata = readMetadata(doc, title, fmChunk, sections, codeBlocks);
  const dependencyMap = readMapSection(doc, sections, codeBlocks, limit);
  const phasesJson = findPhasesJson(sections, codeBlocks, phases);

  const model: PlanModel = {
    ...(limits.size ? { limits: [...limits] } : {}),
    preset: 'generic',
    presetSource: 'detected',
    lineCount: doc.count,
    title,
    frontmatter,
    metadata,
    headings,
    sections,
    phases,
    steps,
    tables,
    risks,
    dependencyMap,
    phasesJson,
    changeLog,
    checkboxes,
    codeBlocks,
    comments: parts.comments,
  };
  if (input.preset && input.preset !== 'auto') {
    model.preset = input.preset;
    model.presetSource = 'option';
  } else {
    model.preset = detectPreset(model);
  }
  return model;
}

/**
 * What each chunk holds (headings, checkboxes, code, tables…), derived once per parsed chunk and cached with it, at
 * offsets relative to the chunk (an edit re-derives only the chunks it touched), placed at document positions.
 */
function collectChunks(doc: DocLines, chunks: Chunk[], chunkNodes: RootContent[][]): Collected {
  const out: Collected = { headings: [], contentStarts: [], comments: [], checkboxes: [], depParagraphs: [], codeBlocks: [], tableParts: [] };
  chunkNodes.forEach((nodes, i) => {
    const chunk = chunks[i];
    const o = chunk.offset;
    const d = derived(nodes, chunk.text);
    for (const h of d.headings) out.headings.push({ level: h.depth, text: h.text, range: doc.range(o + h.start, o + h.end), sectionRange: undefined as unknown as Range });
    for (const c of d.contentStarts) out.contentStarts.push(doc.posAt(o + c).line);
    for (const c of d.comments) out.comments.push({ text: c.text, range: doc.range(o + c.start, o + c.end) });
    for (const b of d.checkboxes) {
      const start = doc.posAt(o + b.start);
      const end = b.paraEnd !== null ? doc.posAt(o + b.paraEnd) : doc.lineEnd(start.line);
      out.checkboxes.push({ checked: b.checked, text: b.text, range: { start, end: end.line === start.line ? end : doc.lineEnd(start.line) } });
    }
    for (const dp of d.deps) out.depParagraphs.push({ start: o + dp.start, end: o + dp.end });
    for (const c of d.code) out.codeBlocks.push(codeBlock(doc, c, o));
    for (const t of d.tables) out.tableParts.push({ table: t, offset: o });
  });
  out.contentStarts.sort((a, b) => a - b);
  return out;
}

/** A code block of a chunk (at offset `o`) in the document: its range, and the range of its content inside the fences. */
function codeBlock(doc: DocLines, c: Derived['code'][number], o: number): FencedBlock {
  const st = doc.posAt(o + c.start);
  const e = doc.posAt(o + c.end);
  const open = doc.lineText(st.line).trimStart();
  const fenced = open.startsWith('```') || open.startsWith('~~~');
  const closeLine = doc.lineText(e.line).trim();
  const closed = fenced && e.line > st.line && /^(`{3,}|~{3,})$/.test(closeLine);
  const cStart: Position = fenced ? { line: st.line + 1, character: 0 } : st;
  const cEndLine = closed ? e.line - 1 : e.line;
  return {
    lang: c.lang,
    range: { start: st, end: e },
    contentRange: { start: cStart, end: cEndLine >= cStart.line ? doc.lineEnd(cEndLine) : cStart },
    value: c.value,
  };
}

/** Sets each heading's section range (to the next heading of the same or a higher level); returns the line of that next heading per heading. */
function placeSections(doc: DocLines, headings: Heading[]): number[] {
  const nextAtOrAbove: number[] = new Array(headings.length).fill(doc.count);
  const stack: number[] = [];
  headings.forEach((h, i) => {
    while (stack.length && headings[stack[stack.length - 1]].level >= h.level) {
      nextAtOrAbove[stack.pop()!] = h.range.start.line;
    }
    stack.push(i);
  });
  headings.forEach((h, i) => {
    h.sectionRange = { start: h.range.start, end: doc.lastContentEnd(h.range.end.line, nextAtOrAbove[i]) };
  });
  return nextAtOrAbove;
}

/** The first level-1 heading. */
function readTitle(headings: Heading[]): PlanModel['title'] {
  const titleIdx = headings.findIndex((h) => h.level === 1);
  return titleIdx >= 0 ? { text: headings[titleIdx].text, range: headings[titleIdx].range } : undefined;
}

/** The level-2 sections. */
function readSections(headings: Heading[], nextAtOrAbove: number[], hasContent: ContentTest): Section[] {
  const sections: Section[] = [];
  headings.forEach((h, i) => {
    if (h.level !== 2) return;
    const bodyStart = h.range.end.line + 1;
    const end = h.sectionRange.end;
    const body: Range = bodyStart <= end.line ? { start: { line: bodyStart, character: 0 }, end } : { start: h.range.end, end: h.range.end };
    sections.push({
      title: h.text,
      level: 2,
      heading: h.range,
      body,
      range: h.sectionRange,
      empty: !hasContent(bodyStart, nextAtOrAbove[i] - 1),
    });
  });
  return sections;
}

/** The phases: their headings (see selectPhaseHeadings), ids, subsections and checkboxes; labels and dependencies come later. */
function readPhases(doc: DocLines, headings: Heading[], nextAtOrAbove: number[], hasContent: ContentTest, checkboxes: Checkbox[]): Phase[] {
  const phases: Phase[] = [];
  const checkboxLines = checkboxes.map((c) => c.range.start.line);
  const phaseHeadings = selectPhaseHeadings(headings, nextAtOrAbove);
  headings.forEach((h, i) => {
    const m = phaseHeadings.get(i);
    if (!m) return;
    const id = normalizePhaseId(m[1]);
    const line = doc.lineText(h.range.start.line);
    const idm = /phase\s+(\d+(?:\.\d+)?[a-z]?)/i.exec(line);
    const idChar = idm && idm[1].toLowerCase() === m[1].toLowerCase() ? idm.index + idm[0].length - idm[1].length : h.range.start.character;
    const phaseRange = h.sectionRange;
    const firstBox = lowerBound(checkboxLines, h.range.start.line + 1);
    const endBox = lowerBound(checkboxLines, phaseRange.end.line + 1);
    phases.push({
      id,
      title: phaseTitle(m[2]),
      level: h.level,
      separator: phaseHeadingForm(h.text.slice(h.text.toLowerCase().indexOf(m[1].toLowerCase()) + m[1].length)) !== 'other',
      heading: h.range,
      idRange: { start: { line: h.range.start.line, character: idChar }, end: { line: h.range.start.line, character: idChar + m[1].length } },
      range: phaseRange,
      subsections: readSubsections(doc, headings, i, nextAtOrAbove, hasContent),
      labels: [],
      checkboxes: checkboxes.slice(firstBox, endBox),
      index: phases.length,
    });
  });
  return phases;
}

/** The subsections of the phase of heading `i`: its highest-level headings below it. */
function readSubsections(doc: DocLines, headings: Heading[], i: number, nextAtOrAbove: number[], hasContent: ContentTest): Subsection[] {
  const end = nextAtOrAbove[i];
  let last = i;
  while (last + 1 < headings.length && headings[last + 1].range.start.line < end) last++;
  let subLevel = 7;
  for (let j = i + 1; j <= last; j++) subLevel = Math.min(subLevel, headings[j].level);
  const subsections: Subsection[] = [];
  for (let xi = i + 1; xi <= last; xi++) {
    const x = headings[xi];
    if (x.level !== subLevel) continue;
    const bodyStart = x.range.end.line + 1;
    const next = Math.min(nextAtOrAbove[xi], end);
    const bEnd = doc.lastContentEnd(x.range.end.line, next);
    subsections.push({
      title: x.text,
      level: x.level,
      heading: x.range,
      body: bodyStart <= bEnd.line ? { start: { line: bodyStart, character: 0 }, end: bEnd } : { start: x.range.end, end: x.range.end },
      range: { start: x.range.start, end: bEnd },
      empty: !hasContent(bodyStart, next - 1),
    });
  }
  return subsections;
}

/**
 * Bold labels at the start of a line (outside code), phase by phase: the phases do not overlap, so this reads each
 * line at most once.
 */
function readPhaseLabels(doc: DocLines, phases: Phase[], codeBlocks: FencedBlock[]): void {
  const code = codeBlocks.map((b) => [b.range.start.line, b.range.end.line]).sort((a, b) => a[0] - b[0]);
  let k = 0;
  for (const p of phases) {
    for (let l = p.heading.end.line + 1; l <= p.range.end.line; l++) {
      while (k < code.length && code[k][1] < l) k++;
      if (k < code.length && code[k][0] <= l) {
        l = code[k][1];
        continue;
      }
      const label = boldLabel(doc.lineText(l), l);
      if (label) p.labels.push(label);
    }
  }
}

/** Dependencies: the first declaration inside each phase. */
function readPhaseDependencies(doc: DocLines, text: string, phases: Phase[], depParagraphs: { start: number; end: number }[], limit: (note: string) => void): void {
  const depLines = depParagraphs.map((d) => doc.posAt(d.start).line);
  for (const p of phases) {
    const k = lowerBound(depLines, p.heading.start.line + 1);
    const decl = k < depLines.length && depLines[k] <= p.range.end.line ? depParagraphs[k] : undefined;
    if (decl) p.dependencies = readDeclaration(doc, text, decl.start, decl.end, p, phases, limit);
  }
}

const KEY_AFTER_SPACE = /(?:\*\*|__)[^*\n]{1,40}(?:\*\*|__)?\s*:/y;

/**
 * Where `/\n\s*(?:\*\*|__)[^*\n]{1,40}(?:\*\*|__)?\s*:/` first matches in `s` (a line break before a `**Key**:`), or -1;
 * found run of spaces by run of spaces: the regular expression scanned a run from each of its line breaks, quadratic
 * on a paragraph of thousands of lines of no-break spaces (not blank for markdown).
 */
export function nextKeyLine(s: string): number {
  const spaces = /\s+/g;
  for (let m = spaces.exec(s); m; m = spaces.exec(s)) {
    const nl = m[0].indexOf('\n');
    if (nl < 0) continue;
    // The key starts with a mark, not a space: it can only follow the whole run.
    KEY_AFTER_SPACE.lastIndex = m.index + m[0].length;
    if (KEY_AFTER_SPACE.test(s)) return m.index + nl;
  }
  return -1;
}

/** The `**Dependencies**: …` declaration at [start, end) of the text, of `phase`. */
function readDeclaration(doc: DocLines, text: string, start: number, end: number, phase: Phase, phases: Phase[], limit: (note: string) => void): Dependencies {
  const src = text.slice(start, end);
  const key = DEP_KEY.exec(src)!;
  let vStart = start + key[0].length;
  // The value ends at the paragraph's end or at a following `**Key**:` line.
  let vEnd = end;
  const rest = text.slice(vStart, end);
  const cut = nextKeyLine(rest);
  if (cut >= 0) vEnd = vStart + cut;
  const raw = text.slice(vStart, vEnd);
  const reading = readDependencyValue(raw);
  const refs: PhaseRef[] = [];
  const seen = new Set<string>();
  const add = (id: string, r: Range, via: PhaseRef['via']) => {
    if (seen.has(id)) return;
    seen.add(id);
    refs.push({ id, range: r, via });
  };
  if (reading.allPrevious) {
    const [a, b] = reading.allPreviousSpan!;
    const r = doc.range(vStart + a, vStart + b);
    // At most the MAX_EXPANSION phases just before: on thousands of phases, all of them would make the plan's
    // dependencies quadratic in its length.
    const from = Math.max(0, phase.index - MAX_EXPANSION);
    if (from > 0) limit(`"All previous phases" was read as the ${MAX_EXPANSION} phases before each phase`);
    for (let k = from; k < phase.index; k++) add(phases[k].id, r, 'all-previous');
  }
  for (const ref of reading.refs) {
    const r = doc.range(vStart + ref.start, vStart + ref.end);
    if (ref.id !== undefined) add(ref.id, r, 'single');
    else {
      // One more than are kept: enough to know that the range was cut.
      const ids = expandRange(ref.from!, ref.to!, phases, MAX_EXPANSION + 1, () => limit(`ranges of phases past the first ${MAX_RANGE_WORK.toLocaleString('en-US')} phases read were read as their two ends`));
      if (ids.length > MAX_EXPANSION) limit(`a range of phases was read as its first ${MAX_EXPANSION} phases`);
      for (const id of ids.slice(0, MAX_EXPANSION)) add(id, r, 'range');
    }
  }
  if (raw.trim() === '' && vStart > start) vStart = start + key[0].trimEnd().length;
  return {
    raw,
    range: doc.range(start, vEnd === end ? end : vStart + raw.trimEnd().length),
    valueRange: doc.range(vStart, vStart + raw.trimEnd().length),
    none: reading.none,
    allPrevious: reading.allPrevious,
    refs,
    dependsOn: refs.map((r) => r.id),
    unread: reading.unread.map((u) => ({ text: raw.slice(u.start, u.end), range: doc.range(vStart + u.start, vStart + u.end) })),
  };
}

/** Steps: `### Step N: …`, and a PIR plan's numbered changes. */
function readSteps(headings: Heading[], sections: Section[]): Step[] {
  const steps: Step[] = [];
  const proposed = sections.find((s) => /^proposed change/i.test(s.title));
  headings.forEach((h, i) => {
    let m = STEP_HEADING.exec(h.text);
    if (!m && proposed && h.level > 2 && h.range.start.line > proposed.heading.start.line && h.range.start.line <= proposed.range.end.line) {
      m = NUMBERED_HEADING.exec(h.text);
    }
    if (!m || PHASE_HEADING.test(h.text)) return;
    steps.push({ id: m[1].toLowerCase(), title: m[2].trim(), level: h.level, heading: h.range, range: headings[i].sectionRange });
  });
  return steps;
}

/** The tables, each with the heading above it and its kind (risks, change log, other). */
function readTables(doc: DocLines, headings: Heading[], tableParts: Collected['tableParts']): Table[] {
  const headingLines = headings.map((h) => h.range.start.line);
  const headingAbove = (line: number) => {
    const k = lowerBound(headingLines, line);
    return k > 0 ? headings[k - 1] : undefined;
  };
  return tableParts.map(({ table: t, offset: o }) => {
    const rows = t.rows.map((row) => ({
      cells: row.cells.map((cell): TableCell => ({ text: cell.text, range: doc.range(o + cell.start, o + cell.end) })),
      range: doc.range(o + row.start, o + row.end),
    }));
    const r = doc.range(o + t.start, o + t.end);
    const heading = headingAbove(r.start.line);
    const header = rows[0]?.cells ?? [];
    const names = header.map((c) => c.text.toLowerCase());
    let kind: Table['kind'] = 'other';
    if (names.some((n) => /probability|likelihood|impact|severity/.test(n))) kind = 'risk';
    else if ((heading && /change\s*log|revision history|amendment history/i.test(heading.text)) || (names.includes('date') && names.some((n) => /change/.test(n)))) kind = 'change-log';
    return { kind, heading: heading?.text, header, rows: rows.slice(1), range: r };
  });
}

/** The rows of the risk tables and of the change logs. */
function readTableRows(tables: Table[]): { risks: RiskRow[]; changeLog: ChangeLogRow[] } {
  const risks: RiskRow[] = [];
  const changeLog: ChangeLogRow[] = [];
  for (const t of tables) {
    const names = t.header.map((c) => c.text.toLowerCase());
    if (t.kind === 'risk') {
      const p = names.findIndex((n) => /probability|likelihood/.test(n));
      const im = names.findIndex((n) => /impact|severity/.test(n));
      for (const row of t.rows) {
        risks.push({ risk: row.cells[0], probability: p >= 0 ? row.cells[p] : undefined, impact: im >= 0 ? row.cells[im] : undefined, range: row.range });
      }
    } else if (t.kind === 'change-log') {
      const d = names.findIndex((n) => /date/.test(n));
      for (const row of t.rows) changeLog.push({ date: d >= 0 ? row.cells[d] : undefined, cells: row.cells, range: row.range });
    }
  }
  return { risks, changeLog };
}

/** Metadata: `**Key**: value` lines of the Metadata section and of the preamble before the first section. */
function readMetadata(doc: DocLines, title: PlanModel['title'], fmChunk: Chunk | undefined, sections: Section[], codeBlocks: FencedBlock[]): MetadataField[] {
  const metadata: MetadataField[] = [];
  // Lines inside fenced code, marked once (a per-line search of the blocks is quadratic on a plan of many blocks).
  let codeLines: Uint8Array | undefined;
  const inCode = (line: number) => {
    if (!codeLines) {
      codeLines = new Uint8Array(doc.count + 1);
      for (const b of codeBlocks) codeLines.fill(1, b.range.start.line, Math.min(doc.count, b.range.end.line) + 1);
    }
    return codeLines[line] === 1;
  };
  const readMeta = (from: number, to: number, plainKeys: boolean) => {
    for (let l = from; l <= to && l < doc.count; l++) {
      if (inCode(l)) continue;
      const s = doc.lineText(l);
      const m = META_LINE.exec(s);
      if (!m) continue;
      const key = (m[2] ?? m[3] ?? '').trim();
      if (!key || (!m[2] && !plainKeys)) continue;
      const value = m[4].trim();
      const vStart = s.length - m[4].length;
      metadata.push({
        key,
        value,
        range: { start: { line: l, character: s.length - s.trimStart().length }, end: { line: l, character: s.trimEnd().length } },
        valueRange: { start: { line: l, character: vStart }, end: { line: l, character: vStart + value.length } },
      });
    }
  };
  const metaSection = sections.find((s) => /^metadata$/i.test(s.title));
  const firstSectionLine = sections[0]?.heading.start.line ?? doc.count;
  readMeta(title ? title.range.end.line + 1 : fmChunk ? fmChunk.line + 1 : 0, firstSectionLine - 1, false);
  if (metaSection) readMeta(metaSection.body.start.line, metaSection.range.end.line, true);
  return metadata;
}

/** The code blocks that start inside a range's lines (after its first line). */
function codeIn(codeBlocks: FencedBlock[], r: Range): FencedBlock[] {
  return codeBlocks.filter((b) => b.range.start.line > r.start.line && b.range.start.line <= r.end.line);
}

/** The Dependency Map section: its drawing (the first code block, or the section's text) read, and the prose around a block. */
function readMapSection(doc: DocLines, sections: Section[], codeBlocks: FencedBlock[], limit: (note: string) => void): DependencyMap | undefined {
  const mapSection = sections.find((s) => /^dependenc(y|ies)\s+(map|graph|diagram)/i.test(s.title));
  if (!mapSection) return undefined;
  const block = codeIn(codeBlocks, mapSection.range)[0];
  let raw: string;
  let r: Range;
  let origin: Position;
  if (block) {
    raw = block.value;
    r = block.range;
    origin = block.contentRange.start;
  } else {
    // The lines after the heading: a section whose only line is a Unicode space (text for markdown, blank for the
    // section's extent) has no body lines, and its heading is not its drawing.
    const from = mapSection.heading.end.line + 1;
    const to = mapSection.range.end.line;
    const lines: string[] = [];
    for (let l = from; l <= to && !mapSection.empty; l++) lines.push(doc.lineText(l));
    raw = lines.join('\n');
    r = mapSection.body;
    origin = { line: from, character: 0 };
  }
  const read = readMapCached(isMermaid(block?.lang ?? '', raw), raw, origin);
  if (read.capped) limit('the Dependency Map draws more arrows than are read (its first 20,000 were)');
  const dependencyMap: DependencyMap = { sectionRange: mapSection.range, range: r, raw, nodes: read.nodes, edges: read.edges, unreadable: read.unreadable };
  if (block) dependencyMap.prose = mapProse(doc, mapSection, codeIn(codeBlocks, mapSection.range));
  return dependencyMap;
}

/** The non-blank lines of the map section outside its code blocks. */
function mapProse(doc: DocLines, mapSection: Section, blocks: FencedBlock[]): { text: string; range: Range }[] {
  const prose: { text: string; range: Range }[] = [];
  // The blocks are in document order: one pass over the lines and the blocks together.
  let next = 0;
  for (let l = mapSection.body.start.line; l <= mapSection.range.end.line; l++) {
    while (next < blocks.length && blocks[next].range.end.line < l) next++;
    const inBlock = blocks[next];
    if (inBlock && l >= inBlock.range.start.line) {
      l = inBlock.range.end.line;
      continue;
    }
    const t = doc.lineText(l);
    if (t.trim()) prose.push({ text: t, range: doc.lineRange(l) });
  }
  return prose;
}

/** The phases JSON: the block of the `Phases (machine-readable)` section, or a block elsewhere that lists the plan's phases. */
function findPhasesJson(sections: Section[], codeBlocks: FencedBlock[], phases: Phase[]): PhasesJson | undefined {
  const jsonSection = sections.find((s) => /^phases\s*\(\s*machine[\s-]*readable\s*\)/i.test(s.title));
  if (!jsonSection) return findPhasesJsonElsewhere(sections, codeBlocks, phases);
  const blocks = codeIn(codeBlocks, jsonSection.range);
  const isPhases = (b: FencedBlock) => b.lang.startsWith('json') || (/^\s*[{[]/.test(b.value) && /"phases"/.test(b.value));
  const block = blocks.find((b) => b.lang.startsWith('json') && /"phases"/.test(b.value)) ?? blocks.find(isPhases);
  const phasesJson: PhasesJson = { sectionRange: jsonSection.range, isFirstBlock: !!block && blocks[0] === block };
  if (blocks[0] && blocks[0] !== block) phasesJson.firstBlockRange = blocks[0].range;
  if (block) {
    phasesJson.range = block.range;
    phasesJson.raw = block.value;
    readPhasesJson(block, phasesJson, phases);
  }
  return phasesJson;
}

/**
 * A phases JSON under another heading (`## Phases`, `## Phase machine-readable block`) or none: the first block
 * outside the phases that parses as `{"phases": [{"id", "title" or "name"}…]}`.
 */
function findPhasesJsonElsewhere(sections: Section[], codeBlocks: FencedBlock[], phases: Phase[]): PhasesJson | undefined {
  const phaseLines = phases.map((p) => [p.heading.start.line, p.range.end.line]);
  const inPhase = (line: number) => phaseLines.some(([a, b]) => line > a && line <= b);
  for (const b of codeBlocks) {
    if (!/"phases"/.test(b.value) || !/^\s*\{/.test(b.value) || inPhase(b.range.start.line)) continue;
    if (!(b.lang === '' || b.lang.startsWith('json'))) continue;
    let list: unknown;
    try {
      list = (JSON.parse(b.value) as { phases?: unknown })?.phases;
    } catch {
      continue;
    }
    const named = (x: unknown) => !!x && typeof (x as { id?: unknown }).id === 'string' && (typeof (x as { title?: unknown }).title === 'string' || typeof (x as { name?: unknown }).name === 'string');
    if (!Array.isArray(list) || !list.length || !list.every(named)) continue;
    const host = sections.filter((s) => s.heading.start.line < b.range.start.line).pop();
    const candidate: PhasesJson = { sectionRange: host?.range ?? b.range, isFirstBlock: true, elsewhere: true, range: b.range, raw: b.value };
    readPhasesJson(b, candidate, phases);
    // An example of another file (a protocol's `{"phases": [{"id": "specify", "name": …}]}`) names none of the plan's
    // phases: only a block that names at least one of them is the plan's own.
    if (!candidate.phases?.some((e) => e.phaseId !== undefined && phases.some((p) => p.id === e.phaseId))) continue;
    return candidate;
  }
  return undefined;
}

type MapReading = ReturnType<typeof readDependencyMap>;
let lastMap: { key: string; origin: Position; read: MapReading } | undefined;

/** The map is read again only when its text changed; moved by whole lines, its ranges are shifted. */
function readMapCached(mermaid: boolean, raw: string, origin: Position): MapReading {
  const key = `${mermaid ? 'm' : 'a'}${origin.character}\u0000${raw}`;
  if (lastMap && lastMap.key === key) {
    const dl = origin.line - lastMap.origin.line;
    if (dl === 0) return lastMap.read;
    const shift = (r: Range): Range => ({ start: { line: r.start.line + dl, character: r.start.character }, end: { line: r.end.line + dl, character: r.end.character } });
    const prev = lastMap.read;
    return {
      ...prev,
      nodes: prev.nodes.map((n) => ({ ...n, range: shift(n.range) })),
      edges: prev.edges.map((e) => ({ ...e, range: shift(e.range) })),
      unreadable: prev.unreadable.map((u) => ({ ...u, range: shift(u.range) })),
    };
  }
  const read = mermaid ? readMermaidMap(raw, origin) : readDependencyMap(raw, origin);
  lastMap = { key, origin, read };
  return read;
}

type HeadingForm = 'separator' | 'bare' | 'other';

/** How a `Phase N` heading goes on after its id: a separator (`:`, `—`, `-`, `.`), nothing (or only a status), or words. */
export function phaseHeadingForm(rest: string): HeadingForm {
  const r = rest.trim();
  if (/^[:.)\-–—]/.test(r) || /^\([^)]*\)\s*[:.\-–—]/.test(r)) return 'separator';
  if (!/[\p{L}\p{N}]/u.test(r) || /^\((done|complete|completed|parked|deferred|wip|in progress|skipped|optional|stretch)\)\W*$/i.test(r)) return 'bare';
  return 'other';
}

/** Sections that repeat the phases (a summary, a file list, an appendix), whose `Phase N` headings are not phases. */
const SUMMARY_SECTION = /\b(summary|overview|recap|at a glance|files?|appendix|timeline|estimates?|estimation|schedule|effort|contents|change ?log|history|status|progress|review|retrospective|lessons)\b/i;

/**
 * The headings that are the plan's phases, with their `PHASE_HEADING` match. A `Phase N` heading is a phase when it
 * follows the plan's own pattern: with a separator after the id when the plan writes its phases so (`### Phase 1
 * (Port Consolidation)` or `### Phase 1 verification` then are not phases), not a step of a phase of the same id
 * (`#### Phase 1-I: Implement`), and not a second listing of the phases (a summary, timeline or file-list section, or
 * a short overview before the detailed phases) when the phases are written elsewhere.
 */
function selectPhaseHeadings(headings: Heading[], nextAtOrAbove: number[]): Map<number, RegExpExecArray> {
  const cands: { i: number; m: RegExpExecArray; form: HeadingForm; parent: number }[] = [];
  const stack: number[] = [];
  const parents: number[] = [];
  /** The title of the level-2 section each heading is in ('' outside any). */
  const sectionOf: string[] = [];
  let section = '';
  headings.forEach((h, i) => {
    while (stack.length && headings[stack[stack.length - 1]].level >= h.level) stack.pop();
    const parent = stack.length ? stack[stack.length - 1] : -1;
    parents.push(parent);
    stack.push(i);
    if (h.level <= 2) section = h.level === 2 ? h.text : '';
    sectionOf.push(section);
    if (h.level < 2) return;
    const m = PHASE_HEADING.exec(h.text);
    if (!m) return;
    cands.push({ i, m, form: phaseHeadingForm(h.text.slice(h.text.toLowerCase().indexOf(m[1].toLowerCase()) + m[1].length)), parent });
  });
  if (!cands.length) return new Map();
  // The plan's own pattern: when some phases have a separator, headings that go on with words are not phases.
  const withSep = cands.some((c) => c.form === 'separator');
  let kept = withSep ? cands.filter((c) => c.form !== 'other') : cands;
  // A heading inside a phase of the same id is a step of that phase.
  const byIndex = new Map(kept.map((c) => [c.i, c]));
  kept = kept.filter((c) => {
    for (let p = c.parent; p >= 0; p = parents[p]) {
      const q = byIndex.get(p);
      if (q && normalizePhaseId(q.m[1]) === normalizePhaseId(c.m[1])) return false;
    }
    return true;
  });
  // The container holding the most phases (then the longest text) is where the plan writes them.
  const groups = new Map<number, { count: number; lines: number }>();
  for (const c of kept) {
    const g = groups.get(c.parent) ?? { count: 0, lines: 0 };
    g.count++;
    g.lines += nextAtOrAbove[c.i] - headings[c.i].range.start.line;
    groups.set(c.parent, g);
  }
  let main = kept[0]?.parent ?? -1;
  for (const [parent, g] of groups) {
    const best = groups.get(main)!;
    if (g.count > best.count || (g.count === best.count && g.lines > best.lines)) main = parent;
  }
  const mainIds = new Set(kept.filter((c) => c.parent === main).map((c) => normalizePhaseId(c.m[1])));
  const mainSection = main >= 0 ? sectionOf[main] : '';
  kept = kept.filter((c) => {
    if (c.parent === main) return true;
    if (mainIds.has(normalizePhaseId(c.m[1]))) return false;
    const sec = sectionOf[c.i];
    return !(sec && sec !== mainSection && headings[c.i].level > 2 && SUMMARY_SECTION.test(sec));
  });
  return new Map(kept.map((c) => [c.i, c.m]));
}

/** `(Week 1): Setup` → `Setup (Week 1)`: a note between the id and the title goes after the title. */
function phaseTitle(rest: string): string {
  const m = /^(\([^)]*\))\s*[:.\-–—]+\s*(\S.*)$/.exec(rest.trim());
  return m ? `${m[2].trim()} ${m[1]}` : rest.trim();
}

export function detectPreset(model: Pick<PlanModel, 'title' | 'headings' | 'sections' | 'phasesJson'>): PresetId {
  if (model.title && /^pir plan\b/i.test(model.title.text)) return 'codev-pir';
  if ((model.phasesJson && !model.phasesJson.elsewhere) || model.headings.some((h) => h.level >= 3 && /^objective$/i.test(h.text))) return 'codev';
  // `## Metadata` alone also opens the early free-form plans; the classic template shows itself by its sections.
  const has = (re: RegExp) => model.sections.some((s) => re.test(s.title));
  if (
    model.headings.some((h) => h.level >= 3 && /^objectives$/i.test(h.text)) ||
    (has(/^metadata$/i) && (has(/^executive summary$/i) || has(/^phase breakdown$/i) || has(/^success metrics$/i)))
  ) {
    return 'codev-legacy';
  }
  return 'generic';
}

interface RangeIndex {
  /** The first phase of each id, in the order of the plan, with its number. */
  firsts: { id: string; num: number }[];
  /** Their numbers never decrease: a range is a slice of them, found by a binary search. */
  sorted: boolean;
  ids: Set<string>;
  nums: Set<number>;
  /** The index of the first phase of each id. */
  at: Map<string, number>;
  /** Phases left to visit in ranges of a plan whose numbers go up and down. */
  budget: number;
}

const rangeIndexes = new WeakMap<object, RangeIndex>();
/** Phase visits at most, over all the ranges of a plan whose phase numbers are not in order (real plans: a few hundred). */
export const MAX_RANGE_WORK = 2_000_000;

function rangeIndex(phases: { id: string }[]): RangeIndex {
  let index = rangeIndexes.get(phases);
  if (!index) {
    index = { firsts: [], sorted: true, ids: new Set(), nums: new Set(), at: new Map(), budget: MAX_RANGE_WORK };
    phases.forEach((p, i) => {
      if (index!.at.has(p.id)) return;
      const num = parseFloat(p.id);
      const last = index!.firsts[index!.firsts.length - 1];
      if (last && !(num >= last.num)) index!.sorted = false;
      index!.at.set(p.id, i);
      index!.ids.add(p.id);
      index!.nums.add(num);
      index!.firsts.push({ id: p.id, num });
    });
    rangeIndexes.set(phases, index);
  }
  return index;
}

/**
 * `1–3` over the phases that exist: by number, or by position when the ends are lettered. At most `cap` ids of
 * phases (then the ends): a range's phases are found through an index of the phases built once per plan, not a
 * search of all of them per range (a plan of thousands of phases, each naming ranges, was quadratic). On a plan whose
 * phase numbers go up and down, past MAX_RANGE_WORK phases visited a range is read as its two ends, and `onCap` says so.
 */
export function expandRange(from: string, to: string, phases: { id: string }[], cap = Infinity, onCap?: () => void): string[] {
  const num = (id: string) => parseFloat(id);
  const index = rangeIndex(phases);
  const lettered = /[a-z]$/.test(from) || /[a-z]$/.test(to);
  if (lettered) {
    const a = index.at.get(from) ?? -1;
    const b = index.at.get(to) ?? -1;
    if (a >= 0 && b >= a) return phases.slice(a, Math.min(b + 1, a + cap)).map((p) => p.id);
    return [from, to];
  }
  const lo = num(from);
  const hi = num(to);
  if (!(hi >= lo)) return [from, to];
  let inside: string[];
  if (index.sorted) {
    const first = (v: number, strict: boolean) => {
      let l = 0;
      let h = index.firsts.length;
      while (l < h) {
        const mid = (l + h) >> 1;
        if (index.firsts[mid].num < v || (strict && index.firsts[mid].num === v)) l = mid + 1;
        else h = mid;
      }
      return l;
    };
    const a = first(lo, false);
    inside = index.firsts.slice(a, Math.min(first(hi, true), a + cap)).map((p) => p.id);
  } else {
    index.budget -= index.firsts.length;
    if (index.budget < 0) {
      onCap?.();
      return [from, to];
    }
    inside = [];
    for (const p of index.firsts) if (p.num >= lo && p.num <= hi && inside.length < cap) inside.push(p.id);
  }
  if (inside.length) {
    const known = new Set(inside);
    // Ends that name no phase are kept so that checks can report them.
    for (const end of [from, to]) if (!index.ids.has(end) && !index.nums.has(num(end))) known.add(end);
    return [...known];
  }
  if (hi - lo > 100) return [from, to];
  const out: string[] = [];
  for (let i = lo; i <= hi; i++) out.push(String(i));
  return out;
}

/** Phases at most in "All previous phases" and in a range (`Phases 1-5000`). */
export const MAX_EXPANSION = 100;
/** Levels of arrays and objects at most in the phases JSON. */
export const MAX_JSON_DEPTH = 64;

/** Offset of the bracket that opens level `max + 1` of nesting in JSON text (strings skipped), or -1. */
export function jsonDepthOver(raw: string, max: number): number {
  let depth = 0;
  for (let i = 0; i < raw.length; i++) {
    const c = raw.charCodeAt(i);
    if (c === 34 /* " */) {
      for (i++; i < raw.length && raw.charCodeAt(i) !== 34; i++) if (raw.charCodeAt(i) === 92) i++;
    } else if (c === 91 || c === 123) {
      if (++depth > max) return i;
    } else if (c === 93 || c === 125) depth--;
  }
  return -1;
}

function readPhasesJson(block: FencedBlock, target: PhasesJson, phases: Phase[]) {
  const raw = block.value;
  const rawStarts = [0];
  for (let i = raw.indexOf('\n'); i !== -1; i = raw.indexOf('\n', i + 1)) rawStarts.push(i + 1);
  const at = (offset: number): Position => {
    // A binary search: one position per entry of a long JSON.
    const line = lineAt(rawStarts, offset);
    return { line: block.contentRange.start.line + line, character: offset - rawStarts[line] };
  };
  const deep = jsonDepthOver(raw, MAX_JSON_DEPTH);
  if (deep >= 0) {
    // Parsers of JSON recurse per level: a block that opens thousands of arrays would overflow the stack.
    const p = at(deep);
    target.error = {
      message: `nested deeper than ${MAX_JSON_DEPTH} levels (line ${p.line - block.contentRange.start.line + 1} of the block)`,
      range: { start: p, end: { line: p.line, character: p.character + 1 } },
    };
    return;
  }
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch (e) {
    // JSON.parse does not always say where (Node 20: `Unexpected token ']', "…" is not valid JSON`); a tolerant
    // parser finds the first error's offset.
    const errors: ParseError[] = [];
    parseJsonc(raw, errors, { allowTrailingComma: false, disallowComments: true });
    const first = errors[0];
    const off = first ? Math.min(first.offset, raw.length) : raw.length;
    const p = at(off);
    const reason = first ? describeJsonError(printParseErrorCode(first.error)) : (e as Error).message.split('\n')[0];
    const near = raw.slice(off, off + Math.max(1, first?.length ?? 1)).trim();
    target.error = {
      message: `${reason}${near ? ` at "${near.slice(0, 20)}"` : ''} (line ${p.line - block.contentRange.start.line + 1} of the block)`,
      range: { start: p, end: { line: p.line, character: p.character + Math.max(1, first?.length ?? 1) } },
    };
    return;
  }
  const list = (value as { phases?: unknown })?.phases;
  if (!Array.isArray(list)) {
    target.error = { message: 'the JSON has no "phases" array', range: block.range };
    return;
  }
  // Where each entry is written: offsets from a tree of the same text (one pass), not a search for each id's text
  // (quadratic, and lost on an id written as a number).
  const items = phasesItems(parseTree(raw, [], { allowTrailingComma: false, disallowComments: true }));
  const entries: PhasesJsonEntry[] = [];
  list.forEach((item, i) => {
    const id = typeof item?.id === 'string' ? item.id : String(item?.id ?? '');
    const title = typeof item?.title === 'string' ? item.title : typeof item?.name === 'string' ? item.name : '';
    const node = items?.length === list.length ? items[i] : undefined;
    const idNode = node && property(node, 'id');
    const from = idNode?.offset ?? node?.offset ?? 0;
    const start = at(from);
    const objEnd = node ? node.offset + node.length : -1;
    const end = objEnd > 0 && at(objEnd - 1).line === start.line ? at(objEnd) : at(idNode ? idNode.offset + idNode.length : from);
    const entry: PhasesJsonEntry = { id, title, phaseId: phaseIdOfJson(id, title, phases), range: { start, end } };
    const titleNode = title && node ? (typeof item?.title === 'string' ? property(node, 'title') : property(node, 'name')) : undefined;
    if (titleNode?.type === 'string') entry.titleRange = { start: at(titleNode.offset), end: at(titleNode.offset + titleNode.length) };
    entries.push(entry);
  });
  target.phases = entries;
}

/** The value of an object node's property `key` (the last one, as JSON.parse reads a key written twice). */
function property(node: JsonNode, key: string): JsonNode | undefined {
  if (node.type !== 'object') return undefined;
  let found: JsonNode | undefined;
  for (const p of node.children ?? []) if (p.children?.[0]?.value === key) found = p.children[1];
  return found;
}

/** The entries of the tree's `phases` array. */
function phasesItems(tree: JsonNode | undefined): JsonNode[] | undefined {
  const arr = tree && property(tree, 'phases');
  return arr?.type === 'array' ? (arr.children ?? []) : undefined;
}

export function phaseIdOfJson(id: string, title: string, phases: { id: string; title: string }[]): string | undefined {
  const byId = /^phase[\s_-]*(\d+(?:\.\d+)?[a-z]?)(?:[\s_-].*)?$/i.exec(id);
  if (byId) return byId[1].toLowerCase();
  const byTitle = PHASE_HEADING.exec(title);
  if (byTitle) return normalizePhaseId(byTitle[1]);
  const lookup = titleLookup(phases);
  const byTitleText = lookup.byTitle.get(title.trim().toLowerCase());
  if (byTitleText) return byTitleText;
  // A slug id written in the heading (`### Phase 1: impl`, `… (phase-1-setup)`).
  const slug = id.trim().toLowerCase();
  if (slug.length < 2 || !/^[\w.-]+$/.test(slug)) return undefined;
  return lookup.bySlug.get(slug);
}

interface TitleLookup {
  length: number;
  /** Trimmed lower-case title → the first phase with it. */
  byTitle: Map<string, string>;
  /** Each slug a title holds as a word → the first phase holding it. */
  bySlug: Map<string, string>;
}

const titleLookups = new WeakMap<object, TitleLookup>();

/**
 * The phases' titles and the slugs they hold, read once per list of phases (a phases JSON of thousands of entries
 * is matched without a search of the list per entry). A slug is held where it stands between characters that are
 * neither word characters nor `-`: in a title's run of `[\w.-]`, one to four of its dot-separated parts.
 */
function titleLookup(phases: { id: string; title: string }[]): TitleLookup {
  const known = titleLookups.get(phases);
  if (known && known.length === phases.length) return known;
  const lookup: TitleLookup = { length: phases.length, byTitle: new Map(), bySlug: new Map() };
  const first = (map: Map<string, string>, key: string, id: string) => {
    if (!map.has(key)) map.set(key, id);
  };
  for (const p of phases) {
    const lower = p.title.toLowerCase();
    first(lookup.byTitle, lower.trim(), p.id);
    for (const run of lower.match(/[\w.-]+/g) ?? []) {
      const parts = run.split('.');
      for (let i = 0; i < parts.length; i++) {
        let slug = parts[i];
        first(lookup.bySlug, slug, p.id);
        for (let j = i + 1; j < parts.length && j < i + 4; j++) first(lookup.bySlug, (slug = `${slug}.${parts[j]}`), p.id);
      }
    }
  }
  titleLookups.set(phases, lookup);
  return lookup;
}

const JSON_ERRORS: Record<string, string> = {
  ValueExpected: 'a value is expected (a trailing comma?)',
  CommaExpected: 'a comma is expected',
  ColonExpected: 'a colon is expected',
  PropertyNameExpected: 'a property name in double quotes is expected (a trailing comma?)',
  CloseBraceExpected: 'a closing } is expected',
  CloseBracketExpected: 'a closing ] is expected',
  EndOfFileExpected: 'text after the end of the JSON',
  InvalidSymbol: 'an invalid character',
  InvalidCommentToken: 'comments are not allowed in JSON',
  UnexpectedEndOfString: 'a string is not closed',
  UnexpectedEndOfComment: 'a comment is not closed',
  UnexpectedEndOfNumber: 'a number is cut short',
  InvalidUnicode: 'an invalid \\u escape',
  InvalidEscapeCharacter: 'an invalid escape',
  InvalidCharacter: 'an invalid character in a string',
};

function describeJsonError(code: string): string {
  return JSON_ERRORS[code] ?? code;
}

/** The heading's text; HTML comments in it (`<!-- expect: … -->`, review notes) are not part of it. */
function headingText(node: MdHeading): string {
  const parts = node.children.filter((c) => !(c.type === 'html' && c.value.trimStart().startsWith('<!--')));
  return toString(parts).replace(/\s+/g, ' ').trim();
}

interface DerivedTable {
  start: number;
  end: number;
  rows: { start: number; end: number; cells: { text: string; start: number; end: number }[] }[];
}

interface Derived {
  headings: { depth: number; text: string; start: number; end: number }[];
  /** Where top-level blocks other than headings and HTML comments start. */
  contentStarts: number[];
  comments: { text: string; start: number; end: number }[];
  checkboxes: { checked: boolean; text: string; start: number; paraEnd: number | null }[];
  deps: { start: number; end: number }[];
  code: { lang: string; value: string; start: number; end: number }[];
  tables: DerivedTable[];
}

const derivedCache = new WeakMap<RootContent[], Derived>();

/** What a chunk's mdast holds, at offsets relative to the chunk; cached with the parsed chunk. */
function derived(nodes: RootContent[], text: string): Derived {
  let d = derivedCache.get(nodes);
  if (d) return d;
  d = { headings: [], contentStarts: [], comments: [], checkboxes: [], deps: [], code: [], tables: [] };
  const out = d;
  const start = (n: Nodes) => n.position?.start.offset ?? 0;
  const end = (n: Nodes) => n.position?.end.offset ?? 0;
  const walk = (node: Nodes, top: boolean) => {
    switch (node.type) {
      case 'html': {
        const v = node.value.trim();
        if (v.startsWith('<!--')) out.comments.push({ text: v, start: start(node), end: end(node) });
        else if (top) out.contentStarts.push(start(node));
        return;
      }
      case 'listItem': {
        const li = node as ListItem;
        if (typeof li.checked === 'boolean') {
          const first = li.children[0];
          out.checkboxes.push({
            checked: li.checked,
            text: first ? toString(first).trim() : '',
            start: start(li),
            paraEnd: first && first.type === 'paragraph' ? end(first) : null,
          });
        }
        break;
      }
      case 'paragraph': {
        const s = start(node);
        const e = end(node);
        const src = text.slice(s, e);
        if (/dependenc|depends/i.test(src)) {
          // The declaration may open the paragraph or any of its lines (`**Groups**: …` then `**Dependencies**: …`).
          for (let at = 0; at < src.length; ) {
            const nl = src.indexOf('\n', at);
            const lineEndAt = nl < 0 ? src.length : nl;
            const lead = /^[ \t]*/.exec(src.slice(at, lineEndAt))![0].length;
            if (DEP_KEY.test(src.slice(at + lead, lineEndAt))) {
              out.deps.push({ start: s + at + lead, end: e });
              break;
            }
            if (nl < 0) break;
            at = nl + 1;
          }
        }
        break;
      }
      case 'code': {
        const c = node as Code;
        out.code.push({ lang: (c.lang ?? '').toLowerCase(), value: c.value, start: start(c), end: end(c) });
        return;
      }
      case 'table': {
        const t = node as MdTable;
        out.tables.push({
          start: start(t),
          end: end(t),
          rows: t.children.map((row) => ({
            start: start(row),
            end: end(row),
            cells: row.children.map((cell) => ({ text: toString(cell).trim(), start: start(cell), end: end(cell) })),
          })),
        });
        return;
      }
    }
    if ('children' in node) for (const child of node.children) walk(child as Nodes, false);
  };
  for (const node of nodes) {
    if (node.type === 'heading') {
      out.headings.push({ depth: node.depth, text: headingText(node), start: start(node), end: end(node) });
    } else if (node.type !== 'definition' && !(node.type === 'html' && node.value.trim().startsWith('<!--'))) {
      out.contentStarts.push(start(node));
    }
    walk(node, true);
  }
  derivedCache.set(nodes, out);
  return out;
}
