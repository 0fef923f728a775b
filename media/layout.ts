// Lays out the analysed phase graph with ELK (layered), top-down or left-right. Bundled into the webview only;
// until it is ready the page draws the quick placement of src/graph/layered.ts.
//
// Up to WAVE_ROWS_MAX phases the layers are the parallel waves: every phase of one wave sits in one layer (ELK's
// interactive layering, fed the wave as the position along the flow), ghosts in a half layer just before their
// first dependent; within a layer the phases keep the plan's order (model order forced), and the critical path's
// edges are kept straight first. Beyond that ELK picks the layers itself (network simplex), which keeps edges
// short and the layout fast; waves are then shown in the tooltips only.
// Cycle edges are left out of the ELK graph (the rest is acyclic) and drawn by the renderer.
import ELK from 'elkjs/lib/elk.bundled.js';
import type { ElkExtendedEdge, ElkNode } from 'elkjs/lib/elk-api';
import { edgeKey, type GraphAnalysis } from '../src/graph/analysis';
import { bandsOf, layerKeys, metricsFor, type Direction, type Layout, type Metrics, type NodeBox, type Point } from '../src/graph/layered';

export type { Direction, Layout, Metrics, NodeBox, Point } from '../src/graph/layered';

export const WAVE_ROWS_MAX = 200;
const ROW = 1000;
const DEFAULT_METRICS = metricsFor(14);
export const NODE_H = DEFAULT_METRICS.nodeH;

let elk: InstanceType<typeof ELK> | undefined;

export interface LayoutOptions {
  direction?: Direction;
  metrics?: Metrics;
  /** At most this many phases side by side (a larger wave wraps). */
  perLayer?: number;
}

export async function layoutGraph(a: GraphAnalysis, o: LayoutOptions = {}): Promise<Layout> {
  const t0 = performance.now();
  const direction = o.direction ?? 'down';
  const m = o.metrics ?? DEFAULT_METRICS;
  const down = direction === 'down';
  elk ??= new ELK();
  const waveRows = a.nodes.length <= WAVE_ROWS_MAX;
  const elkId = new Map(a.nodes.map((n, i) => [n.id, `n${i}`]));

  // Layers: the same keys as the quick placement (waves, wrapped; ghosts half a wave before their dependents).
  const row = layerKeys(a, { perLayer: o.perLayer });

  const critical = new Set<string>();
  for (let i = 1; i < a.criticalPath.length; i++) critical.add(edgeKey({ from: a.criticalPath[i - 1], to: a.criticalPath[i] }));

  // Children in plan order (ghosts last): with model order forced, that is the order within each layer.
  const children: ElkNode[] = a.nodes.map((n, i) => {
    const along = (row.get(n.id)! + 1) * ROW;
    const pos = waveRows ? (down ? { x: i * 10, y: along } : { x: along, y: i * 10 }) : {};
    return { id: elkId.get(n.id)!, width: m.nodeW, height: m.nodeH, ...pos };
  });
  const layoutEdges = a.edges.filter((e) => !a.cycleEdges.has(edgeKey(e)));
  const edges: ElkExtendedEdge[] = layoutEdges.map((e, i) => ({
    id: `e${i}`,
    sources: [elkId.get(e.from)!],
    targets: [elkId.get(e.to)!],
    ...(critical.has(edgeKey(e)) ? { layoutOptions: { 'elk.layered.priority.straightness': '20', 'elk.layered.priority.direction': '20' } } : {}),
  }));

  const layoutOptions: Record<string, string> = {
    'elk.algorithm': 'layered',
    'elk.direction': down ? 'DOWN' : 'RIGHT',
    'elk.edgeRouting': 'ORTHOGONAL',
    'elk.spacing.nodeNode': String(m.nodeGap),
    'elk.layered.spacing.nodeNodeBetweenLayers': String(m.layerGap),
    'elk.layered.spacing.edgeNodeBetweenLayers': '14',
    'elk.spacing.edgeNode': '14',
    'elk.spacing.edgeEdge': '8',
    'elk.layered.thoroughness': '1',
    'elk.layered.considerModelOrder.strategy': 'NODES_AND_EDGES',
    'elk.layered.crossingMinimization.forceNodeModelOrder': 'true',
    ...(waveRows ? { 'elk.layered.crossingMinimization.strategy': 'INTERACTIVE' } : {}),
    
    'elk.padding': `[top=${m.pad},left=${m.pad},bottom=${m.pad},right=${m.pad}]`,
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
    nodes.set(n.id, { x: c.x ?? 0, y: c.y ?? 0, w: m.nodeW, h: m.nodeH });
  }
  const outEdges = new Map<string, Point[]>();
  (res.edges as ElkExtendedEdge[] | undefined)?.forEach((e) => {
    const i = Number(e.id.slice(1));
    const s = e.sections?.[0];
    if (!s) return;
    outEdges.set(edgeKey(layoutEdges[i]), [s.startPoint, ...(s.bendPoints ?? []), s.endPoint].map((p) => ({ x: p.x, y: p.y })));
  });

  return {
    direction,
    nodes,
    edges: outEdges,
    width: res.width ?? 0,
    height: res.height ?? 0,
    bands: waveRows ? bandsOf(a, nodes) : null,
    ms: performance.now() - t0,
  };
}

/**
 * Lays out a two-phase graph once, so that ELK's start-up (module set-up, first compilation) is paid while the
 * extension host is still preparing the first graph rather than after it arrives.
 */
export function warmUpLayout(a: GraphAnalysis): void {
  setTimeout(() => void layoutGraph(a).catch(() => undefined), 0);
}
