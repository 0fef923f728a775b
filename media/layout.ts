// Lays out the analysed phase graph with ELK (layered, top-down). Bundled into the webview only.
//
// Up to WAVE_ROWS_MAX phases the layers are the parallel waves: every phase of one wave sits on one
// row (ELK's interactive layering, fed the wave as the y position), ghosts on a half row just above
// their first dependent. Beyond that ELK picks the layers itself (network simplex), which keeps edges
// short and the layout fast; waves are then shown on the nodes only.
// Cycle edges are left out of the ELK graph (the rest is acyclic) and drawn by the renderer.
import ELK from 'elkjs/lib/elk.bundled.js';
import type { ElkExtendedEdge, ElkNode } from 'elkjs/lib/elk-api';
import { edgeKey, type GraphAnalysis } from '../src/graph/analysis';

export const NODE_W = 210;
export const NODE_H = 62;
export const WAVE_ROWS_MAX = 200;
const ROW = 1000;

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

export interface WaveBand {
  wave: number;
  y0: number;
  y1: number;
}

export interface Layout {
  nodes: Map<string, NodeBox>;
  /** Polyline per non-cycle edge, by `edgeKey`, from the source's border to the target's. */
  edges: Map<string, Point[]>;
  width: number;
  height: number;
  /** One band per wave when the rows are the waves, else null. */
  bands: WaveBand[] | null;
  ms: number;
}

let elk: InstanceType<typeof ELK> | undefined;

export async function layoutGraph(a: GraphAnalysis): Promise<Layout> {
  const t0 = performance.now();
  elk ??= new ELK();
  const waveRows = a.nodes.length <= WAVE_ROWS_MAX;
  const elkId = new Map(a.nodes.map((n, i) => [n.id, `n${i}`]));

  // Rows: the wave for real phases; ghosts half a row above the earliest phase that depends on them
  // (or half a row below the latest one they depend on).
  const row = new Map<string, number>();
  for (const [id, w] of a.waveOf) row.set(id, w);
  for (const id of a.ghosts) {
    const dependents = a.edges.filter((e) => e.from === id && a.waveOf.has(e.to)).map((e) => a.waveOf.get(e.to)!);
    const deps = a.edges.filter((e) => e.to === id && a.waveOf.has(e.from)).map((e) => a.waveOf.get(e.from)!);
    row.set(id, dependents.length ? Math.min(...dependents) - 0.5 : deps.length ? Math.max(...deps) + 0.5 : -0.5);
  }

  const children: ElkNode[] = a.nodes.map((n, i) => ({
    id: elkId.get(n.id)!,
    width: NODE_W,
    height: NODE_H,
    ...(waveRows ? { x: i * 10, y: (row.get(n.id)! + 1) * ROW } : {}),
  }));
  const layoutEdges = a.edges.filter((e) => !a.cycleEdges.has(edgeKey(e)));
  const edges: ElkExtendedEdge[] = layoutEdges.map((e, i) => ({ id: `e${i}`, sources: [elkId.get(e.from)!], targets: [elkId.get(e.to)!] }));

  const layoutOptions: Record<string, string> = {
    'elk.algorithm': 'layered',
    'elk.direction': 'DOWN',
    'elk.edgeRouting': 'ORTHOGONAL',
    'elk.spacing.nodeNode': '28',
    'elk.layered.spacing.nodeNodeBetweenLayers': '44',
    'elk.layered.spacing.edgeNodeBetweenLayers': '14',
    'elk.spacing.edgeNode': '14',
    'elk.spacing.edgeEdge': '8',
    'elk.layered.thoroughness': '1',
    'elk.padding': '[top=12,left=12,bottom=12,right=12]',
    ...(waveRows
      ? {
          'elk.layered.layering.strategy': 'INTERACTIVE',
          'elk.layered.cycleBreaking.strategy': 'INTERACTIVE',
          'elk.separateConnectedComponents': 'false',
        }
      : {}),
  };
  const input: ElkNode = { id: 'root', layoutOptions, children, edges };
  const res = await elk.layout(input);

  const nodes = new Map<string, NodeBox>();
  const byElk = new Map(res.children!.map((c) => [c.id, c]));
  for (const n of a.nodes) {
    const c = byElk.get(elkId.get(n.id)!)!;
    nodes.set(n.id, { x: c.x ?? 0, y: c.y ?? 0, w: NODE_W, h: NODE_H });
  }
  const outEdges = new Map<string, Point[]>();
  (res.edges as ElkExtendedEdge[] | undefined)?.forEach((e) => {
    const i = Number(e.id.slice(1));
    const s = e.sections?.[0];
    if (!s) return;
    outEdges.set(edgeKey(layoutEdges[i]), [s.startPoint, ...(s.bendPoints ?? []), s.endPoint].map((p) => ({ x: p.x, y: p.y })));
  });

  let bands: WaveBand[] | null = null;
  if (waveRows) {
    bands = a.waves.map((ids, wave) => {
      let y0 = Infinity;
      let y1 = -Infinity;
      for (const id of ids) {
        const b = nodes.get(id)!;
        y0 = Math.min(y0, b.y);
        y1 = Math.max(y1, b.y + b.h);
      }
      return { wave, y0, y1 };
    });
  }
  return { nodes, edges: outEdges, width: res.width ?? 0, height: res.height ?? 0, bands, ms: performance.now() - t0 };
}

/**
 * Lays out a two-phase graph once, so that ELK's start-up (module set-up, first compilation) is paid
 * while the extension host is still preparing the first graph rather than after it arrives.
 */
export function warmUpLayout(a: GraphAnalysis): void {
  setTimeout(() => void layoutGraph(a).catch(() => undefined), 0);
}
