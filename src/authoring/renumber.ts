// Renumbering phases, and renaming one phase id, with every reference rewritten at once: the headings, the
// Dependencies lines (ranges included), the Dependency Map drawing, the phases JSON and `Phase N` mentions in prose.
// Pure: `vscode` free; the edits are computed against the original text and never chain (2→3 and 3→4 together).
//
// Numbering rule (Renumber Phases): phases are numbered in the order they are listed, from the plan's own start (0 when
// the first phase is Phase 0, else 1). Lettered groups stay groups: consecutive phases that share a number and carry a
// letter (`3a, 3b`, also after a plain `3`) get one number together and keep their letters as written; `3.1, 3.2`
// likewise keep their decimals. So `1, 3a, 3b, 5` becomes `1, 2a, 2b, 3`. Only numbers change: a plan's `1, 1b`
// stays as it is (its author may call the first phase 1a elsewhere; re-lettering would make such mentions lie).
//
// References to a phase the plan no longer has (a phase was deleted): in a Dependencies line the reference moves to the
// phase listed before the gap (so deleting Phase 2 from a chain 1 → 2 → 3 leaves 1 → 2), or is dropped when there is
// none or the line already names it (a line left empty says `None`); a Dependency Map that names such a phase is
// redrawn from the new Dependencies lines (when `renderMap` is given); a phases-JSON entry `phase_N` for it is removed
// (when it sits on its own line). References past the last phase are not gaps: they are left and reported. Prose that mentions it is left as written and reported in `left`, since only the author knows
// what the sentence should now say.
import type { Dependencies, FencedBlock, Phase, PhasesJsonEntry, PlanModel, Position, Range } from '../model/types';
import { lineAt } from '../model/scan';

export type RenumberKind = 'heading' | 'dependencies' | 'map' | 'json' | 'prose';

export interface RenumberEdit {
  range: Range;
  newText: string;
  kind: RenumberKind;
  /** A judgment call about a phase the plan no longer has (a Dependencies reference moved or dropped, a JSON entry removed, the map redrawn). */
  guess?: boolean;
}

export interface RenumberOptions {
  /** Old id → new id (Rename). Without it, the phases are renumbered in listed order. */
  mapping?: Record<string, string>;
  /** Draws a Dependency Map from phases and their dependencies (`renderDependencyMap`); used to redraw a map that names deleted phases. */
  renderMap?: (phases: { id: string; dependsOn: string[] }[]) => string;
}

export interface RenumberResult {
  edits: RenumberEdit[];
  /** Old id → new id, for every phase (positional duplicates resolve to the first). */
  mapping: Map<string, string>;
  /** Mentions of phases the plan does not have, left as written. */
  left: { id: string; range: Range }[];
}

const ID = String.raw`\d+(?:\.\d+)?[a-z]?`;
const VALID_ID = new RegExp(`^${ID}$`, 'i');
/** `Phase 2`, `phase_2a`, `Phases 1–3, 5 and 7`, `Phase 2b + 3 + 4`, `Phase #4`. */
const MENTION_HEAD = new RegExp(String.raw`\bphases?[ \t_-]*(?:#[ \t]*)?(${ID})(?![a-z0-9])`, 'gi');
const RANGE_NEXT = new RegExp(String.raw`([ \t]*(?:–|—|-|\.\.|\bto\b|\bthrough\b|\bthru\b)[ \t]*(?:phase[ \t_-]*)?)(${ID})(?![a-z0-9])`, 'iy');
const LIST_NEXT = new RegExp(String.raw`[ \t]*(?:,|&|\+|/|\band\b|\bor\b)[ \t]*(?:phases?[ \t_-]*)?(${ID})(?![a-z0-9])`, 'iy');

/** A phase id as a Rename accepts it: `3`, `2a`, `4.1`. */
export function isValidPhaseId(s: string): boolean {
  return VALID_ID.test(s.trim());
}

interface IdParts {
  major: number;
  decimal?: number;
  letter?: string;
}

function parseId(id: string): IdParts | undefined {
  const m = /^(\d+)(?:\.(\d+))?([a-z])?$/i.exec(id);
  if (!m) return undefined;
  return { major: Number(m[1]), decimal: m[2] === undefined ? undefined : Number(m[2]), letter: m[3]?.toLowerCase() };
}

