// Messages between the extension host and the dependency-graph webview. Both sides import this file
// and switch exhaustively on `type`; every incoming message is validated before use.

export type PhaseState = 'complete' | 'in-progress' | 'pending' | 'cycle' | 'error';

export interface GraphNode {
  id: string;
  title: string;
  /** Done / total checkboxes or status.yaml progress; total 0 when unknown. */
  done: number;
  total: number;
  state: PhaseState;
  /** 0-based line of the phase heading. */
  line: number;
  /** A referenced phase that does not exist: drawn dashed. */
  ghost?: boolean;
}

export interface GraphEdge {
  from: string;
  to: string;
}

export interface GraphData {
  title: string;
  nodes: GraphNode[];
  /** `from` must be done before `to` (to depends on from). */
  edges: GraphEdge[];
  /** No phase has a Dependencies line: the phases run in the order listed (no parallelism is claimed). */
  undeclared?: boolean;
}

/**
 * What the host derived from the graph (src/graph/analysis.ts), sent with it so that the webview only draws. Refers to
 * the graph it comes with: phase ids of its nodes, indexes of its edges.
 */
export interface AnalysisData {
  /** One closed id path per cycle: `['2', '4', '2']`; a self loop is `['3', '3']`. */
  cycles: string[][];
  /** Indexes into the graph's edges of the edges on a cycle. */
  cycleEdges: number[];
  /** The parallel waves over the real phases, each in listed order. */
  waves: string[][];
  /** The longest dependency chain, first phase first. */
  criticalPath: string[];
}

export type ToWebview =
  /** `graph` as analysed: one node per id (unknown references included, `ghost`), each edge once. */
  | { type: 'graph'; graph: GraphData; analysis: AnalysisData; uri: string }
  | { type: 'highlight'; phaseId: string | null }
  | { type: 'empty'; reason: string };

export type FromWebview =
  | { type: 'ready' }
  | { type: 'reveal'; phaseId: string }
  | { type: 'exportSvg'; svg: string }
  | { type: 'copyMermaid' }
  /**
   * A layout is on screen: `quick` (the layered placement drawn at once) or `full` (the final one). `marks`: when
   * the page reached each step of its start (epoch ms, `performance.timeOrigin + performance.now()`), for the bench.
   */
  | { type: 'drawn'; layout: 'quick' | 'full'; nodes: number; marks?: Record<string, number> };

// Runtime validation: each side passes every received message through one of these and ignores
// anything that returns null.

const PHASE_STATES: readonly PhaseState[] = ['complete', 'in-progress', 'pending', 'cycle', 'error'];

function isRecord(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

function isCount(x: unknown): x is number {
  return typeof x === 'number' && Number.isFinite(x) && x >= 0;
}

function isGraphNode(x: unknown): x is GraphNode {
  return (
    isRecord(x) &&
    typeof x.id === 'string' &&
    typeof x.title === 'string' &&
    isCount(x.done) &&
    isCount(x.total) &&
    PHASE_STATES.includes(x.state as PhaseState) &&
    typeof x.line === 'number' &&
    Number.isFinite(x.line) &&
    (x.ghost === undefined || typeof x.ghost === 'boolean')
  );
}

function isGraphEdge(x: unknown): x is GraphEdge {
  return isRecord(x) && typeof x.from === 'string' && typeof x.to === 'string';
}

function isMarks(x: unknown): x is Record<string, number> {
  if (!isRecord(x)) return false;
  const entries = Object.entries(x);
  return entries.length <= 32 && entries.every(([k, v]) => k.length <= 40 && isCount(v));
}

export function isGraphData(x: unknown): x is GraphData {
  return (
    isRecord(x) &&
    typeof x.title === 'string' &&
    Array.isArray(x.nodes) &&
    x.nodes.every(isGraphNode) &&
    Array.isArray(x.edges) &&
    x.edges.every(isGraphEdge) &&
    (x.undeclared === undefined || typeof x.undeclared === 'boolean')
  );
}

const isIdList = (x: unknown, ids: Set<string>): x is string[] => Array.isArray(x) && x.every((id) => typeof id === 'string' && ids.has(id));

/** Whether `x` is an analysis of `graph`: every id one of its nodes, every edge index one of its edges. */
export function isAnalysisData(x: unknown, graph: GraphData): x is AnalysisData {
  if (!isRecord(x)) return false;
  const ids = new Set(graph.nodes.map((n) => n.id));
  return (
    Array.isArray(x.cycles) &&
    x.cycles.every((c) => isIdList(c, ids)) &&
    Array.isArray(x.cycleEdges) &&
    x.cycleEdges.every((i) => Number.isInteger(i) && i >= 0 && i < graph.edges.length) &&
    Array.isArray(x.waves) &&
    x.waves.every((w) => isIdList(w, ids)) &&
    isIdList(x.criticalPath, ids)
  );
}

/** The message if it is a well-formed `ToWebview`, else null. */
export function parseToWebview(x: unknown): ToWebview | null {
  if (!isRecord(x)) return null;
  switch (x.type) {
    case 'graph':
      return isGraphData(x.graph) && isAnalysisData(x.analysis, x.graph) && typeof x.uri === 'string' ? { type: 'graph', graph: x.graph, analysis: x.analysis, uri: x.uri } : null;
    case 'highlight':
      return x.phaseId === null || typeof x.phaseId === 'string' ? { type: 'highlight', phaseId: x.phaseId } : null;
    case 'empty':
      return typeof x.reason === 'string' ? { type: 'empty', reason: x.reason } : null;
    default:
      return null;
  }
}

/** The message if it is a well-formed `FromWebview`, else null. */
export function parseFromWebview(x: unknown): FromWebview | null {
  if (!isRecord(x)) return null;
  switch (x.type) {
    case 'ready':
      return { type: 'ready' };
    case 'reveal':
      return typeof x.phaseId === 'string' ? { type: 'reveal', phaseId: x.phaseId } : null;
    case 'exportSvg':
      return typeof x.svg === 'string' ? { type: 'exportSvg', svg: x.svg } : null;
    case 'copyMermaid':
      return { type: 'copyMermaid' };
    case 'drawn': {
      if (!((x.layout === 'quick' || x.layout === 'full') && isCount(x.nodes))) return null;
      const marks = isMarks(x.marks) ? x.marks : undefined;
      return { type: 'drawn', layout: x.layout, nodes: x.nodes, ...(marks ? { marks } : {}) };
    }
    default:
      return null;
  }
}
