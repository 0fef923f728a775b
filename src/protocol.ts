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
}

export type ToWebview =
  | { type: 'graph'; graph: GraphData; uri: string }
  | { type: 'highlight'; phaseId: string | null }
  | { type: 'empty'; reason: string };

export type FromWebview =
  | { type: 'ready' }
  | { type: 'reveal'; phaseId: string }
  | { type: 'exportSvg'; svg: string }
  | { type: 'copyMermaid' };
