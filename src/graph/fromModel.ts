// The `GraphData` the graph webview draws, from a parsed plan. Pure: no `vscode` import.
import type { PlanModel } from '../model/types';
import type { StatusInfo } from '../checks/types';
import type { GraphData, GraphEdge, GraphNode } from '../protocol';
import { phaseProgress, progressState, statusByPhase } from '../navigation/treeModel';

/**
 * One node per phase (first of each id), one edge per dependency (`from` = the phase depended on).
 * References to phases the plan does not have stay as edges: the webview draws them as ghosts.
 */
export function graphDataOf(model: PlanModel, status?: StatusInfo, fallbackTitle = 'Plan'): GraphData {
  const statuses = statusByPhase(model, status);
  const nodes: GraphNode[] = [];
  const edges: GraphEdge[] = [];
  const seen = new Set<string>();
  let declared = false;
  for (const phase of model.phases) {
    if (phase.dependencies) declared = true;
    if (seen.has(phase.id)) continue;
    seen.add(phase.id);
    const progress = phaseProgress(phase, statuses);
    nodes.push({ id: phase.id, title: phase.title, done: progress.done, total: progress.total, state: progressState(progress), line: phase.heading.start.line });
    for (const dep of phase.dependencies?.dependsOn ?? []) edges.push({ from: dep, to: phase.id });
  }
  const graph: GraphData = { title: model.title?.text ?? fallbackTitle, nodes, edges };
  if (!declared && nodes.length > 1) graph.undeclared = true;
  return graph;
}
