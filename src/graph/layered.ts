// A quick layered placement of the analysed phase graph: the waves are the layers, phases keep the plan's order
// within a wave, and edges run orthogonally through the gaps between layers (an edge that skips layers passes
// through reserved slots, never under a phase). Pure and synchronous: the graph webview draws it at once while
// its layout engine warms up, and the Markdown preview renders its static SVG from it in the extension host.
import { edgeKey, type GraphAnalysis } from './analysis';

export type Direction = 'down' | 'right';

export interface Point {
  x: number;
  y: number;
}

export interface NodeBox {
  x: number;
  y: number;
  w: number;
  h: number;
}

/** One wave: the rectangle around its phases (a row when the flow goes down, a column when it goes right). */
export interface WaveBand {
  wave: number;
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

export interface Layout {
  direction: Direction;
  nodes: Map<string, NodeBox>;
  /** Polyline per non-cycle edge, by `edgeKey`, from the source's border to the target's. */
  edges: Map<string, Point[]>;
  width: number;
  height: number;
  /** One band per wave when the layers are the waves, else null. */
  bands: WaveBand[] | null;
  ms: number;
}

export interface Metrics {
  nodeW: number;
  nodeH: number;
  /** Between two layers (room for the edges and a wave label). */
  layerGap: number;
  /** Between two phases of one layer. */
  nodeGap: number;
  /** Around everything; the top (down) or left (right) margin also holds the first wave's label. */
  pad: number;
}

/** Node size and gaps for a given text size (the editor's font size): two lines of text per phase. */
export function metricsFor(fontPx: number): Metrics {
  const f = Math.max(8, Math.min(40, fontPx || 14));
  return {
    nodeW: Math.round(f * 16),
    nodeH: Math.round(f * 2 * 1.35 + 22),
    layerGap: Math.round(f * 1.6 + 30),
    nodeGap: Math.round(f * 1.4),
    pad: Math.round(f * 1.6 + 14),
  };
}

const SLOT = 14;

export interface PlacementOptions {
  /** The plan declares no dependencies: the phases form one sequence in the order listed (no waves). */
  listed?: boolean;
  /** At most this many phases side by side: a larger wave wraps onto further layers (default: no limit). */
  perLayer?: number;
}

/**
 * The position along the flow of every phase: its wave, wrapped into sub-layers of `perLayer` phases in plan
 * order (wave w, sub-layer s of n → w + 0.45 s / n); ghosts half a wave before their first dependent; listed: the index.
 * ELK is fed the same keys, so that both placements agree on the layers.
 */
export function layerKeys(a: GraphAnalysis, o: PlacementOptions = {}): Map<string, number> {
  const key = new Map<string, number>();
  if (o.listed) {
    a.nodes.forEach((n, i) => key.set(n.id, i));
    return key;
  }
  const per = Math.max(1, Math.floor(o.perLayer ?? Infinity));
  a.waves.forEach((ids, w) => {
    const subs = Math.ceil(ids.length / per);
    ids.forEach((id, i) => key.set(id, w + (subs > 1 ? (0.45 * Math.floor(i / per)) / subs : 0)));
  });
  for (const id of a.ghosts) {
    const dependents = a.edges.filter((e) => e.from === id && a.waveOf.has(e.to)).map((e) => a.waveOf.get(e.to)!);
    const deps = a.edges.filter((e) => e.to === id && a.waveOf.has(e.from)).map((e) => a.waveOf.get(e.from)!);
    key.set(id, dependents.length ? Math.min(...dependents) - 0.5 : deps.length ? Math.max(...deps) + 0.5 : -0.5);
  }
  return key;
}

/** Places `a` in layers (see `layerKeys`). */
export function layeredLayout(a: GraphAnalysis, direction: Direction, m: Metrics, o: PlacementOptions = {}): Layout {
  const t0 = typeof performance !== 'undefined' ? performance.now() : Date.now();
  const listed = !!o.listed;
  const key = layerKeys(a, o);
  const keys = [...new Set(key.values())].sort((x, y) => x - y);
  const index = new Map(keys.map((k, i) => [k, i]));
  const layerOf = new Map<string, number>();
  for (const [id, k] of key) layerOf.set(id, index.get(k)!);
  const layers: string[][] = keys.map(() => []);
  for (const n of a.nodes) layers[layerOf.get(n.id)!].push(n.id); // plan order within a layer

  // Slots in the layers an edge skips: one per (source, layer), shared by the edges of one source.
  const cycle = a.cycleEdges;
  const drawn = a.edges.filter((e) => !cycle.has(edgeKey(e)));
  type Item = { kind: 'node'; id: string } | { kind: 'slot'; src: string };
  const items: Item[][] = layers.map((ids) => ids.map((id) => ({ kind: 'node' as const, id })));
  const slotKey = (src: string, layer: number) => `${src}\u0000${layer}`;
  const slots = new Set<string>();
  const slotBudget = 4 * a.nodes.length + 16;
  for (const e of drawn) {
    const s = layerOf.get(e.from)!;
    const t = layerOf.get(e.to)!;
    for (let l = s + 1; l < t && slots.size < slotBudget; l++) {
      const k = slotKey(e.from, l);
      if (slots.has(k)) continue;
      slots.add(k);
      items[l].push({ kind: 'slot', src: e.from });
    }
  }

  // Positions along the flow (main) and across it (cross); then mapped to x/y by direction.
  const down = direction === 'down';
  const along = down ? m.nodeH : m.nodeW;
  const across = down ? m.nodeW : m.nodeH;
  const size = (it: Item) => (it.kind === 'node' ? across : SLOT);
  const spans = items.map((row) => row.reduce((s, it) => s + size(it), 0) + Math.max(0, row.length - 1) * m.nodeGap);
  const crossMax = Math.max(0, ...spans);
  const nodes = new Map<string, NodeBox>();
  const slotAt = new Map<string, number>(); // cross centre of a slot
  const mainAt = (l: number) => m.pad + l * (along + m.layerGap);
  items.forEach((row, l) => {
    let c = m.pad + (crossMax - spans[l]) / 2;
    for (const it of row) {
      const sz = size(it);
      if (it.kind === 'node') {
        const main = mainAt(l);
        nodes.set(it.id, down ? { x: c, y: main, w: m.nodeW, h: m.nodeH } : { x: main, y: c, w: m.nodeW, h: m.nodeH });
      } else {
        slotAt.set(slotKey(it.src, l), c + sz / 2);
      }
      c += sz + m.nodeGap;
    }
  });

  // Ports: the edges leaving (entering) a node are spread over its far (near) side in order of their other end.
  const crossCentre = (b: NodeBox) => (down ? b.x + b.w / 2 : b.y + b.h / 2);
  const outs = new Map<string, string[]>();
  const ins = new Map<string, string[]>();
  for (const e of drawn) {
    (outs.get(e.from) ?? outs.set(e.from, []).get(e.from)!).push(e.to);
    (ins.get(e.to) ?? ins.set(e.to, []).get(e.to)!).push(e.from);
  }
  const port = (id: string, other: string, list: Map<string, string[]>) => {
    const b = nodes.get(id)!;
    const peers = list.get(id)!;
    const sorted = [...peers].sort((p, q) => crossCentre(nodes.get(p)!) - crossCentre(nodes.get(q)!));
    const i = sorted.indexOf(other);
    const step = Math.min(14, (across * 0.7) / Math.max(1, sorted.length));
    return crossCentre(b) + (i - (sorted.length - 1) / 2) * step;
  };
  const pt = (main: number, cross: number): Point => (down ? { x: cross, y: main } : { x: main, y: cross });
  const edges = new Map<string, Point[]>();
  for (const e of drawn) {
    const s = layerOf.get(e.from)!;
    const t = layerOf.get(e.to)!;
    if (t <= s) continue; // not forward in the layers (cannot happen outside cycles); drawn by the renderer if at all
    const pts: Point[] = [];
    let cur = port(e.from, e.to, outs);
    pts.push(pt(mainAt(s) + along, cur));
    for (let l = s + 1; l <= t; l++) {
      const gapMid = mainAt(l) - m.layerGap / 2;
      const next = l === t ? port(e.to, e.from, ins) : slotAt.get(slotKey(e.from, l));
      if (next === undefined) {
        // Out of slots (a very dense plan): straight on to the target.
        const end = port(e.to, e.from, ins);
        const mid = mainAt(t) - m.layerGap / 2;
        pts.push(pt(mid, cur), pt(mid, end), pt(mainAt(t), end));
        break;
      }
      if (Math.abs(next - cur) > 0.5) pts.push(pt(gapMid, cur), pt(gapMid, next));
      pts.push(pt(mainAt(l), next));
      if (l !== t) pts.push(pt(mainAt(l) + along, next));
      cur = next;
    }
    edges.set(edgeKey(e), simplify(pts));
  }

  const mainLen = layers.length ? mainAt(layers.length - 1) + along + m.pad : 2 * m.pad;
  const crossLen = crossMax + 2 * m.pad;
  let bands: WaveBand[] | null = null;
  if (!listed) bands = bandsOf(a, nodes);
  return {
    direction,
    nodes,
    edges,
    width: down ? crossLen : mainLen,
    height: down ? mainLen : crossLen,
    bands,
    ms: (typeof performance !== 'undefined' ? performance.now() : Date.now()) - t0,
  };
}

/** Drops repeated points and the middle of three collinear ones. */
function simplify(pts: Point[]): Point[] {
  const out: Point[] = [];
  for (const p of pts) {
    const last = out[out.length - 1];
    if (last && Math.abs(last.x - p.x) < 0.01 && Math.abs(last.y - p.y) < 0.01) continue;
    if (out.length >= 2) {
      const a = out[out.length - 2];
      const b = last!;
      if ((Math.abs(a.x - b.x) < 0.01 && Math.abs(b.x - p.x) < 0.01) || (Math.abs(a.y - b.y) < 0.01 && Math.abs(b.y - p.y) < 0.01)) out.pop();
    }
    out.push(p);
  }
  return out;
}

/** The rectangle around each wave's phases. */
export function bandsOf(a: GraphAnalysis, nodes: Map<string, NodeBox>): WaveBand[] {
  return a.waves.map((ids, wave) => {
    let x0 = Infinity;
    let y0 = Infinity;
    let x1 = -Infinity;
    let y1 = -Infinity;
    for (const id of ids) {
      const b = nodes.get(id);
      if (!b) continue;
      x0 = Math.min(x0, b.x);
      y0 = Math.min(y0, b.y);
      x1 = Math.max(x1, b.x + b.w);
      y1 = Math.max(y1, b.y + b.h);
    }
    return { wave, x0, y0, x1, y1 };
  });
}

/** How many phases fit side by side across a pane of `w`×`h` (at least 1). */
export function perLayerFor(direction: Direction, m: Metrics, w: number, h: number): number {
  const room = direction === 'down' ? w : h;
  const size = direction === 'down' ? m.nodeW : m.nodeH;
  return Math.max(1, Math.floor((room - 2 * m.pad + m.nodeGap) / (size + m.nodeGap)));
}

/** Width and height of the layered placement without computing it (to pick a direction for a pane). */
export function layeredSize(a: GraphAnalysis, direction: Direction, m: Metrics, o: PlacementOptions = {}): { width: number; height: number } {
  const keys = layerKeys(a, o);
  const count = new Map<number, number>();
  for (const k of keys.values()) count.set(k, (count.get(k) ?? 0) + 1);
  const layers = count.size;
  const widest = Math.max(1, ...count.values());
  const down = direction === 'down';
  const along = down ? m.nodeH : m.nodeW;
  const across = down ? m.nodeW : m.nodeH;
  const mainLen = layers * along + Math.max(0, layers - 1) * m.layerGap + 2 * m.pad;
  const crossLen = widest * across + (widest - 1) * m.nodeGap + 2 * m.pad;
  return down ? { width: crossLen, height: mainLen } : { width: mainLen, height: crossLen };
}

/**
 * The placement for a `w`×`h` pane: the direction that shows the most of the graph at full size (waves wrapped to
 * the pane's width, or height), and when both fit or need about the same shrink, top-down in a tall pane and
 * left-right in a wide one.
 */
export function pickPlacement(a: GraphAnalysis, m: Metrics, w: number, h: number, listed = false, fixed?: Direction): { direction: Direction; perLayer: number } {
  const of = (d: Direction) => ({ direction: d, perLayer: perLayerFor(d, m, w, h) });
  if (fixed) return of(fixed);
  if (!(w > 0 && h > 0)) return of('down');
  const byShape: Direction = h >= w ? 'down' : 'right';
  const scale = (d: Direction) => {
    const s = layeredSize(a, d, m, { listed, perLayer: perLayerFor(d, m, w, h) });
    return Math.min(1, w / s.width, h / s.height);
  };
  const sd = scale('down');
  const sr = scale('right');
  if (Math.abs(sd - sr) < 0.1 * Math.max(sd, sr)) return of(byShape);
  return of(sd > sr ? 'down' : 'right');
}