/** Numeric, then letter order: `2` < `2a` < `2b` < `2.1` < `3`. */
export function compareIds(a: string, b: string): number {
  const x = parseFloat(a);
  const y = parseFloat(b);
  if (x !== y) return x - y;
  return a.localeCompare(b);
}

/** The new id of each phase, by position, for Renumber Phases. */
export function renumberedIds(phases: { id: string }[]): string[] {
  if (!phases.length) return [];
  const start = parseId(phases[0].id)?.major === 0 ? 0 : 1;
  const out: string[] = [];
  let group = start - 1;
  let groupMajor: number | undefined;
  let groupIds = new Set<string>();
  for (const p of phases) {
    const parts = parseId(p.id);
    const suffixed = !!parts && (parts.letter !== undefined || parts.decimal !== undefined);
    const joins = suffixed && groupMajor === parts!.major && !groupIds.has(p.id);
    if (!joins) {
      group++;
      groupMajor = parts?.major;
      groupIds = new Set();
    }
    groupIds.add(p.id);
    let id = String(group);
    if (parts?.decimal !== undefined) id += `.${parts.decimal}`;
    if (parts?.letter !== undefined) id += parts.letter;
    out.push(id);
  }
  return out;
}

class Text {
  readonly starts: number[] = [0];
  constructor(readonly text: string) {
    for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) this.starts.push(i + 1);
  }
  offset(p: Position): number {
    const line = Math.min(p.line, this.starts.length - 1);
    const lineEnd = line + 1 < this.starts.length ? this.starts[line + 1] - 1 : this.text.length;
    return Math.min(this.starts[line] + p.character, lineEnd);
  }
  position(offset: number): Position {
    const line = lineAt(this.starts, offset);
    return { line, character: offset - this.starts[line] };
  }
  line(n: number): string {
    const end = n + 1 < this.starts.length ? this.starts[n + 1] - 1 : this.text.length;
    return this.text.slice(this.starts[n], end).replace(/\r$/, '');
  }
}

interface OffsetEdit {
  start: number;
  end: number;
  newText: string;
  kind: RenumberKind;
  guess?: boolean;
}

interface Mention {
  /** Where `Phase` starts. */
  start: number;
  items: ({ kind: 'single'; id: string; start: number; end: number } | { kind: 'range'; from: string; to: string; sep: string; start: number; end: number })[];
}

/** The `Phase N` mentions in `s` (offsets relative to `s`). */
function mentions(s: string): Mention[] {
  const out: Mention[] = [];
  MENTION_HEAD.lastIndex = 0;
  for (let m = MENTION_HEAD.exec(s); m; m = MENTION_HEAD.exec(s)) {
    const items: Mention['items'] = [];
    let idStart = m.index + m[0].length - m[1].length;
    let cur = { id: m[1], start: idStart, end: idStart + m[1].length };
    let pos = cur.end;
    for (;;) {
      RANGE_NEXT.lastIndex = pos;
      const r = RANGE_NEXT.exec(s);
      if (r) {
        const toStart = pos + r[1].length;
        items.push({ kind: 'range', from: cur.id, to: r[2], sep: r[1], start: cur.start, end: toStart + r[2].length });
        pos = toStart + r[2].length;
      } else {
        items.push({ kind: 'single', ...cur });
      }
      LIST_NEXT.lastIndex = pos;
      const l = LIST_NEXT.exec(s);
      if (!l) break;
      idStart = pos + l[0].length - l[1].length;
      cur = { id: l[1], start: idStart, end: idStart + l[1].length };
      pos = cur.end;
    }
    MENTION_HEAD.lastIndex = pos;
    out.push({ start: m.index, items });
  }
  return out;
}

/** Spans of a line that are addresses: URLs, link destinations, autolinks. */
function urlSpans(line: string): [number, number][] {
  const spans: [number, number][] = [];
  const add = (re: RegExp, group = 0) => {
    for (const m of line.matchAll(re)) {
      const start = m.index! + (group ? m[0].indexOf(m[group]) : 0);
      spans.push([start, start + m[group].length]);
    }
  };
  add(/<[a-z][a-z0-9+.-]*:[^\s<>]*>/gi);
  add(/\b(?:[a-z][a-z0-9+.-]*:\/\/|www\.)[^\s<>()\]]+/gi);
  add(/\]\(([^)\s]*)/g, 1);
  add(/^\s{0,3}\[[^\]]+\]:\s*(\S+)/g, 1);
  return spans;
}

