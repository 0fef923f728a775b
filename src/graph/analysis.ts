// Pure analysis of the phase dependency graph sent to the webview: ghost nodes for unknown
// references, cycles (Tarjan SCC), parallel waves, the critical path and a Mermaid export.
// No `vscode`, no DOM: runs in the extension host, the webview and unit tests alike.
import type { AnalysisData, GraphData, GraphEdge, GraphNode, ToWebview } from '../protocol';
import { components, shortestCycle } from '../model/phaseGraph';
import { mermaidComment, mermaidLabel } from '../model/mermaidMap';

export { mermaidComment, mermaidLabel };

export interface GraphAnalysis {
  /** The listed nodes (first of each id) followed by ghost nodes, in order of first reference. */
  nodes: GraphNode[];
  /** The listed edges, each (from, to) once. */
  edges: GraphEdge[];
  /** Ids referenced by edges but not among the nodes, plus listed nodes marked `ghost`. */
  ghosts: string[];
  /** One id path per cycle, closed: `['2', '4', '2']`; a self loop is `['3', '3']`. */
  cycles: string[][];
  /** Keys (`edgeKey`) of the edges that lie on a cycle: both ends in one strongly connected component. */
  cycleEdges: Set<string>;
  /**
   * Parallel waves over the real (non-ghost) phases, ignoring cycle edges and ghosts: wave 0 holds the
   * phases with no dependencies; a phase is one wave after its latest dependency. Ids in listed order.
   */
  waves: string[][];
  /** Wave index of every real phase. */
  waveOf: Map<string, number>;
  /** The longest dependency chain (most phases), first phase first; ties go to the earlier listed phase. */
  criticalPath: string[];
  /** Keys (`edgeKey`) of the edges along the critical path. */
  criticalEdges: Set<string>;
  /** Ids of the phases at either end of a cycle edge. */
  cycleNodes: Set<string>;
  /** The largest wave's size. */
  maxParallel: number;
}

/** A key for an edge that cannot collide for any ids (NUL does not occur in phase ids we render). */
export function edgeKey(e: GraphEdge): string {
  return `${e.from}\u0000${e.to}`;
}

/**
 * Everything that decides the layout: node ids, ghost flags and edges, in order. Titles and progress
 * are left out so that ticking a checkbox updates the drawing without laying it out again.
 */
export function structureKey(graph: GraphData): string {
  return JSON.stringify([graph.nodes.map((n) => [n.id, !!n.ghost]), graph.edges.map((e) => [e.from, e.to])]);
}

export function ghostNode(id: string): GraphNode {
  return { id, title: 'Unknown phase', done: 0, total: 0, state: 'error', line: -1, ghost: true };
}

