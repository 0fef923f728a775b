// Reads the hand-drawn drawing of a `## Dependency Map` section into nodes (labels naming phases) and edges.
//
// The drawing is read as a grid of cells (one per code point). Every cell is blank, text or a connector (a line,
// corner, tee or arrowhead; ASCII look-alikes such as `-`, `>`, `|`, `v`, `+`, `/` only in context). Text cells form
// labels; a label that names a phase (`Phase 1`, `phase_2a`, `Phase 2b + 3 + 4`, `Phases 3-6`,
// `All V1 phases (1a, 1b, 3-6)`) is a node, with any descriptive text after the reference (`Phase 1a (types, done)`)
// as part of it, and so is a box drawn around such a label. Connector cells are joined into components (text on a
// line labels it; an arrow starting in blank space under another arrow's start continues it); the nodes a
// component's arrowheads point at are its targets, the other nodes it touches are its sources, and its edges are
// sources × targets. Lenient in reading, precise in reporting: text naming no phase, lines without a direction and
// arrows missing a source or a target are returned as `unreadable`, never guessed into edges.
// Linear in the size of the drawing: no backtracking regular expressions, one union-find over the connector cells.

import type { MapEdge, MapNode, Position, Range } from './types';

export interface DependencyMapReading {
  nodes: MapNode[];
  edges: MapEdge[];
  /** Parts not read; `nodes`: the phase ids of the labels a part touches (what it leaves unsaid may concern them). */
  unreadable: { text: string; range: Range; nodes?: string[] }[];
  /** More than MAX_MAP_EDGES edges were drawn: only the first were kept. */
  capped?: boolean;
}

/** Edges at most read from one drawing (forty `Phases a-b` labels fanning out would make sixteen million). */
export const MAX_MAP_EDGES = 20_000;

// Directions, as bits.
const U = 1;
const D = 2;
const L = 4;
const R = 8;
const UL = 16;
const UR = 32;
const DL = 64;
const DR = 128;
const H = L | R;
const V = U | D;
const DIRS: readonly (readonly [bit: number, dr: number, dc: number])[] = [
  [U, -1, 0],
  [D, 1, 0],
  [L, 0, -1],
  [R, 0, 1],
  [UL, -1, -1],
  [UR, -1, 1],
  [DL, 1, -1],
  [DR, 1, 1],
];

/** A connector: the directions its lines run to (`arms`) and the directions its arrowheads point to (`heads`). */
interface Shape {
  arms: number;
  heads: number;
}

const FIXED = new Map<string, Shape>();
function shape(chars: string, arms: number, heads = 0): void {
  // Also with the emoji variation selector (`➡️`), which is kept in the cell of the character it follows.
  for (const ch of chars) FIXED.set(ch, { arms, heads }).set(ch + '\uFE0F', { arms, heads });
}
shape('─━═╌╍┄┅┈┉⎯', H);
shape('→▶►▷⟶⇒⟹⇢⇨➡➔➜➞➝', L, R);
shape('←◀◄◁⟵⇐⟸⇠⇦⬅', R, L);
shape('↔⟷⇔', 0, L | R);
shape('│┃║╎╏┆┇┊┋', V);
shape('↓▼▽⇓⇣⇩⬇', U, D);
shape('↑▲△⇑⇡⇧⬆', D, U);
shape('↕⇕', 0, U | D);
shape('┌╭┏╔┍┎╒╓', R | D);
shape('┐╮┓╗┑┒╕╖', L | D);
shape('└╰┗╚┕┖╘╙', R | U);
shape('┘╯┛╝┙┚╛╜', L | U);
shape('├┣╠┝┞┟┠┡┢╞╟', V | R);
shape('┤┫╣┥┦┧┨┩┪╡╢', V | L);
shape('┬┳╦┭┮┯┰┱┲╤╥', H | D);
shape('┴┻╩┵┶┷┸┹┺╧╨', H | U);
shape('┼╋╬┽┾┿╀╁╂╃╄╅╆╇╈╉╊╪╫', H | V);
shape('↘', UL, DR);
shape('↙', UR, DL);
shape('↗', DL, UR);
shape('↖', DR, UL);
shape('╲', UL | DR);
shape('╱', UR | DL);

const DASH = new Set(['-', '=', '–', '—']);
const BLANK = 0;
const TEXT = 1;
const CONN = 2;
const SEEN_NONE = -1;
const SEEN_CONN = -2;
const SEEN_FAR_CONN = -3;
/** A box drawn around a label: read as part of that label's node. */
const FRAME = 3;

function isBlank(ch: string): boolean {
  return ch === '' || ch === ' ' || ch === '\t' || ch === '\u00a0';
}