/** A reference of a Dependencies line: one id, or the ids of one written range (`1–3`). */
interface DependencyItem {
  start: number;
  end: number;
  ids: string[];
  via: 'single' | 'range';
  text: string;
}

/** A reference of a Dependencies line that stays, with its new text. */
interface KeptReference {
  item: DependencyItem;
  newText: string;
  guess: boolean;
}

/**
 * One renumbering of a plan: the phases' new ids, and the edits made so far with the spans of text they claim (a
 * span claimed by an earlier step, a heading's id or a Dependencies reference, is not rewritten again as prose).
 */
class Renumbering {
  private readonly t: Text;
  private readonly phases: Phase[];
  private readonly explicit: boolean;
  private readonly newIds: string[];
  private readonly newIdSet: { id: string; i: number }[];
  private readonly mapping = new Map<string, string>();
  private readonly firstIndex = new Map<string, number>();
  private readonly edits: OffsetEdit[] = [];
  private readonly claimed: [number, number][] = [];
  private readonly left: RenumberResult['left'] = [];
  /** Each phase's dependencies after the renumbering, by phase index (what a redrawn map draws). */
  private readonly newDeps = new Map<number, string[]>();

  constructor(
    private readonly model: PlanModel,
    private readonly text: string,
    private readonly options: RenumberOptions,
  ) {
    this.t = new Text(text);
    this.phases = model.phases;
    this.explicit = options.mapping !== undefined;
    this.newIds = this.explicit ? this.phases.map((p) => options.mapping![p.id] ?? p.id) : renumberedIds(this.phases);
    this.newIdSet = this.newIds.map((id, i) => ({ id, i }));
    this.phases.forEach((p, i) => {
      if (!this.mapping.has(p.id)) {
        this.mapping.set(p.id, this.newIds[i].toLowerCase());
        this.firstIndex.set(p.id, i);
      }
    });
  }

  private known(id: string): boolean {
    return this.mapping.has(id.toLowerCase());
  }

  private mapId(id: string): string {
    return this.mapping.get(id.toLowerCase()) ?? id;
  }

  private changes(id: string): boolean {
    return this.known(id) && this.mapId(id) !== id.toLowerCase();
  }

  private overlaps(s: number, e: number): boolean {
    return this.claimed.some(([a, b]) => s < b && a < e && !(s === e && (s === a || s === b)));
  }

  private claim(s: number, e: number): void {
    this.claimed.push([s, e]);
  }

  private push(start: number, end: number, newText: string, kind: RenumberKind, guess = false): void {
    if (this.text.slice(start, end) === newText) return;
    this.edits.push(guess ? { start, end, newText, kind, guess } : { start, end, newText, kind });
  }

  private leave(id: string, s: number, e: number): void {
    this.left.push({ id, range: { start: this.t.position(s), end: this.t.position(e) } });
  }

  /** The new ids listed as text: a range when they are all the phases between two ends, else a list. */
  private rangeText(ids: string[], sep: string): string {
    if (ids.length === 1) return ids[0];
    const lo = parseFloat(ids[0]);
    const hi = parseFloat(ids[ids.length - 1]);
    const inside = this.newIdSet.filter((x) => parseFloat(x.id) >= lo && parseFloat(x.id) <= hi).map((x) => x.id);
    const ordered = ids.every((id, k) => k === 0 || compareIds(ids[k - 1], id) < 0);
    if (ordered && inside.length === ids.length && inside.every((id) => ids.includes(id))) return `${ids[0]}${sep}${ids[ids.length - 1]}`;
    return ids.join(', ');
  }

  /** Each phase heading's id gets its new id. */
  renumberHeadings(): void {
    this.phases.forEach((p, i) => {
      const s = this.t.offset(p.idRange.start);
      const e = this.t.offset(p.idRange.end);
      this.claim(s, e);
      if (this.newIds[i] !== p.id) this.push(s, e, this.newIds[i], 'heading');
    });
  }