export function analyze(graph: GraphData): GraphAnalysis {
  // Nodes: first of each id wins; then ghosts in order of first reference.
  const nodes: GraphNode[] = [];
  const index = new Map<string, number>();
  for (const n of graph.nodes) {
    if (index.has(n.id)) continue;
    index.set(n.id, nodes.length);
    nodes.push(n);
  }
  const edges: GraphEdge[] = [];
  const seenEdges = new Set<string>();
  for (const e of graph.edges) {
    const k = edgeKey(e);
    if (seenEdges.has(k)) continue;
    seenEdges.add(k);
    edges.push({ from: e.from, to: e.to });
    for (const id of [e.from, e.to]) {
      if (index.has(id)) continue;
      index.set(id, nodes.length);
      nodes.push(ghostNode(id));
    }
  }
  const ghosts = nodes.filter((n) => n.ghost).map((n) => n.id);
  const isGhost = new Set(ghosts);

  const n = nodes.length;
  const succ: number[][] = nodes.map(() => []);
  const pred: number[][] = nodes.map(() => []);
  for (const e of edges) {
    const a = index.get(e.from)!;
    const b = index.get(e.to)!;
    succ[a].push(b);
    pred[b].push(a);
  }

  const { comp, size } = components(n, succ);

  // Cycle edges: self loops and edges inside a component of two or more nodes.
  const cycleEdges = new Set<string>();
  const onCycle = (a: number, b: number) => a === b || (comp[a] === comp[b] && size[comp[a]] > 1);
  for (const e of edges) if (onCycle(index.get(e.from)!, index.get(e.to)!)) cycleEdges.add(edgeKey(e));

  // Cycles, in listed order of their first phase: self loops, then one shortest cycle per component.
  const cycles: string[][] = [];
  const reported = new Set<number>();
  for (let v = 0; v < n; v++) {
    if (succ[v].includes(v)) cycles.push([nodes[v].id, nodes[v].id]);
    const c = comp[v];
    if (size[c] > 1 && !reported.has(c)) {
      reported.add(c);
      cycles.push(shortestCycle(v, succ, (w) => comp[w] === c).map((i) => nodes[i].id));
    }
  }

  // Waves: longest path from the sources (Kahn, listed order) over real phases and acyclic edges.
  const usable = (a: number, b: number) => !onCycle(a, b) && !isGhost.has(nodes[a].id) && !isGhost.has(nodes[b].id);
  const wave = new Array<number>(n).fill(0);
  const indeg = new Array<number>(n).fill(0);
  for (let b = 0; b < n; b++) for (const a of pred[b]) if (usable(a, b)) indeg[b]++;
  const queue: number[] = [];
  for (let v = 0; v < n; v++) if (indeg[v] === 0 && !isGhost.has(nodes[v].id)) queue.push(v);
  for (let qi = 0; qi < queue.length; qi++) {
    const a = queue[qi];
    for (const b of succ[a]) {
      if (!usable(a, b)) continue;
      if (wave[a] + 1 > wave[b]) wave[b] = wave[a] + 1;
      if (--indeg[b] === 0) queue.push(b);
    }
  }
  const waves: string[][] = [];
  const waveOf = new Map<string, number>();
  for (let v = 0; v < n; v++) {
    if (isGhost.has(nodes[v].id)) continue;
    (waves[wave[v]] ??= []).push(nodes[v].id);
    waveOf.set(nodes[v].id, wave[v]);
  }
  for (let i = 0; i < waves.length; i++) waves[i] ??= [];

  // Critical path: end at the first listed phase of the last wave, step back to the first listed
  // dependency one wave earlier.
  const criticalPath: string[] = [];
  if (waves.length) {
    let v = index.get(waves[waves.length - 1][0])!;
    criticalPath.push(nodes[v].id);
    while (wave[v] > 0) {
      let best = -1;
      for (const a of pred[v]) if (usable(a, v) && wave[a] === wave[v] - 1 && (best < 0 || a < best)) best = a;
      v = best;
      criticalPath.push(nodes[v].id);
    }
    criticalPath.reverse();
  }

  const criticalEdges = new Set<string>();
  for (let i = 1; i < criticalPath.length; i++) criticalEdges.add(edgeKey({ from: criticalPath[i - 1], to: criticalPath[i] }));
  const cycleNodes = new Set<string>();
  for (const e of edges) if (cycleEdges.has(edgeKey(e))) cycleNodes.add(e.from).add(e.to);
  const maxParallel = waves.reduce((m, w) => Math.max(m, w.length), 0);
  return { nodes, edges, ghosts, cycles, cycleEdges, waves, waveOf, criticalPath, criticalEdges, cycleNodes, maxParallel };
}

/**
 * The graph message for the webview: the graph as analysed (one node per id, ghosts included; each edge once) with
 * its analysis, computed here once so that the webview only draws.
 */
