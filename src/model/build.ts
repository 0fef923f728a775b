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
import type { Chunk } from './scan';
import { DEPENDENCIES_LABEL, normalizePhaseId, readDependencyValue } from './dependencies';
import { readDependencyMap } from './dependencyMap';
import { isMermaid, readMermaidMap } from './mermaidMap';
import { parse as parseJsonc, printParseErrorCode, type ParseError } from 'jsonc-parser';

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

export function buildModel(input: BuildInput): PlanModel {
  const { text, lineStarts, chunks } = input;
  const lineCount = lineStarts.length;
  const limits = new Set<string>(input.limits ?? []);
  const limit = (note: string) => limits.add(note);
  const lineText = (i: number): string => {
    const end = i + 1 < lineCount ? lineStarts[i + 1] - 1 : text.length;
    const s = text.slice(lineStarts[i], end);
    return s.endsWith('\r') ? s.slice(0, -1) : s;
  };
  const posAt = (offset: number): Position => {
    let lo = 0;
    let hi = lineCount - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (lineStarts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo, character: offset - lineStarts[lo] };
  };
  const range = (a: number, b: number): Range => ({ start: posAt(a), end: posAt(b) });
  const lineEnd = (line: number): Position => ({ line, character: lineText(line).length });
  const lineRange = (line: number): Range => ({ start: { line, character: 0 }, end: lineEnd(line) });
  /** The end of the last non-blank line in [from, to), or the end of `from` when all are blank. */
  const lastContentEnd = (from: number, to: number): Position => {
    for (let l = Math.min(to, lineCount) - 1; l > from; l--) if (lineText(l).trim() !== '') return lineEnd(l);
    return lineEnd(from);
  };

  // What each chunk holds (headings, checkboxes, code, tables…), derived once per parsed chunk and cached with it,
  // at offsets relative to the chunk: an edit re-derives only the chunks it touched.
  const headings: Heading[] = [];
  const contentStarts: number[] = [];
  const comments: Comment[] = [];
  const checkboxes: Checkbox[] = [];
  const depParagraphs: { start: number; end: number }[] = [];
  const codeBlocks: FencedBlock[] = [];
  const tableParts: { table: DerivedTable; offset: number }[] = [];
  input.nodes.forEach((nodes, i) => {
    const chunk = chunks[i];
    const o = chunk.offset;
    const d = derived(nodes, chunk.text);
    for (const h of d.headings) headings.push({ level: h.depth, text: h.text, range: range(o + h.start, o + h.end), sectionRange: undefined as unknown as Range });
    for (const c of d.contentStarts) contentStarts.push(posAt(o + c).line);
    for (const c of d.comments) comments.push({ text: c.text, range: range(o + c.start, o + c.end) });
    for (const b of d.checkboxes) {
      const start = posAt(o + b.start);
      const end = b.paraEnd !== null ? posAt(o + b.paraEnd) : lineEnd(start.line);
      checkboxes.push({ checked: b.checked, text: b.text, range: { start, end: end.line === start.line ? end : lineEnd(start.line) } });
    }
    for (const dp of d.deps) depParagraphs.push({ start: o + dp.start, end: o + dp.end });
    for (const c of d.code) {
      const st = posAt(o + c.start);
      const e = posAt(o + c.end);
      const open = lineText(st.line).trimStart();
      const fenced = open.startsWith('```') || open.startsWith('~~~');
      const closeLine = lineText(e.line).trim();
      const closed = fenced && e.line > st.line && /^(`{3,}|~{3,})$/.test(closeLine);
      const cStart: Position = fenced ? { line: st.line + 1, character: 0 } : st;
      const cEndLine = closed ? e.line - 1 : e.line;
      codeBlocks.push({
        lang: c.lang,
        range: { start: st, end: e },
        contentRange: { start: cStart, end: cEndLine >= cStart.line ? lineEnd(cEndLine) : cStart },
        value: c.value,
      });
    }
    for (const t of d.tables) tableParts.push({ table: t, offset: o });
  });
  // A heading's section runs to the next heading of the same or a higher level.
  const nextAtOrAbove: number[] = new Array(headings.length).fill(lineCount);
  {
    const stack: number[] = [];
    headings.forEach((h, i) => {
      while (stack.length && headings[stack[stack.length - 1]].level >= h.level) {
        nextAtOrAbove[stack.pop()!] = h.range.start.line;
      }
      stack.push(i);
    });
  }
  headings.forEach((h, i) => {
    h.sectionRange = { start: h.range.start, end: lastContentEnd(h.range.end.line, nextAtOrAbove[i]) };
  });

  contentStarts.sort((a, b) => a - b);
  /** Index of the first element of the sorted `xs` that is >= `v`. */
  const lowerBound = (xs: number[], v: number) => {
    let lo = 0;
    let hi = xs.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (xs[mid] < v) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  const hasContent = (fromLine: number, toLine: number) => {
    const k = lowerBound(contentStarts, fromLine);
    return k < contentStarts.length && contentStarts[k] <= toLine;
  };
  const checkboxLines = checkboxes.map((c) => c.range.start.line);
  const depLines = depParagraphs.map((d) => posAt(d.start).line);

  // Title, front matter.
  const titleIdx = headings.findIndex((h) => h.level === 1);
  const title = titleIdx >= 0 ? { text: headings[titleIdx].text, range: headings[titleIdx].range } : undefined;
  const fmChunk = chunks.find((c) => c.frontmatter);
  const frontmatter = fmChunk
    ? { raw: fmChunk.text, range: { start: { line: 0, character: 0 }, end: lastContentEnd(0, fmChunk.line + fmChunk.text.split('\n').length - 1) } }
    : undefined;

  // Sections.
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

  // Phases.
  const phases: Phase[] = [];
  const phaseHeadings = selectPhaseHeadings(headings, nextAtOrAbove);
  headings.forEach((h, i) => {
    const m = phaseHeadings.get(i);
    if (!m) return;
    const id = normalizePhaseId(m[1]);
    const line = lineText(h.range.start.line);
    const idm = /phase\s+(\d+(?:\.\d+)?[a-z]?)/i.exec(line);
    const idChar = idm && idm[1].toLowerCase() === m[1].toLowerCase() ? idm.index + idm[0].length - idm[1].length : h.range.start.character;
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
      const bEnd = lastContentEnd(x.range.end.line, next);
      subsections.push({
        title: x.text,
        level: x.level,
        heading: x.range,
        body: bodyStart <= bEnd.line ? { start: { line: bodyStart, character: 0 }, end: bEnd } : { start: x.range.end, end: x.range.end },
        range: { start: x.range.start, end: bEnd },
        empty: !hasContent(bodyStart, next - 1),
      });
    }
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
      subsections,
      labels: [],
      checkboxes: checkboxes.slice(firstBox, endBox),
      index: phases.length,
    });
  });
  // Bold labels at the start of a line (outside code), phase by phase: the phases do not overlap, so this reads each
  // line at most once.
  {
    const code = codeBlocks.map((b) => [b.range.start.line, b.range.end.line]).sort((a, b) => a[0] - b[0]);
    let k = 0;
    for (const p of phases) {
      for (let l = p.heading.end.line + 1; l <= p.range.end.line; l++) {
        while (k < code.length && code[k][1] < l) k++;
        if (k < code.length && code[k][0] <= l) {
          l = code[k][1];
          continue;
        }
        const label = boldLabel(lineText(l), l);
        if (label) p.labels.push(label);
      }
    }
  }
  // Dependencies: the first declaration inside each phase.
  for (const p of phases) {
    const k = lowerBound(depLines, p.heading.start.line + 1);
    const decl = k < depLines.length && depLines[k] <= p.range.end.line ? depParagraphs[k] : undefined;
    if (decl) p.dependencies = readDeclaration(decl.start, decl.end, p);
  }

  function readDeclaration(start: number, end: number, phase: Phase): Dependencies {
    const src = text.slice(start, end);
    const key = DEP_KEY.exec(src)!;
    let vStart = start + key[0].length;
    // The value ends at the paragraph's end or at a following `**Key**:` line.
    let vEnd = end;
    const rest = text.slice(vStart, end);
    const cut = /\n\s*(?:\*\*|__)[^*\n]{1,40}(?:\*\*|__)?\s*:/.exec(rest);
    if (cut) vEnd = vStart + cut.index;
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
      const r = range(vStart + a, vStart + b);
      // At most the MAX_EXPANSION phases just before: on thousands of phases, all of them would make the plan's
      // dependencies quadratic in its length.
      const from = Math.max(0, phase.index - MAX_EXPANSION);
      if (from > 0) limit(`"All previous phases" was read as the ${MAX_EXPANSION} phases before each phase`);
      for (let k = from; k < phase.index; k++) add(phases[k].id, r, 'all-previous');
    }
    for (const ref of reading.refs) {
      const r = range(vStart + ref.start, vStart + ref.end);
      if (ref.id !== undefined) add(ref.id, r, 'single');
      else {
        const ids = expandRange(ref.from!, ref.to!, phases);
        if (ids.length > MAX_EXPANSION) limit(`a range of phases was read as its first ${MAX_EXPANSION} phases`);
        for (const id of ids.slice(0, MAX_EXPANSION)) add(id, r, 'range');
      }
    }
    if (raw.trim() === '' && vStart > start) vStart = start + key[0].trimEnd().length;
    return {
      raw,
      range: range(start, vEnd === end ? end : vStart + raw.trimEnd().length),
      valueRange: range(vStart, vStart + raw.trimEnd().length),
      none: reading.none,
      allPrevious: reading.allPrevious,
      refs,
      dependsOn: refs.map((r) => r.id),
      unread: reading.unread.map((u) => ({ text: raw.slice(u.start, u.end), range: range(vStart + u.start, vStart + u.end) })),
    };
  }

  // Steps: `### Step N: …`, and a PIR plan's numbered changes.
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

  // Tables.
  const headingLines = headings.map((h) => h.range.start.line);
  const headingAbove = (line: number) => {
    const k = lowerBound(headingLines, line);
    return k > 0 ? headings[k - 1] : undefined;
  };
  const tables: Table[] = tableParts.map(({ table: t, offset: o }) => {
    const rows = t.rows.map((row) => ({
      cells: row.cells.map((cell): TableCell => ({ text: cell.text, range: range(o + cell.start, o + cell.end) })),
      range: range(o + row.start, o + row.end),
    }));
    const r = range(o + t.start, o + t.end);
    const heading = headingAbove(r.start.line);
    const header = rows[0]?.cells ?? [];
    const names = header.map((c) => c.text.toLowerCase());
    let kind: Table['kind'] = 'other';
    if (names.some((n) => /probability|likelihood|impact|severity/.test(n))) kind = 'risk';
    else if ((heading && /change\s*log|revision history|amendment history/i.test(heading.text)) || (names.includes('date') && names.some((n) => /change/.test(n)))) kind = 'change-log';
    return { kind, heading: heading?.text, header, rows: rows.slice(1), range: r };
  });
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

  // Metadata: `**Key**: value` lines of the Metadata section and of the preamble before the first section.
  const metadata: MetadataField[] = [];
  // Lines inside fenced code, marked once (a per-line search of the blocks is quadratic on a plan of many blocks).
  let codeLines: Uint8Array | undefined;
  const inCode = (line: number) => {
    if (!codeLines) {
      codeLines = new Uint8Array(lineCount + 1);
      for (const b of codeBlocks) codeLines.fill(1, b.range.start.line, Math.min(lineCount, b.range.end.line) + 1);
    }
    return codeLines[line] === 1;
  };
  const metaSection = sections.find((s) => /^metadata$/i.test(s.title));
  const readMeta = (from: number, to: number, plainKeys: boolean) => {
    for (let l = from; l <= to && l < lineCount; l++) {
      if (inCode(l)) continue;
      const s = lineText(l);
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
  const firstSectionLine = sections[0]?.heading.start.line ?? lineCount;
  readMeta(title ? title.range.end.line + 1 : fmChunk ? fmChunk.line + 1 : 0, firstSectionLine - 1, false);
  if (metaSection) readMeta(metaSection.body.start.line, metaSection.range.end.line, true);

  // The Dependency Map.
  const codeIn = (r: Range) => codeBlocks.filter((b) => b.range.start.line > r.start.line && b.range.start.line <= r.end.line);
  let dependencyMap: DependencyMap | undefined;
  const mapSection = sections.find((s) => /^dependenc(y|ies)\s+(map|graph|diagram)/i.test(s.title));
  if (mapSection) {
    const block = codeIn(mapSection.range)[0];
    let raw: string;
    let r: Range;
    let origin: Position;
    if (block) {
      raw = block.value;
      r = block.range;
      origin = block.contentRange.start;
    } else {
      const from = mapSection.body.start.line;
      const to = mapSection.range.end.line;
      const lines: string[] = [];
      for (let l = from; l <= to && !mapSection.empty; l++) lines.push(lineText(l));
      raw = lines.join('\n');
      r = mapSection.body;
      origin = { line: from, character: 0 };
    }
    const read = readMapCached(isMermaid(block?.lang ?? '', raw), raw, origin);
    if (read.capped) limit('the Dependency Map draws more arrows than are read (its first 20,000 were)');
    dependencyMap = { sectionRange: mapSection.range, range: r, raw, nodes: read.nodes, edges: read.edges, unreadable: read.unreadable };
    if (block) {
      const prose: { text: string; range: Range }[] = [];
      const blocks = codeIn(mapSection.range);
      for (let l = mapSection.body.start.line; l <= mapSection.range.end.line; l++) {
        const inBlock = blocks.find((b) => l >= b.range.start.line && l <= b.range.end.line);
        if (inBlock) {
          l = inBlock.range.end.line;
          continue;
        }
        const t = lineText(l);
        if (t.trim()) prose.push({ text: t, range: lineRange(l) });
      }
      dependencyMap.prose = prose;
    }
  }

  // The phases JSON.
  let phasesJson: PhasesJson | undefined;
  const jsonSection = sections.find((s) => /^phases\s*\(\s*machine[\s-]*readable\s*\)/i.test(s.title));
  if (jsonSection) {
    const blocks = codeIn(jsonSection.range);
    const isPhases = (b: FencedBlock) => b.lang.startsWith('json') || (/^\s*[{[]/.test(b.value) && /"phases"/.test(b.value));
    const block = blocks.find((b) => b.lang.startsWith('json') && /"phases"/.test(b.value)) ?? blocks.find(isPhases);
    phasesJson = { sectionRange: jsonSection.range, isFirstBlock: !!block && blocks[0] === block };
    if (blocks[0] && blocks[0] !== block) phasesJson.firstBlockRange = blocks[0].range;
    if (block) {
      phasesJson.range = block.range;
      phasesJson.raw = block.value;
      readPhasesJson(block, phasesJson, phases);
    }
  } else {
    // A phases JSON under another heading (`## Phases`, `## Phase machine-readable block`) or none: the first block
    // outside the phases that parses as `{"phases": [{"id", "title" or "name"}…]}`.
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
      phasesJson = candidate;
      break;
    }
  }

  const model: PlanModel = {
    ...(limits.size ? { limits: [...limits] } : {}),
    preset: 'generic',
    presetSource: 'detected',
    lineCount,
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
    comments,
  };
  if (input.preset && input.preset !== 'auto') {
    model.preset = input.preset;
    model.presetSource = 'option';
  } else {
    model.preset = detectPreset(model);
  }
  return model;
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

/** `1–3` over the phases that exist: by number, or by position when the ends are lettered. */
export function expandRange(from: string, to: string, phases: { id: string }[]): string[] {
  const num = (id: string) => parseFloat(id);
  const lettered = /[a-z]$/.test(from) || /[a-z]$/.test(to);
  if (lettered) {
    const a = phases.findIndex((p) => p.id === from);
    const b = phases.findIndex((p) => p.id === to);
    if (a >= 0 && b >= a) return phases.slice(a, b + 1).map((p) => p.id);
    return [from, to];
  }
  const lo = num(from);
  const hi = num(to);
  if (!(hi >= lo)) return [from, to];
  const inside = phases.filter((p) => num(p.id) >= lo && num(p.id) <= hi).map((p) => p.id);
  if (inside.length) {
    const known = new Set(inside);
    // Ends that name no phase are kept so that checks can report them.
    for (const end of [from, to]) if (!phases.some((p) => p.id === end) && !inside.some((id) => num(id) === num(end))) known.add(end);
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
    // The last line starting at or before `offset` (binary search: one position per entry of a long JSON).
    let lo = 0;
    let hi = rawStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (rawStarts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: block.contentRange.start.line + lo, character: offset - rawStarts[lo] };
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
  const entries: PhasesJsonEntry[] = [];
  let cursor = 0;
  for (const item of list) {
    const id = typeof item?.id === 'string' ? item.id : String(item?.id ?? '');
    const title = typeof item?.title === 'string' ? item.title : typeof item?.name === 'string' ? item.name : '';
    const lit = JSON.stringify(id);
    let idx = raw.indexOf(lit, cursor);
    if (idx < 0) idx = cursor;
    cursor = idx + lit.length;
    const start = at(idx);
    const objEnd = raw.indexOf('}', cursor);
    const end = objEnd >= 0 && at(objEnd).line === start.line ? at(objEnd + 1) : at(cursor);
    const entry: PhasesJsonEntry = { id, title, phaseId: phaseIdOfJson(id, title, phases), range: { start, end } };
    if (title) {
      const tLit = JSON.stringify(title);
      const t = raw.indexOf(tLit, Math.max(0, raw.lastIndexOf('{', idx)));
      if (t >= 0 && (objEnd < 0 || t < objEnd)) entry.titleRange = { start: at(t), end: at(t + tLit.length) };
    }
    entries.push(entry);
  }
  target.phases = entries;
}

export function phaseIdOfJson(id: string, title: string, phases: { id: string; title: string }[]): string | undefined {
  const byId = /^phase[\s_-]*(\d+(?:\.\d+)?[a-z]?)(?:[\s_-].*)?$/i.exec(id);
  if (byId) return byId[1].toLowerCase();
  const byTitle = PHASE_HEADING.exec(title);
  if (byTitle) return normalizePhaseId(byTitle[1]);
  const t = title.trim().toLowerCase();
  const byTitleText = phases.find((p) => p.title.trim().toLowerCase() === t)?.id;
  if (byTitleText) return byTitleText;
  // A slug id written in the heading (`### Phase 1: impl`, `… (phase-1-setup)`).
  const slug = id.trim().toLowerCase();
  if (slug.length < 2 || !/^[\w.-]+$/.test(slug)) return undefined;
  const word = (s: string) => {
    const lower = s.toLowerCase();
    for (let k = lower.indexOf(slug); k >= 0; k = lower.indexOf(slug, k + 1)) {
      if (!/[\w-]/.test(lower[k - 1] ?? '') && !/[\w-]/.test(lower[k + slug.length] ?? '')) return true;
    }
    return false;
  };
  return phases.find((p) => word(p.title))?.id;
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