  /** Every phase's Dependencies line: each reference renumbered, moved or dropped. */
  renumberDependencies(): void {
    for (const p of this.phases) this.renumberDependencyLine(p);
  }

  /** One phase's Dependencies line; records the phase's new dependencies. */
  private renumberDependencyLine(p: Phase): void {
    const deps = p.dependencies;
    const i = p.index;
    const result: string[] = [];
    if (!deps) {
      this.newDeps.set(i, result);
      return;
    }
    const items = this.dependencyItems(deps);
    if (deps.allPrevious) for (let k = 0; k < i; k++) result.push(this.newIds[k]);
    let removed = false;
    const kept: KeptReference[] = [];
    for (const item of items) {
      this.claim(item.start, item.end);
      const { newText, guess } = this.renumberReference(item, i, result, kept);
      if (newText === undefined) {
        removed = true;
        continue;
      }
      const ids = item.via === 'single' ? [newText] : item.ids.filter((id) => this.known(id)).map((id) => this.mapId(id));
      for (const id of ids) if (!result.includes(id)) result.push(id);
      kept.push({ item, newText, guess });
    }
    this.newDeps.set(i, result);
    if (!items.length) return;
    if (!removed) {
      for (const k of kept) this.push(k.item.start, k.item.end, k.newText, 'dependencies', k.guess);
      return;
    }
    this.rewriteReferences(deps, items, kept);
  }

  /** The references of a Dependencies line as written: the ids of one range (`1–3`) together. */
  private dependencyItems(deps: Dependencies): DependencyItem[] {
    const items: DependencyItem[] = [];
    for (const ref of deps.refs) {
      if (ref.via === 'all-previous') continue;
      const s = this.t.offset(ref.range.start);
      const e = this.t.offset(ref.range.end);
      const last = items[items.length - 1];
      if (ref.via === 'range' && last && last.via === 'range' && last.start === s) last.ids.push(ref.id);
      else items.push({ start: s, end: e, ids: [ref.id], via: ref.via, text: this.text.slice(s, e) });
    }
    return items;
  }

  /**
   * The new text of one reference of phase `i`'s Dependencies line, or undefined when it is dropped (`result`: the
   * line's new ids so far, `kept`: its references kept so far). A reference to a phase the plan does not have is left
   * (and reported) or moved to the phase before the gap.
   */
  private renumberReference(item: DependencyItem, i: number, result: string[], kept: KeptReference[]): { newText?: string; guess: boolean } {
    if (item.via === 'single') {
      const id = item.ids[0];
      if (this.known(id)) return { newText: this.mapId(id), guess: false };
      if (this.explicit || this.phases.every((q) => compareIds(q.id, id) < 0)) {
        // Renamed by hand, or past the last phase (not a gap left by a deleted phase): nothing to go by.
        this.leave(id, item.start, item.end);
        return { newText: item.text, guess: false };
      }
      // A deleted phase: the phase listed before the gap, when it comes before this one.
      let pred: Phase | undefined;
      for (const q of this.phases) if (compareIds(q.id, id) < 0 && (!pred || q.index > pred.index)) pred = q;
      let newText = pred && pred.index < i ? this.newIds[pred.index] : undefined;
      if (newText !== undefined && (result.includes(newText) || kept.some((k) => k.newText === newText))) newText = undefined;
      return { newText, guess: true };
    }
    const members = item.ids.filter((id) => this.known(id)).sort((a, b) => this.firstIndex.get(a)! - this.firstIndex.get(b)!);
    const ends = new RegExp(`^(${ID})(.*?)(${ID})$`, 'is').exec(item.text);
    if (this.explicit && members.length < item.ids.length) {
      for (const id of item.ids) if (!this.known(id)) this.leave(id, item.start, item.end);
      return { newText: item.text, guess: false };
    }
    if (members.length) return { newText: this.rangeText(members.map((id) => this.mapId(id)), ends ? ends[2] : '–'), guess: members.length < item.ids.length };
    return { guess: false };
  }