function isAlnum(ch: string): boolean {
  if (ch === '') return false;
  const c = ch.charCodeAt(0);
  if ((c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95) return true;
  return c > 127 && ch.toLowerCase() !== ch.toUpperCase();
}

function isLetter(ch: string | undefined): boolean {
  if (!ch) return false;
  const c = ch.charCodeAt(0);
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || (c > 127 && ch.toLowerCase() !== ch.toUpperCase());
}

function isDigit(ch: string | undefined): boolean {
  if (!ch) return false;
  const c = ch.charCodeAt(0);
  return c >= 48 && c <= 57;
}

// ---------------------------------------------------------------------------------------------------------------
// Labels.

/** Skips the characters in `set` from `i`. */
function skip(s: string, i: number, set: string): number {
  while (i < s.length && set.includes(s[i])) i++;
  return i;
}

/** `12`, `2a`, `1.5` at `i`, ending at a word boundary. */
function readId(s: string, i: number): { id: string; end: number } | undefined {
  let j = i;
  while (isDigit(s[j])) j++;
  if (j === i) return undefined;
  if (s[j] === '.' && isDigit(s[j + 1])) {
    j++;
    while (isDigit(s[j])) j++;
  }
  if (isLetter(s[j]) && !isAlnum(s[j + 1] ?? '')) j++;
  if (isAlnum(s[j] ?? '')) return undefined;
  return { id: s.slice(i, j), end: j };
}

/** Skips an optional `phase`/`phases` keyword (with `_`, `-`, `#` or spaces after it) at `i`. */
function skipKeyword(s: string, i: number): number {
  if (!s.startsWith('phase', i)) return i;
  let j = i + 5;
  if (s[j] === 's') j++;
  if (isLetter(s[j])) return i;
  return skip(s, j, ' \t_-#');
}

/** An id or a range of ids (`3-6`, `3–6`, `3 to 6`, `3..6`, `Phase 3 - Phase 6`) at `i`. */
function readIdOrRange(s: string, i: number): { ids: string[]; end: number } | undefined {
  const a = readId(s, i);
  if (!a) return undefined;
  let p = skip(s, a.end, ' \t');
  let q = -1;
  if (s[p] === '-' || s[p] === '–' || s[p] === '—') q = p + 1;
  else if (s.startsWith('..', p)) q = p + 2;
  else if (s.startsWith('to', p) && !isAlnum(s[p + 2] ?? '')) q = p + 2;
  if (q < 0) return { ids: [a.id], end: a.end };
  p = skipKeyword(s, skip(s, q, ' \t'));
  const b = readId(s, p);
  if (!b) return { ids: [a.id], end: a.end };
  return { ids: idsBetween(a.id, b.id), end: b.end };
}

/** The ids a drawn range names (`3-6`): every number between, or the two ends (the drawing knows no phases). */
function idsBetween(a: string, b: string): string[] {
  if (/^\d+$/.test(a) && /^\d+$/.test(b)) {
    const x = Number(a);
    const y = Number(b);
    if (x <= y && y - x <= 100) {
      const out: string[] = [];
      for (let n = x; n <= y; n++) out.push(String(n));
      return out;
    }
  }
  return a === b ? [a] : [a, b];
}

/** ASCII lower case, so that offsets in the result are offsets in the label. */
function lower(s: string): string {
  return s.replace(/[A-Z]+/g, (m) => m.toLowerCase());
}

/**
 * The first reference (or list of references: `Phase 2b + 3 + 4`, `Phases 1, 2`, `phases (1a, 3-6)`) in `s` (lower
 * case) at or after `from`: its ids, where its keyword starts and where it ends.
 */
function findReference(s: string, from: number): { ids: string[]; start: number; end: number } | undefined {
  for (;;) {
    const k = s.indexOf('phase', from);
    if (k < 0) return undefined;
    from = k + 5;
    if (k > 0 && isLetter(s[k - 1])) continue;
    let j = k + 5;
    const plural = s[j] === 's';
    if (plural) j++;
    if (isLetter(s[j])) continue;
    j = plural ? skip(s, skip(s, j, ' \t:'), '(') : skip(s, j, ' \t_-#');
    j = skip(s, j, ' \t');
    const first = readIdOrRange(s, j);
    if (!first) continue;
    const ids = [...first.ids];
    let end = first.end;
    for (;;) {
      let p = skip(s, end, ' \t');
      if (s[p] === ',' || s[p] === '+' || s[p] === '&' || s[p] === '/' || s[p] === ';') p++;
      else if ((s.startsWith('and', p) || s.startsWith('or', p)) && !isAlnum(s[p + (s[p] === 'a' ? 3 : 2)] ?? '')) {
        p += s[p] === 'a' ? 3 : 2;
      } else break;
      p = skipKeyword(s, skip(s, p, ' \t'));
      const next = readIdOrRange(s, p);
      if (!next) break;
      for (const id of next.ids) ids.push(id);
      end = next.end;
    }
    return { ids: [...new Set(ids)], start: k, end };
  }
}

/**
 * The phase ids a label names, normalised (`phase_2A` → `2a`), or undefined when it names none. Only the first
 * reference (or list of references) counts; what follows it is descriptive text.
 */
export function readMapLabel(label: string): string[] | undefined {
  return findReference(lower(label), 0)?.ids;
}

/** `after 2+3`, `(after Phase 3)`, `[needs 1, 2]`: the phases a label's description says the node comes after. */
const AFTER = /(?:^|[^a-z])(?:after|needs?|requires?|depends on|blocked by|waits? for)\s*:?\s*(?=(?:phases?[\s_#-]*)?\d)/g;

function readAfter(s: string, from: number): string[] | undefined {
  AFTER.lastIndex = from;
  const m = AFTER.exec(s);
  if (!m) return undefined;
  const at = m.index + m[0].length;
  // Read as a reference list (`Phase 2 + 3`), with the keyword supplied when the text leaves it out.
  const ref = /^phase/.test(s.slice(at)) ? findReference(s, at) : findReference(`phase ${s.slice(at)}`, 0);
  return ref?.ids;
}

/** `(all above)`, `after all previous phases`, `depends on all` (ending the label): a note that the node comes after every node drawn above it. */
const ALL_ABOVE = /(?:^|[^a-z])(?:(?:all|everything)\s+(?:of\s+the\s+|the\s+)?(?:above|previous|prior|earlier|preceding)(?![a-z])|(?:depends\s+on|needs|requires|after)\s+(?:all|everything)\W*$)/;

/**
 * Reads a label: its ids, the phases its description says it comes after (`Phase 4 (Docs) [after 2+3]`), and the
 * offset of any other reference in its description (`Phase 5 (see Phase 3)`), which is not read.
 */
function readLabel(label: string): { ids: string[]; after?: string[]; afterAbove?: boolean; further?: number } | undefined {
  const s = lower(label);
  const first = findReference(s, 0);
  if (!first) return undefined;
  const after = readAfter(s, first.end);
  if (after) return { ids: first.ids, after };
  if (ALL_ABOVE.test(s.slice(first.end))) return { ids: first.ids, afterAbove: true };
  const next = findReference(s, first.end);
  return next ? { ids: first.ids, further: next.start } : { ids: first.ids };
}

// ---------------------------------------------------------------------------------------------------------------
// The grid.

interface Row {
  cells: string[];
  /** UTF-16 offset of each cell, plus the row's length. */
  off: number[];
  kind: Uint8Array;
  arms: Uint8Array;
  heads: Uint8Array;
  /** Node index per cell, -1 when none. */
  node: Int32Array;
}

interface Segment {
  row: number;
  start: number;
  /** Inclusive. */
  end: number;
  ids?: string[];
  /** Where a further reference in the label's description starts (it is not read as an edge). */
  further?: number;
  /** The phases the label's description says the node comes after. */
  after?: string[];
  /** The label (or its caption) says the node comes after every node drawn above it. */
  afterAbove?: boolean;
}

interface Span {
  item: number;
  row: number;
  start: number;
  end: number;
}

/** A connector component: its cells, and the nodes its lines and arrowheads reach. */
interface Comp {
  /** The component's cells, as rows and columns. */
  rows: number[];
  cols: number[];
  sources: Set<number>;
  /** Nodes its lines reach going up or left (`back`), and down or right (`fwd`). */
  back: Set<number>;
  fwd: Set<number>;
  /** Per target node: the arrowhead reaching it (row, column, direction). */
  targets: Map<number, [number, number, number]>;
  dangling: [number, number, number][];
}

/** The drawing's lines as rows of cells (one per code point; an emoji variation selector stays with its character). */
function gridRows(raw: string): Row[] {
  return raw.split('\n').map((text) => {
    if (text.endsWith('\r')) text = text.slice(0, -1);
    const cells: string[] = [];
    for (const cp of text) {
      if (cp === '\uFE0F' && cells.length) cells[cells.length - 1] += cp;
      else cells.push(cp);
    }
    const off = new Array<number>(cells.length + 1);
    let o = 0;
    for (let i = 0; i < cells.length; i++) {
      off[i] = o;
      o += cells[i].length;
    }
    off[cells.length] = o;
    const n = cells.length;
    return { cells, off, kind: new Uint8Array(n), arms: new Uint8Array(n), heads: new Uint8Array(n), node: new Int32Array(n).fill(-1) };
  });
}

/**
 * Reads a dependency-map drawing. `raw` is the drawing (the fenced block's content lines); `origin` is the document
 * position of its first character. Returned ranges are document ranges.
 */
export function readDependencyMap(raw: string, origin: Position): DependencyMapReading {
  const reader = new MapReader(raw, origin);
  // Which cells are connectors and which are text.
  classify(reader.rows, reader.at);
  // Labels: text cells joined across single spaces; those naming phases are the nodes.
  reader.readLabels();
  reader.placeNodes();
  // Boxes drawn around a label and captions under it become part of its node.
  reader.absorbBoxesAndCaptions();
  // Connector cells joined into components (one union-find), and text on a line joined into that line.
  reader.joinConnectors();
  reader.bridgeTextOnLines();
  // Edges: from the labels' notes (`[after 2]`), from each component's arrows, from `(all above)` notes.
  reader.readLabelNotes();
  reader.readComponents(reader.components());
  reader.readAboveNotes();
  // The parts not read, neighbours on a row joined.
  reader.markUnreadLabels();
  return reader.result();
}

/**
 * The reading of one drawing: its grid, the labels and nodes on it, the union-find over its connector cells, and
 * the edges and unreadable parts found so far.
 */
class MapReader {
  readonly rows: Row[];
  private readonly segments: Segment[] = [];
  private readonly nodes: MapNode[] = [];
  /** The label of each node. */
  private readonly nodeSeg: Segment[] = [];
  /** Text segments that are part of a node's box or its caption. */
  private boxed = new Set<Segment>();
  /** Nodes whose label or caption says they come after everything above them. */
  private readonly aboveNotes: number[] = [];
  /** The index of each row's first cell among all the drawing's cells. */
  private readonly base: number[] = [];
  /** Union-find over the cells (-1: not a connector). */
  private parent = new Int32Array(0);
  /** Diagonal arrowheads merged into a line beside them. */
  private merged = new Set<number>();
  /** Text on a line: the cell of the line it joins. */
  private readonly bridges = new Map<Segment, number>();
  private readonly edges: MapEdge[] = [];
  private readonly edgeSeen = new Set<string>();
  private capped = false;
  /** Per cell: read into a node or an edge. */
  private readonly readable: Uint8Array[];
  private readonly spans: Span[] = [];
  private items = 0;
  /** The nodes an unreadable item touches. */
  private readonly itemNodes = new Map<number, number[]>();
  /** Components that made an edge. */
  private readonly readableRoots = new Set<number>();

  constructor(
    raw: string,
    private readonly origin: Position,
  ) {
    this.rows = gridRows(raw);
    this.readable = this.rows.map((row) => new Uint8Array(row.cells.length));
  }

  /** The cell at row `r`, column `c` ('' outside the drawing). */
  readonly at = (r: number, c: number): string => (r >= 0 && r < this.rows.length && c >= 0 ? this.rows[r].cells[c] ?? '' : '');

  private kindAt(r: number, c: number): number {
    const rows = this.rows;
    return r >= 0 && r < rows.length && c >= 0 && c < rows[r].cells.length ? rows[r].kind[c] : BLANK;
  }

  /** The document position of a cell. */
  private pos(r: number, c: number): Position {
    const row = this.rows[r];
    return { line: this.origin.line + r, character: (r === 0 ? this.origin.character : 0) + row.off[Math.min(c, row.cells.length)] };
  }

  /** Labels: text cells joined across single spaces, split by connectors and wider gaps. */
  readLabels(): void {
    for (let r = 0; r < this.rows.length; r++) for (const seg of this.rowLabels(r)) this.segments.push(seg);
  }

  /** The labels of row `r`, each read for the phases it names. */
  private rowLabels(r: number): Segment[] {
    const row = this.rows[r];
    const n = row.cells.length;
    let c = 0;
    const rowSegs: Segment[] = [];
    while (c < n) {
      if (row.kind[c] !== TEXT) {
        c++;
        continue;
      }
      const start = c;
      let end = c;
      while (c < n) {
        if (row.kind[c] === TEXT) end = c++;
        else if (row.kind[c] === BLANK && row.cells[c] !== '\t' && row.kind[c + 1] === TEXT) c++;
        else break;
      }
      const seg: Segment = { row: r, start, end };
      const label = readLabel(row.cells.slice(start, end + 1).join(''));
      if (label) {
        seg.ids = label.ids;
        if (label.after) seg.after = label.after;
        if (label.afterAbove) seg.afterAbove = true;
        if (label.further !== undefined) {
          let c2 = start;
          for (let o = 0; o < label.further; c2++) o += row.cells[c2].length;
          seg.further = c2;
        }
      }
      // Descriptive text a little apart from a label (`Phase 1:  Setup`) still belongs to it.
      const prev = rowSegs[rowSegs.length - 1];
      if (!seg.ids && prev?.ids && start - prev.end - 1 <= 3 && allBlank(row, prev.end + 1, start)) {
        prev.end = end;
        continue;
      }
      rowSegs.push(seg);
    }
    return rowSegs;
  }

  /** The labels naming phases become nodes; their cells are marked with the node. */
  placeNodes(): void {
    for (const seg of this.segments) {
      if (!seg.ids) continue;
      const row = this.rows[seg.row];
      const index = this.nodes.length;
      for (let c = seg.start; c <= seg.end; c++) row.node[c] = index;
      this.nodes.push({ ids: seg.ids, text: row.cells.slice(seg.start, seg.end + 1).join(''), range: { start: this.pos(seg.row, seg.start), end: this.pos(seg.row, seg.end + 1) } });
      this.nodeSeg.push(seg);
    }
  }

  /** A box around a label, and a caption under it, become part of its node; notes of `(all above)` are gathered. */
  absorbBoxesAndCaptions(): void {
    this.boxed = frameBoxes(this.rows, this.segments);
    this.nodeSeg.forEach((seg, n) => seg.afterAbove && this.aboveNotes.push(n));
    absorbCaptions(this.rows, this.segments, this.boxed, this.aboveNotes);
  }

  private find(x: number): number {
    const parent = this.parent;
    let y = x;
    while (parent[y] !== y) y = parent[y];
    while (parent[x] !== y) {
      const nx = parent[x];
      parent[x] = y;
      x = nx;
    }
    return y;
  }

  private readonly union = (a: number, b: number): void => {
    const x = this.find(a);
    const y = this.find(b);
    if (x !== y) this.parent[Math.max(x, y)] = Math.min(x, y);
  };

  /** Connector components: cells joined along their arms, continuations of arrows and corners a column off. */
  joinConnectors(): void {
    const { rows, base } = this;
    let total = 0;
    for (const row of rows) {
      base.push(total);
      total += row.cells.length;
    }
    const parent = (this.parent = new Int32Array(total).fill(-1));
    for (let r = 0; r < rows.length; r++) {
      const row = rows[r];
      for (let c = 0; c < row.cells.length; c++) if (row.kind[c] === CONN) parent[base[r] + c] = base[r] + c;
    }
    for (let r = 0; r < rows.length; r++) {
      const row = rows[r];
      for (let c = 0; c < row.cells.length; c++) {
        if (row.kind[c] !== CONN) continue;
        const dirs = row.arms[c] | row.heads[c];
        for (let d = 0; d < DIRS.length; d++) {
          const [bit, dr, dc] = DIRS[d];
          if (dirs & bit && this.kindAt(r + dr, c + dc) === CONN) this.union(base[r] + c, base[r + dr] + c + dc);
        }
      }
    }
    joinContinuations(rows, base, this.union);
    this.merged = joinOffByOne(rows, base, this.union);
  }

  /** Text on a line (`Phase 1 ──(needs the API)──→ Phase 2`) labels the line: the line runs through it. */
  bridgeTextOnLines(): void {
    const { rows, base } = this;
    for (const seg of this.segments) {
      if (seg.ids || this.boxed.has(seg)) continue;
      const row = rows[seg.row];
      const l = row.kind[seg.start - 1] === BLANK ? seg.start - 2 : seg.start - 1;
      const r = row.kind[seg.end + 1] === BLANK ? seg.end + 2 : seg.end + 1;
      if (l < 0 || r >= row.cells.length || row.kind[l] !== CONN || row.kind[r] !== CONN) continue;
      if (!(row.arms[l] & R) || !(row.arms[r] & L)) continue;
      this.union(base[seg.row] + l, base[seg.row] + r);
      this.bridges.set(seg, base[seg.row] + l);
    }
  }

  /** Looks from a cell in a direction (horizontally past up to two spaces): a node index (≥ 0), or what is there. */
  private look(r: number, c: number, bit: number, dr: number, dc: number): number {
    const rows = this.rows;
    const nr = r + dr;
    let nc = c + dc;
    let steps = 1;
    if (nr < 0 || nr >= rows.length) return SEEN_NONE;
    const row = rows[nr];
    if (bit === L || bit === R) {
      while (steps < 3 && nc >= 0 && nc < row.cells.length && row.kind[nc] === BLANK && row.node[nc] < 0) {
        nc += dc;
        steps++;
      }
      // Padding: a line that starts (or ends) in blank space after a label, with nothing else between, still
      // reaches the label (`Phase 1 (Foundation)      ──→ Phase 2`).
      const far = padded(row, nc, dc);
      if (far >= 0) return far;
    }
    if ((bit === U || bit === D) && (nc >= row.cells.length || (row.kind[nc] === BLANK && row.node[nc] < 0))) {
      // A vertical line standing just past a label's end (or just before its start) still reaches it.
      const a = nc - 1 >= 0 && nc - 1 < row.cells.length ? row.node[nc - 1] : -1;
      const b = nc + 1 < row.cells.length ? row.node[nc + 1] : -1;
      if (a >= 0 && (b < 0 || b === a)) return a;
      if (b >= 0 && a < 0) return b;
    }
    if (nc < 0 || nc >= row.cells.length) return SEEN_NONE;
    if (row.node[nc] >= 0) return row.node[nc];
    if (row.kind[nc] === CONN) return steps > 1 ? SEEN_FAR_CONN : SEEN_CONN;
    return SEEN_NONE;
  }

  /** The components, by root, each with the nodes its lines and arrowheads reach and its arrowheads reaching none. */
  components(): Map<number, Comp> {
    const { rows, base } = this;
    const comps = new Map<number, Comp>();
    for (let r = 0; r < rows.length; r++) {
      const row = rows[r];
      for (let c = 0; c < row.cells.length; c++) {
        if (row.kind[c] !== CONN) continue;
        const root = this.find(base[r] + c);
        let comp = comps.get(root);
        if (!comp) comps.set(root, (comp = { rows: [], cols: [], sources: new Set(), back: new Set(), fwd: new Set(), targets: new Map(), dangling: [] }));
        comp.rows.push(r);
        comp.cols.push(c);
        const arms = row.arms[c];
        const heads = row.heads[c];
        for (let d = 0; d < DIRS.length; d++) {
          const bit = DIRS[d][0];
          if (!((arms | heads) & bit)) continue;
          const seen = this.look(r, c, bit, DIRS[d][1], DIRS[d][2]);
          if (arms & bit && seen >= 0) {
            comp.sources.add(seen);
            (bit & (U | L | UL | UR) ? comp.back : comp.fwd).add(seen);
          }
          if (heads & bit) {
            if (seen >= 0) {
              if (!comp.targets.has(seen)) comp.targets.set(seen, [r, c, bit]);
            } else if (seen !== SEEN_CONN && !this.merged.has(base[r] + c)) comp.dangling.push([r, c, bit]);
          }
        }
      }
    }
    return comps;
  }

  /** Adds the edge `from` → `to` unless it is drawn already. */
  private addEdge(from: string, to: string, range: Range, assumed = false, branch = false): void {
    const key = `${from}\u0000${to}`;
    if (this.edgeSeen.has(key)) return;
    this.edgeSeen.add(key);
    this.edges.push(assumed ? (branch ? { from, to, range, assumed, branch } : { from, to, range, assumed }) : { from, to, range });
  }

  /** `Phase 4 (Docs) [after 2+3]`: the label says what the node comes after. The labels' cells are read. */
  readLabelNotes(): void {
    for (const seg of this.nodeSeg) this.readable[seg.row].fill(1, seg.start, seg.end + 1);
    this.nodeSeg.forEach((seg, n) => {
      for (const from of seg.after ?? []) {
        for (const to of seg.ids ?? []) if (from !== to) this.addEdge(from, to, this.nodes[n].range);
      }
    });
  }

  /** The straight run of a component's cells ending at an arrowhead, as [first cell, head cell]. */
  private runBack(r: number, c: number, bit: number, root: number): [number, number][] {
    const dir = DIRS.find((d) => d[0] === bit)!;
    let sr = r;
    let sc = c;
    while (this.kindAt(sr - dir[1], sc - dir[2]) === CONN && this.find(this.base[sr - dir[1]] + sc - dir[2]) === root) {
      sr -= dir[1];
      sc -= dir[2];
    }
    return [
      [sr, sc],
      [r, c],
    ];
  }

  private rangeOf(a: [number, number], b: [number, number]): Range {
    const [x, y] = a[0] < b[0] || (a[0] === b[0] && a[1] <= b[1]) ? [a, b] : [b, a];
    return { start: this.pos(x[0], x[1]), end: this.pos(y[0], y[1] + 1) };
  }

  /** Each component's edges; a component that makes none is unreadable, as is a dangling arrowhead of one that does. */
  readComponents(comps: Map<number, Comp>): void {
    for (const [root, comp] of comps) {
      const made = this.arrowEdges(root, comp) + this.lineEdges(comp);
      if (made > 0) this.markReadComponent(root, comp);
      else this.markUnreadComponent(comp);
    }
  }

  /** Edges of a component's arrowheads: each source to each target. Returns how many were drawn. */
  private arrowEdges(root: number, comp: Comp): number {
    const sources = [...comp.sources].sort((a, b) => a - b);
    const targets = [...comp.targets.keys()].sort((a, b) => a - b);
    let made = 0;
    for (const t of targets) {
      const [hr, hc, hbit] = comp.targets.get(t)!;
      const [a, b] = this.runBack(hr, hc, hbit, root);
      const range = this.rangeOf(a, b);
      for (const s of sources) {
        if (s === t) continue;
        for (const from of this.nodes[s].ids) {
          for (const to of this.nodes[t].ids) {
            if (from === to) continue;
            made++;
            if (this.edges.length >= MAX_MAP_EDGES) {
              // Labels of ranges fanning out to ranges multiply: past the cap the drawing is read only in part.
              this.capped = true;
              break;
            }
            this.addEdge(from, to, range);
          }
        }
      }
    }
    return made;
  }

  /**
   * A line without arrowheads from one label down or right to others (`Phase 1` / `│` / `Phase 2`, a tree drawn with
   * `├──`): read as maps are read, top to bottom and left to right, and marked as assumed. Returns how many were drawn.
   */
  private lineEdges(comp: Comp): number {
    if (comp.targets.size || comp.dangling.length || comp.back.size !== 1 || !comp.fwd.size) return 0;
    let made = 0;
    const [s] = comp.back;
    // One line that branches to two labels or more (`├── Phase 2` / `└── Phase 3`) draws them as siblings.
    const branch = [...comp.fwd].filter((t) => t !== s).length > 1;
    for (const t of [...comp.fwd].sort((a, b) => a - b)) {
      if (t === s) continue;
      const range = this.rangeOf([comp.rows[0], comp.cols[0]], [comp.rows[comp.rows.length - 1], comp.cols[comp.cols.length - 1]]);
      for (const from of this.nodes[s].ids) {
        for (const to of this.nodes[t].ids) {
          if (from === to || this.edges.length >= MAX_MAP_EDGES) continue;
          made++;
          this.addEdge(from, to, range, true, branch);
        }
      }
    }
    return made;
  }

  /** A component that made edges is read; a dangling arrowhead of it is reported as its straight run. */
  private markReadComponent(root: number, comp: Comp): void {
    this.readableRoots.add(root);
    for (let i = 0; i < comp.rows.length; i++) this.readable[comp.rows[i]][comp.cols[i]] = 1;
    for (const [r, c, bit] of comp.dangling) {
      const [a, b] = this.runBack(r, c, bit, root);
      const item = this.items++;
      const dr = Math.sign(b[0] - a[0]);
      const dc = Math.sign(b[1] - a[1]);
      for (let [rr, cc] = a; ; rr += dr, cc += dc) {
        this.spans.push({ item, row: rr, start: cc, end: cc });
        if (rr === b[0] && cc === b[1]) break;
      }
    }
  }

  /** A component that made no edge is one unreadable item, with the nodes it touches. */
  private markUnreadComponent(comp: Comp): void {
    const item = this.items++;
    if (comp.sources.size || comp.targets.size) this.itemNodes.set(item, [...comp.sources, ...comp.targets.keys()]);
    let cur: Span | undefined;
    for (let i = 0; i < comp.rows.length; i++) {
      const r = comp.rows[i];
      const c = comp.cols[i];
      if (cur && cur.row === r && cur.end === c - 1) cur.end = c;
      else this.spans.push((cur = { item, row: r, start: c, end: c }));
    }
  }

  /**
   * `Phase 4 (all above)`: every node drawn on an earlier line leads to it; the direction is the note's, the edges
   * are assumed (never reported alone).
   */
  readAboveNotes(): void {
    const { nodes, nodeSeg } = this;
    for (const n of new Set(this.aboveNotes)) {
      const row = nodeSeg[n].row;
      if (this.edges.length >= MAX_MAP_EDGES) {
        this.capped = true;
        break;
      }
      for (let m = 0; m < nodes.length && nodeSeg[m].row < row; m++) {
        for (const from of nodes[m].ids) {
          for (const to of nodes[n].ids) {
            if (from === to || this.edges.length >= MAX_MAP_EDGES) continue;
            this.addEdge(from, to, nodes[n].range, true);
          }
        }
      }
    }
  }

  /** Frames are read; text that is not a node, a box's or a caption, or a label of a read line is unreadable. */
  markUnreadLabels(): void {
    const { rows, readable } = this;
    for (let r = 0; r < rows.length; r++) for (let c = 0; c < rows[r].cells.length; c++) if (rows[r].kind[c] === FRAME) readable[r][c] = 1;
    for (const seg of this.segments) {
      // A node's description naming other phases (`Phase 5 (after Phase 3)`): that part is not read.
      if (seg.ids && seg.further !== undefined) this.spans.push({ item: this.items++, row: seg.row, start: seg.further, end: seg.end });
      if (seg.ids || this.boxed.has(seg)) continue;
      const bridge = this.bridges.get(seg);
      if (bridge !== undefined && this.readableRoots.has(this.find(bridge))) {
        readable[seg.row].fill(1, seg.start, seg.end + 1);
        continue;
      }
      this.spans.push({ item: this.items++, row: seg.row, start: seg.start, end: seg.end });
    }
  }

  /** The reading: nodes, edges in document order, and the unreadable parts (neighbours on a row joined). */
  result(): DependencyMapReading {
    const { nodes, edges, capped } = this;
    const unreadable = this.unreadableParts();
    edges.sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);
    return capped ? { nodes, edges, unreadable, capped } : { nodes, edges, unreadable };
  }

  /** Neighbouring unreadable parts of a row (with nothing readable between them) are reported as one. */
  private unreadableParts(): DependencyMapReading['unreadable'] {
    const { spans, readable, rows, nodes } = this;
    spans.sort((a, b) => a.row - b.row || a.start - b.start);
    const itemParent = Array.from({ length: this.items }, (_, i) => i);
    const findItem = (x: number): number => {
      while (itemParent[x] !== x) x = itemParent[x] = itemParent[itemParent[x]];
      return x;
    };
    for (let i = 1; i < spans.length; i++) {
      const a = spans[i - 1];
      const b = spans[i];
      if (a.row !== b.row) continue;
      let clear = true;
      for (let c = a.end + 1; c < b.start; c++) if (readable[a.row][c]) clear = false;
      if (clear) {
        const x = findItem(a.item);
        const y = findItem(b.item);
        if (x !== y) itemParent[Math.max(x, y)] = Math.min(x, y);
      }
    }
    const groups = new Map<number, Map<number, [number, number]>>();
    const groupNodes = new Map<number, Set<string>>();
    for (const [item, ns] of this.itemNodes) {
      const g = findItem(item);
      let set = groupNodes.get(g);
      if (!set) groupNodes.set(g, (set = new Set()));
      for (const n of ns) for (const id of nodes[n].ids) set.add(id);
    }
    for (const s of spans) {
      const g = findItem(s.item);
      let byRow = groups.get(g);
      if (!byRow) groups.set(g, (byRow = new Map()));
      const cur = byRow.get(s.row);
      byRow.set(s.row, cur ? [Math.min(cur[0], s.start), Math.max(cur[1], s.end)] : [s.start, s.end]);
    }
    const unreadable: DependencyMapReading['unreadable'] = [];
    for (const [g, byRow] of groups) {
      const rowsIn = [...byRow.keys()].sort((a, b) => a - b);
      const first = rowsIn[0];
      const last = rowsIn[rowsIn.length - 1];
      const text = rowsIn.map((r) => rows[r].cells.slice(byRow.get(r)![0], byRow.get(r)![1] + 1).join('')).join('\n');
      const touched = groupNodes.get(g);
      const range = { start: this.pos(first, byRow.get(first)![0]), end: this.pos(last, byRow.get(last)![1] + 1) };
      unreadable.push(touched?.size ? { text, range, nodes: [...touched] } : { text, range });
    }
    unreadable.sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);
    return unreadable;
  }
}

const TOP_LEFT = new Set([...'┌╭┏╔┍┎╒╓+']);
const TOP_RIGHT = new Set([...'┐╮┓╗┑┒╕╖+']);
const BOTTOM_LEFT = new Set([...'└╰┗╚┕┖╘╙+']);
const BOTTOM_RIGHT = new Set([...'┘╯┛╝┙┚╛╜+']);

/**
 * Boxes drawn around a label (`┌─────────┐` / `│ Phase 1 │` / `└─────────┘`, or with `+`, `-`, `|`): when a box holds
 * exactly one node, its frame becomes part of that node (arrows touching the frame touch the node) and other text in
 * the box is the node's description. Returns the text segments so absorbed. Each frame cell is walked by at most one
 * corner, so this stays linear.
 */
function frameBoxes(rows: Row[], segments: Segment[]): Set<Segment> {
  const absorbed = new Set<Segment>();
  const conn = (r: number, c: number): boolean => connAt(rows, r, c);
  const ch = (r: number, c: number): string => rows[r].cells[c];
  const horizontal = (r: number, c: number): boolean => conn(r, c) && (rows[r].arms[c] & H) === H && !(rows[r].heads[c] & H);
  const vertical = (r: number, c: number): boolean => conn(r, c) && (rows[r].arms[c] & V) === V && !(rows[r].heads[c] & V);
  const byRow = new Map<number, Segment[]>();
  for (const seg of segments) {
    const list = byRow.get(seg.row);
    if (list) list.push(seg);
    else byRow.set(seg.row, [seg]);
  }
  for (let r = 0; r < rows.length; r++) {
    for (let c = 0; c < rows[r].cells.length; c++) {
      if (!conn(r, c) || !TOP_LEFT.has(ch(r, c))) continue;
      let c2 = c + 1;
      while (conn(r, c2) && !TOP_RIGHT.has(ch(r, c2)) && horizontal(r, c2)) c2++;
      if (c2 === c + 1 || !conn(r, c2) || !TOP_RIGHT.has(ch(r, c2))) continue;
      let r2 = r + 1;
      while (conn(r2, c) && !BOTTOM_LEFT.has(ch(r2, c)) && vertical(r2, c)) r2++;
      if (r2 === r + 1 || !conn(r2, c) || !BOTTOM_LEFT.has(ch(r2, c))) continue;
      let ok = conn(r2, c2) && BOTTOM_RIGHT.has(ch(r2, c2));
      for (let k = r + 1; ok && k < r2; k++) ok = vertical(k, c2);
      for (let k = c + 1; ok && k < c2; k++) ok = horizontal(r2, k) || (conn(r2, k) && (rows[r2].arms[k] & H) === H);
      if (!ok) continue;
      let node = -1;
      const inside: Segment[] = [];
      for (let k = r + 1; ok && k < r2; k++) {
        for (const seg of byRow.get(k) ?? []) {
          if (seg.end < c + 1 || seg.start > c2 - 1) continue;
          if (seg.start <= c || seg.end >= c2) ok = false;
          else if (seg.ids) {
            const nd = rows[k].node[seg.start];
            if (node >= 0 && nd !== node) ok = false;
            node = nd;
          } else inside.push(seg);
        }
      }
      if (!ok || node < 0) continue;
      const mark = (rr: number, cc: number): void => {
        rows[rr].kind[cc] = FRAME;
        rows[rr].node[cc] = node;
      };
      for (let k = c; k <= c2; k++) {
        mark(r, k);
        mark(r2, k);
      }
      for (let k = r + 1; k < r2; k++) {
        mark(k, c);
        mark(k, c2);
      }
      for (const seg of inside) {
        absorbed.add(seg);
        for (let k = seg.start; k <= seg.end; k++) rows[seg.row].node[k] = node;
      }
    }
  }
  return absorbed;
}

/** Lines of caption read under a label. */
const MAX_CAPTION_LINES = 3;

/**
 * Captions: text that names no phase, right under a label (`Phase 1 (Setup)` / `  creates the schema`), is part of
 * that label's node, so a line leaving the caption leaves the node. Only when it sits under exactly one label and
 * is not text on a line (`──(needs the API)──`). Adds the captions to `absorbed`.
 */
function absorbCaptions(rows: Row[], segments: Segment[], absorbed: Set<Segment>, aboveNotes: number[]): void {
  // Per row, how many caption lines down from its label each cell is (0: not a caption).
  const depth = rows.map(() => undefined as Uint8Array | undefined);
  for (const seg of segments) {
    if (seg.ids || absorbed.has(seg) || seg.row === 0) continue;
    const row = rows[seg.row];
    const above = rows[seg.row - 1];
    const onLine = (c: number): boolean => c >= 0 && c < row.cells.length && row.kind[c] === CONN && (row.arms[c] & H) !== 0;
    if (onLine(seg.start - 1) || onLine(seg.start - 2) || onLine(seg.end + 1) || onLine(seg.end + 2)) continue;
    let node = -1;
    let d = 0;
    let ok = true;
    for (let c = seg.start; c <= seg.end && ok; c++) {
      const n = c < above.cells.length ? above.node[c] : -1;
      if (n < 0) continue;
      if (node >= 0 && n !== node) ok = false;
      node = n;
      d = Math.max(d, (depth[seg.row - 1]?.[c] ?? 0) + 1);
    }
    if (!ok || node < 0 || d > MAX_CAPTION_LINES) continue;
    absorbed.add(seg);
    if (ALL_ABOVE.test(lower(row.cells.slice(seg.start, seg.end + 1).join('')))) aboveNotes.push(node);
    const mine = (depth[seg.row] ??= new Uint8Array(row.cells.length));
    for (let c = seg.start; c <= seg.end; c++) {
      row.node[c] = node;
      mine[c] = d;
    }
  }
}

/** Columns of padding read between a label and a line. */
const MAX_PADDING = 40;

/** The node reached from column `c` of a row by walking blank cells in direction `dc`, or -1. */
function padded(row: Row, c: number, dc: number): number {
  for (let k = 0; k < MAX_PADDING && c >= 0 && c < row.cells.length; k++, c += dc) {
    if (row.node[c] >= 0) return row.node[c];
    if (row.kind[c] !== BLANK) return -1;
  }
  return -1;
}

/** Whether the cell at row `r`, column `c` is a connector (false outside the drawing). */
function connAt(rows: Row[], r: number, c: number): boolean {
  return r >= 0 && r < rows.length && c >= 0 && c < rows[r].cells.length && rows[r].kind[c] === CONN;
}

function allBlank(row: Row, from: number, to: number): boolean {
  for (let c = from; c < to; c++) if (row.kind[c] !== BLANK) return false;
  return true;
}

/** Decides which cells are connectors. ASCII look-alikes (`-`, `>`, `|`, `v`, `+`, `/`) only count in context. */
function classify(rows: Row[], at: (r: number, c: number) => string): void {
  // Pass 1: fixed connectors, runs of dashes (`--`, `==>`, `<--`, `->`), lone `>` and `<`.
  for (let r = 0; r < rows.length; r++) {
    markFixed(rows[r]);
    markDashRuns(rows[r], r, at);
    markLoneArrowheads(rows[r], r, at);
  }
  // Pass 2: `+`, `|`, `v`, `^`, `/`, `\` next to lines or standing apart from words.
  for (let r = 0; r < rows.length; r++) markAsciiConnectors(rows, r, at);
}

/** Makes cell `c` of `row` a connector. */
function setConn(row: Row, c: number, arms: number, heads = 0): void {
  row.kind[c] = CONN;
  row.arms[c] = arms;
  row.heads[c] = heads;
}

/** Is `ch` a fixed connector with a horizontal arm or head? */
function hasH(ch: string): boolean {
  const f = FIXED.get(ch);
  return !!f && ((f.arms | f.heads) & H) !== 0;
}

/** Is `ch` a fixed connector with a vertical arm or head? */
function hasV(ch: string): boolean {
  const f = FIXED.get(ch);
  return !!f && ((f.arms | f.heads) & V) !== 0;
}

/** Every non-blank cell is text, the fixed connectors (`─`, `→`, `┌`…) connectors. */
function markFixed(row: Row): void {
  const cells = row.cells;
  for (let c = 0; c < cells.length; c++) {
    const ch = cells[c];
    if (isBlank(ch)) continue;
    row.kind[c] = TEXT;
    const f = FIXED.get(ch);
    if (f) setConn(row, c, f.arms, f.heads);
  }
}

/** Runs of dashes (`--`, `==>`, `<--`, `->`) that are lines: with a head, touching a line, or two long and apart from words. */
function markDashRuns(row: Row, r: number, at: (r: number, c: number) => string): void {
  const cells = row.cells;
  let c = 0;
  while (c < cells.length) {
    if (!DASH.has(cells[c])) {
      c++;
      continue;
    }
    let s = c;
    while (c < cells.length && DASH.has(cells[c])) c++;
    let e = c - 1;
    const dashes = e - s + 1;
    let headR = false;
    let headL = false;
    if (cells[e + 1] === '>') {
      headR = true;
      e++;
    }
    if (cells[s - 1] === '<') {
      headL = true;
      s--;
    }
    const left = at(r, s - 1);
    const right = at(r, e + 1);
    const touchesLine = hasH(left) || hasH(right);
    const bounded = !isAlnum(left) && !isAlnum(right) && left !== '(' && right !== ')';
    if (headR || headL || touchesLine || (dashes >= 2 && bounded)) {
      for (let k = s; k <= e; k++) setConn(row, k, H);
      if (headR) setConn(row, e, L, R);
      if (headL) setConn(row, s, R, L);
    }
    c = e + 1;
  }
}

/** A `>` or `<` standing apart, or at the end of a line, is an arrowhead. */
function markLoneArrowheads(row: Row, r: number, at: (r: number, c: number) => string): void {
  const cells = row.cells;
  for (let k = 0; k < cells.length; k++) {
    if (row.kind[k] === CONN) continue;
    const ch = cells[k];
    const apart = isBlank(at(r, k - 1)) && isBlank(at(r, k + 1));
    if ((ch === '>' && (apart || hasH(at(r, k - 1)))) || (ch === '<' && (apart || hasH(at(r, k + 1))))) {
      if (ch === '>') setConn(row, k, L, R);
      else setConn(row, k, R, L);
    }
  }
}

/** `+`, `|`, `v`, `^`, `/`, `\` of row `r` that are connectors: next to lines or standing apart from words. */
function markAsciiConnectors(rows: Row[], r: number, at: (r: number, c: number) => string): void {
  const isConn = (rr: number, c: number): boolean => connAt(rows, rr, c);
  const row = rows[r];
  const cells = row.cells;
  for (let c = 0; c < cells.length; c++) {
    if (row.kind[c] === CONN) continue;
    const ch = cells[c];
    const left = at(r, c - 1);
    const right = at(r, c + 1);
    // Standing apart from words: blank or a line on either side.
    const apart = (isBlank(left) || isConn(r, c - 1)) && (isBlank(right) || isConn(r, c + 1));
    if (ch === '+') {
      const horiz = (isConn(r, c - 1) && (rows[r].arms[c - 1] & R) !== 0) || (isConn(r, c + 1) && (rows[r].arms[c + 1] & L) !== 0);
      const vert = at(r - 1, c) === '|' || at(r + 1, c) === '|' || hasV(at(r - 1, c)) || hasV(at(r + 1, c));
      if (horiz || vert) setConn(row, c, H | V);
    } else if (ch === '|') {
      if (!(isAlnum(left) && isAlnum(right))) setConn(row, c, V);
    } else if (ch === 'v') {
      const above = at(r - 1, c);
      if (apart && (above === '|' || hasV(above) || above === '+' || (!isBlank(at(r + 1, c)) && !isBlank(above)))) setConn(row, c, U, D);
    } else if (ch === '^') {
      const below = at(r + 1, c);
      if (apart && (below === '|' || hasV(below) || below === '+' || (!isBlank(below) && !isBlank(at(r - 1, c))))) setConn(row, c, D, U);
    } else if (ch === '/' || ch === '\\') {
      const ok = (x: string) => isBlank(x) || FIXED.has(x) || x === '/' || x === '\\';
      if (ok(left) && ok(right)) setConn(row, c, ch === '/' ? UR | DL : UL | DR);
    }
  }
}

/**
 * Hand-drawn corners and junctions are often a column off the line they meet (`│` over `└` one column to its left or
 * right): a vertical arm that ends in blank space joins a connector diagonally next to it whose arm points back at
 * it, when exactly one does.
 */
function joinOffByOne(rows: Row[], base: number[], union: (a: number, b: number) => void): Set<number> {
  const merged = new Set<number>();
  const conn = (r: number, c: number): boolean => connAt(rows, r, c);
  for (let r = 0; r + 1 < rows.length; r++) {
    const row = rows[r];
    const below = rows[r + 1];
    for (let c = 0; c < row.cells.length; c++) {
      if (row.kind[c] !== CONN) continue;
      if (row.arms[c] & D && !conn(r + 1, c)) {
        const hits = [c - 1, c + 1].filter((cc) => conn(r + 1, cc) && below.arms[cc] & U && !conn(r, cc));
        if (hits.length === 1) union(base[r] + c, base[r + 1] + hits[0]);
      }
    }
  }
  // A diagonal arrowhead pointing at blank space right beside a line (`──────↗` under the end of `──→ Phase 3`)
  // merges into that line.
  for (let r = 0; r < rows.length; r++) {
    const row = rows[r];
    for (let c = 0; c < row.cells.length; c++) {
      if (row.kind[c] !== CONN) continue;
      const heads = row.heads[c];
      const dr = heads & (UR | UL) ? -1 : heads & (DR | DL) ? 1 : 0;
      const dc = heads & (UR | DR) ? 1 : heads & (UL | DL) ? -1 : 0;
      if (!dr || !dc || conn(r + dr, c + dc) || (rows[r + dr]?.node[c + dc] ?? -1) >= 0) continue;
      const hits = [c + dc - 1, c + dc + 1].filter((cc) => conn(r + dr, cc) && rows[r + dr].arms[cc] & H);
      if (hits.length !== 1) continue;
      union(base[r] + c, base[r + dr] + hits[0]);
      merged.add(base[r] + c);
    }
  }
  return merged;
}

/**
 * An arrow starting in blank space right under the start of another arrow continues it (a fan-out drawn as
 * `A ──→ B` / `  ──→ C` means A → C): join the two. The same for leftward arrows ending under another's end.
 */
function joinContinuations(rows: Row[], base: number[], union: (a: number, b: number) => void): void {
  const runs: { start: number; end: number }[][] = rows.map((row) => {
    const out: { start: number; end: number }[] = [];
    let c = 0;
    while (c < row.cells.length) {
      if (row.kind[c] !== CONN || !((row.arms[c] | row.heads[c]) & H)) {
        c++;
        continue;
      }
      const start = c;
      while (c < row.cells.length && row.kind[c] === CONN && (row.arms[c] | row.heads[c]) & H) c++;
      out.push({ start, end: c - 1 });
    }
    return out;
  });
  const clear = (row: Row, from: number, to: number): boolean => {
    for (let c = Math.max(0, from); c <= to && c < row.cells.length; c++) if (row.kind[c] !== BLANK) return false;
    return true;
  };
  for (let r = 1; r < rows.length; r++) {
    const row = rows[r];
    for (const run of runs[r]) {
      let headR = false;
      let headL = false;
      for (let c = run.start; c <= run.end; c++) {
        if (row.heads[c] & R) headR = true;
        if (row.heads[c] & L) headL = true;
      }
      if (headR && row.arms[run.start] & L && clear(row, run.start - 3, run.start - 1) && padded(row, run.start - 1, -1) < 0) {
        const above = runs[r - 1].find((u) => Math.abs(u.start - run.start) <= 2);
        if (above) union(base[r] + run.start, base[r - 1] + above.start);
      }
      if (headL && row.arms[run.end] & R && clear(row, run.end + 1, run.end + 3) && padded(row, run.end + 1, 1) < 0) {
        const above = runs[r - 1].find((u) => Math.abs(u.end - run.end) <= 2);
        if (above) union(base[r] + run.end, base[r - 1] + above.end);
      }
    }
  }
}