export function graphMessage(graph: GraphData, uri: string): Extract<ToWebview, { type: 'graph' }> {
  const a = analyze(graph);
  const edgeIndex = new Map(a.edges.map((e, i) => [edgeKey(e), i]));
  return {
    type: 'graph',
    graph: { title: graph.title, nodes: a.nodes, edges: a.edges, ...(graph.undeclared ? { undeclared: true } : {}) },
    analysis: { cycles: a.cycles, cycleEdges: [...a.cycleEdges].map((k) => edgeIndex.get(k)!), waves: a.waves, criticalPath: a.criticalPath },
    uri,
  };
}

/**
 * The analysis a graph message carries, in the form the drawing reads (sets and maps rebuilt; nothing analysed):
 * `graph` is the message's, already one node per id and each edge once.
 */
export function receivedAnalysis(graph: GraphData, d: AnalysisData): GraphAnalysis {
  const cycleEdges = new Set<string>();
  const cycleNodes = new Set<string>();
  for (const i of d.cycleEdges) {
    const e = graph.edges[i];
    cycleEdges.add(edgeKey(e));
    cycleNodes.add(e.from).add(e.to);
  }
  const waveOf = new Map<string, number>();
  d.waves.forEach((ids, w) => ids.forEach((id) => waveOf.set(id, w)));
  const criticalEdges = new Set<string>();
  for (let i = 1; i < d.criticalPath.length; i++) criticalEdges.add(edgeKey({ from: d.criticalPath[i - 1], to: d.criticalPath[i] }));
  return {
    nodes: graph.nodes,
    edges: graph.edges,
    ghosts: graph.nodes.filter((n) => n.ghost).map((n) => n.id),
    cycles: d.cycles,
    cycleEdges,
    waves: d.waves,
    waveOf,
    criticalPath: d.criticalPath,
    criticalEdges,
    cycleNodes,
    maxParallel: d.waves.reduce((m, w) => Math.max(m, w.length), 0),
  };
}

const MERMAID_STATE_STYLE: Record<string, string> = {
  complete: 'fill:#d4edda,stroke:#2e7d32',
  'in-progress': 'fill:#fff3cd,stroke:#b8860b',
  pending: 'fill:#f5f5f5,stroke:#777',
  cycle: 'fill:#f8d7da,stroke:#c62828',
  error: 'fill:#f8d7da,stroke:#c62828',
  ghost: 'fill:#fff,stroke:#999,stroke-dasharray:5 5',
};

/** The graph as a Mermaid `flowchart TD`: ghosts dashed, cycle edges red, critical path edges thick. */
export function toMermaid(graph: GraphData, a: GraphAnalysis = analyze(graph)): string {
  const ref = new Map(a.nodes.map((node, i) => [node.id, `p${i}`]));
  const lines = ['flowchart TD'];
  if (graph.title) lines.push(`  %% ${mermaidComment(graph.title)}`);
  const used = new Set<string>();
  for (const node of a.nodes) {
    const progress = node.total > 0 ? ` (${node.done}/${node.total})` : '';
    const text = node.ghost ? `${node.id}: unknown phase` : `${node.id}: ${node.title}${progress}`;
    const cls = node.ghost ? 'ghost' : node.state;
    used.add(cls);
    lines.push(`  ${ref.get(node.id)}[${mermaidLabel(text)}]:::${cls}`);
  }
  const critical = a.criticalEdges;
  const red: number[] = [];
  const thick: number[] = [];
  a.edges.forEach((e, i) => {
    const k = edgeKey(e);
    if (a.cycleEdges.has(k)) red.push(i);
    else if (critical.has(k)) thick.push(i);
    lines.push(`  ${ref.get(e.from)} --> ${ref.get(e.to)}`);
  });
  for (const cls of Object.keys(MERMAID_STATE_STYLE)) if (used.has(cls)) lines.push(`  classDef ${cls} ${MERMAID_STATE_STYLE[cls]}`);
  if (red.length) lines.push(`  linkStyle ${red.join(',')} stroke:#c62828,stroke-width:2px`);
  if (thick.length) lines.push(`  linkStyle ${thick.join(',')} stroke-width:3px`);
  return lines.join('\n') + '\n';
}