  /** Some references of a Dependencies line go: its references part is rewritten as a list (`None` when empty). */
  private rewriteReferences(deps: Dependencies, items: DependencyItem[], kept: KeptReference[]): void {
    let spanStart = items[0].start;
    const spanEnd = items[items.length - 1].end;
    const valueStart = this.t.offset(deps.valueRange.start);
    let newText: string;
    if (!kept.length) {
      spanStart = valueStart;
      newText = deps.allPrevious ? this.text.slice(valueStart, items[0].start).trimEnd() : 'None';
    } else {
      // Each kept reference keeps the separator written before it (`, Phase `, ` and `).
      newText = kept
        .map((k, n) => {
          if (n === 0) return k.newText;
          const j = items.indexOf(k.item);
          return this.text.slice(items[j - 1].end, k.item.start) + k.newText;
        })
        .join('');
      const before = this.text.slice(valueStart, spanStart);
      const word = /phases([ \t]*)$/i.exec(before);
      if (word && kept.length === 1 && kept[0].item.via === 'single') {
        spanStart -= word[0].length;
        newText = `${word[0][0]}hase${word[1]}${newText}`;
      }
    }
    this.claim(spanStart, spanEnd);
    this.push(spanStart, spanEnd, newText, 'dependencies', true);
  }

  /** Rewrites the mentions within [from, to) of the text; `skipUrls` leaves addresses alone. */
  private rewriteMentions(from: number, to: number, kind: RenumberKind, skipUrls: boolean): void {
    const s = this.text.slice(from, to);
    const urls: [number, number][] = [];
    if (skipUrls) {
      let lineStart = 0;
      for (const line of s.split('\n')) {
        for (const [a, b] of urlSpans(line)) urls.push([lineStart + a, lineStart + b]);
        lineStart += line.length + 1;
      }
    }
    const inUrl = (a: number, b: number) => urls.some(([x, y]) => a < y && x < b);
    for (const m of mentions(s)) {
      for (const item of m.items) {
        const a = from + item.start;
        const b = from + item.end;
        if (this.overlaps(a, b) || inUrl(Math.min(m.start + 1, item.start), item.end)) continue;
        if (item.kind === 'single') {
          if (!this.known(item.id)) {
            this.leave(item.id, a, b);
            continue;
          }
          this.claim(a, b);
          if (this.changes(item.id)) this.push(a, b, this.mapId(item.id), kind);
        } else {
          if (!this.known(item.from) || !this.known(item.to)) {
            for (const id of [item.from, item.to]) if (!this.known(id)) this.leave(id, a, b);
            continue;
          }
          this.claim(a, b);
          const fromEnd = a + item.from.length;
          const toStart = b - item.to.length;
          if (this.changes(item.from)) this.push(a, fromEnd, this.mapId(item.from), kind);
          if (this.changes(item.to)) this.push(toStart, b, this.mapId(item.to), kind);
        }
      }
    }
  }

  private blockOf(range?: Range): FencedBlock | undefined {
    return range ? this.model.codeBlocks.find((b) => b.range.start.line === range.start.line) : undefined;
  }

  /** The phases JSON: entries of deleted phases removed, mentions rewritten. Returns its block, if read. */
  renumberPhasesJson(): FencedBlock | undefined {
    const pj = this.model.phasesJson;
    const jsonBlock = pj && !pj.error && pj.phases ? this.blockOf(pj.range) : undefined;
    if (!jsonBlock || !pj?.phases) return jsonBlock;
    if (!this.explicit) this.removeGoneJsonEntries(pj.phases);
    this.rewriteMentions(this.t.offset(jsonBlock.contentRange.start), this.t.offset(jsonBlock.contentRange.end), 'json', false);
    return jsonBlock;
  }

  /** Removes the phases-JSON entries (each on its own line) of phases deleted from a gap, and a comma they leave. */
  private removeGoneJsonEntries(phasesJson: PhasesJsonEntry[]): void {
    const { t, text } = this;
    const entries = phasesJson.map((e) => {
      const line = e.range.start.line;
      const own = e.range.end.line === line && /^\s*\{[^{}]*\},?\s*$/.test(t.line(line));
      // Only entries that name a phase by number (`phase_2`) and sit in a gap between phases: another id
      // (`shared_types`) may be matched by title, and the runner knows it by that id.
      const byNumber = /^phase[\s_-]*\d/i.test(e.id);
      const inGap = !!e.phaseId && this.phases.some((q) => compareIds(q.id, e.phaseId!) > 0);
      return { e, line, own, gone: byNumber && inGap && !this.known(e.phaseId!) };
    });
    for (const x of entries) {
      if (!x.gone || !x.own) continue;
      const s = t.starts[x.line];
      const e = x.line + 1 < t.starts.length ? t.starts[x.line + 1] : text.length;
      this.claim(s, e);
      this.push(s, e, '', 'json', true);
    }
    // A removed last entry leaves the comma of the entry before it.
    const lastKept = [...entries].reverse().find((x) => !(x.gone && x.own));
    const lastIndex = entries.indexOf(lastKept!);
    if (lastKept && lastKept.own && entries.slice(lastIndex + 1).some((x) => x.gone && x.own)) {
      const line = t.line(lastKept.line);
      const comma = line.search(/,\s*$/);
      if (comma >= 0) {
        const s = t.starts[lastKept.line] + comma;
        this.claim(s, s + 1);
        this.push(s, s + 1, '', 'json', true);
      }
    }
  }

  /** The Dependency Map (unless it is the JSON's block): redrawn when it names deleted phases, else its mentions rewritten. */
  renumberMap(jsonBlock: FencedBlock | undefined): void {
    const map = this.model.dependencyMap;
    const mapBlock = map ? this.blockOf(map.range) : undefined;
    if (!map || !mapBlock || mapBlock === jsonBlock) return;
    const s = this.t.offset(mapBlock.contentRange.start);
    const e = this.t.offset(mapBlock.contentRange.end);
    const namesGone = map.nodes.some((n) => n.ids.some((id) => !this.known(id)));
    if (!this.explicit && namesGone && this.options.renderMap) {
      const seen = new Set<string>();
      const drawn = this.phases
        .filter((p) => !seen.has(this.newIds[p.index]) && seen.add(this.newIds[p.index]))
        .map((p) => ({ id: this.newIds[p.index], dependsOn: this.newDeps.get(p.index) ?? [] }));
      this.claim(s, e);
      this.push(s, e, this.options.renderMap(drawn), 'map', true);
    } else if (!this.explicit && namesGone) {
      // Renumbered text around a deleted phase would draw wrong arrows; left for the map check and its regenerate fix.
      this.claim(s, e);
    } else {
      this.rewriteMentions(s, e, 'map', false);
    }
  }

  /** Prose: every line outside code blocks (phase heading ids and Dependencies references are claimed already). */
  renumberProse(): void {
    const codeLines = new Set<number>();
    for (const b of this.model.codeBlocks) for (let l = b.range.start.line; l <= b.range.end.line; l++) codeLines.add(l);
    for (let line = 0; line < this.t.starts.length; line++) {
      if (codeLines.has(line)) continue;
      const s = this.t.starts[line];
      this.rewriteMentions(s, s + this.t.line(line).length, 'prose', true);
    }
  }

  /** The edits in document order, as ranges; the mapping; the mentions left. */
  result(): RenumberResult {
    this.edits.sort((a, b) => a.start - b.start || a.end - b.end);
    return {
      edits: this.edits.map((e) => {
        const out: RenumberEdit = { range: { start: this.t.position(e.start), end: this.t.position(e.end) }, newText: e.newText, kind: e.kind };
        if (e.guess) out.guess = true;
        return out;
      }),
      mapping: this.mapping,
      left: this.left,
    };
  }
}

export function renumberPlan(model: PlanModel, text: string, options: RenumberOptions = {}): RenumberResult {
  const r = new Renumbering(model, text, options);
  // The phase headings' ids.
  r.renumberHeadings();
  // The Dependencies lines: references renumbered, or moved or dropped where a phase was deleted.
  r.renumberDependencies();
  // The phases JSON: entries of deleted phases removed, ids rewritten.
  const jsonBlock = r.renumberPhasesJson();
  // The Dependency Map: redrawn or its mentions rewritten.
  r.renumberMap(jsonBlock);
  // `Phase N` mentions in the prose, last, so that nothing claimed above is rewritten twice.
  r.renumberProse();
  return r.result();
}

/** The edits of `renumberPlan`: renumbers the phases in listed order, or renames by `mapping`. */
export function renumberEdits(model: PlanModel, text: string, mapping?: Record<string, string>, renderMap?: RenumberOptions['renderMap']): RenumberEdit[] {
  return renumberPlan(model, text, { mapping, renderMap }).edits;
}
