// The Phases tree as data: items, their order, progress and state, the tooltip text, and which phase holds a line.
// Pure: no `vscode` import. `extension/phaseTree.ts` turns these nodes into TreeItems; hovers and CodeLenses reuse the
// summaries.
import type { Phase, PlanModel, Range, Step } from '../model/types';
import type { StatusInfo, StatusPhase } from '../checks/types';
import { phaseIdOfJson } from '../model/build';
import { phaseGraph, transitiveDependents as dependentsOf } from '../model/phaseGraph';

export type ItemState = 'complete' | 'in-progress' | 'pending' | 'cycle' | 'error';
export type NodeKind = 'plan' | 'phase' | 'step' | 'dependency' | 'subsection';

/** Plain text (no markdown): the adapter escapes it. */
export interface Summary {
  title: string;
  lines: string[];
}

export interface TreeNode {
  /** Stable across edits while the phase keeps its id, so that the tree keeps its expansion state. */
  id: string;
  kind: NodeKind;
  label: string;
  description?: string;
  /**
   * What a phase's (step's) row shows: the id and the progress first, the title after, so that a long title is
   * what gets cut off, never the progress. `label` and `description` keep the full heading and the progress.
   */
  row?: { label: string; description?: string };
  state?: ItemState;
  tooltip?: Summary;
  /** The phase a click reveals (phases, steps and dependencies). */
  phaseId?: string;
  /** Where a click goes: the heading of the item (for a dependency, the heading of the phase it names). */
  target: Range;
  /** The lines the item stands for. */
  range: Range;
  /** A dependency on a phase the plan does not have. */
  unknown?: boolean;
  children: TreeNode[];
}

export interface Progress {
  done: number;
  total: number;
  /** The phase's entry of status.yaml, when the plan has one that names the phase. */
  status?: string;
}

export interface TreeInput {
  model: PlanModel;
  status?: StatusInfo;
  /** Findings of the plan; those with severity `error` mark the phase they fall in. */
  findings?: { severity: string; range: Range }[];
  /** Text of a line of the plan (for the objective in tooltips). */
  lineText?: (line: number) => string;
  /** Prefix of every id (the document's URI): each plan keeps its own expansion state. */
  key?: string;
  /** Shown as the root when the plan has no title. */
  fileName?: string;
}

export function phaseLabel(p: { id: string; title: string }, word = 'Phase'): string {
  return p.title ? `${word} ${p.id}: ${p.title}` : `${word} ${p.id}`;
}

/** A phase's tree row: `Phase 2 · 3/7` then the title (see `TreeNode.row`). */
export function phaseRow(p: { id: string; title: string }, progress: string, word = 'Phase'): { label: string; description?: string } {
  return { label: progress ? `${word} ${p.id} · ${progress}` : `${word} ${p.id}`, description: p.title || undefined };
}

/** status.yaml's `plan_phases`, keyed by the phase id each entry maps to. */
export function statusByPhase(model: PlanModel, status?: StatusInfo): Map<string, StatusPhase> {
  const out = new Map<string, StatusPhase>();
  for (const s of status?.phases ?? []) {
    const id = phaseIdOfJson(s.id, s.title, model.phases);
    if (id !== undefined && !out.has(id)) out.set(id, s);
  }
  return out;
}

export function phaseProgress(phase: Phase, statuses?: Map<string, StatusPhase>): Progress {
  const done = phase.checkboxes.filter((c) => c.checked).length;
  return { done, total: phase.checkboxes.length, status: statuses?.get(phase.id)?.status };
}

const STATUS_WORDS: Record<string, string> = { complete: 'done', in_progress: 'in progress', pending: 'pending' };

function statusWord(status: string): string {
  return STATUS_WORDS[status] ?? status.replace(/_/g, ' ');
}

/** status.yaml's word for the phase when it has one (`in progress`), else the checkboxes (`3/7`), else ''. */
export function progressText(p: Progress): string {
  if (p.status) return statusWord(p.status);
  return p.total ? `${p.done}/${p.total}` : '';
}

/** Both sources, for tooltips: `in progress (status.yaml) · 3/7 checked`. */
export function progressDetail(p: Progress): string {
  const parts: string[] = [];
  if (p.status) parts.push(`${statusWord(p.status)} (status.yaml)`);
  if (p.total) parts.push(`${p.done}/${p.total} checked`);
  return parts.join(' · ');
}

export function progressState(p: Progress): ItemState {
  if (p.status) {
    if (p.status === 'complete') return 'complete';
    if (p.status === 'in_progress') return 'in-progress';
    return 'pending';
  }
  if (p.total && p.done === p.total) return 'complete';
  if (p.done > 0) return 'in-progress';
  return 'pending';
}

// The phase graph (src/model/phaseGraph.ts) is derived once per model: the tree, hovers and CodeLenses ask per phase.

/** Dependency edges between phases the plan has: id → the ids it depends on. */
export function dependencyEdges(model: PlanModel): Map<string, string[]> {
  return phaseGraph(model).dependsOn;
}

/** id → the ids of the phases that depend on it directly ("needed by"), in plan order. */
export function dependents(model: PlanModel): Map<string, string[]> {
  return phaseGraph(model).dependents;
}

/** The phases that reach `id` by following dependencies (they depend on it, directly or not). */
export function transitiveDependents(model: PlanModel, id: string): Set<string> {
  return dependentsOf(phaseGraph(model), id);
}

/** Phases on a dependency cycle of two or more phases (a phase that depends on itself has its own finding). */
export function cyclicPhases(model: PlanModel): Set<string> {
  return phaseGraph(model).cyclic;
}

const OBJECTIVE = /^(objectives?|goals?)$/i;

const LIST_ITEM = /^\s*(?:[-*+]|\d+[.)])\s+(?:\[[ xX]\]\s+)?/;

/**
 * The first non-empty line of the phase's Objective(s) subsection, list marker removed. A line hard-wrapped in the
 * source goes on up to the next blank line, list item or heading (at most 200 characters).
 */
export function objectiveLine(phase: Phase, lineText?: (line: number) => string): string | undefined {
  if (!lineText) return undefined;
  const sub = phase.subsections.find((s) => OBJECTIVE.test(s.title.trim()));
  if (!sub) return undefined;
  const clean = (l: number) => lineText(l).replace(/<!--.*?-->/g, '');
  for (let l = sub.body.start.line; l <= sub.body.end.line; l++) {
    let text = clean(l).replace(LIST_ITEM, '').trim();
    if (!text) continue;
    for (let next = l + 1; next <= sub.body.end.line && text.length < 200; next++) {
      const raw = clean(next);
      if (!raw.trim() || LIST_ITEM.test(raw) || /^\s*(#|```|~~~|\||>)/.test(raw)) break;
      text += ` ${raw.trim()}`;
    }
    return text.length > 200 ? `${text.slice(0, 199)}…` : text;
  }
  return undefined;
}

function phaseRefText(model: PlanModel, ids: string[]): string {
  return ids
    .map((id) => {
      const p = model.phases.find((x) => x.id === id);
      return p?.title ? `Phase ${id} (${p.title})` : `Phase ${id}`;
    })
    .join(', ');
}

/** What a tooltip or a hover tells of a phase. */
export function phaseSummary(
  model: PlanModel,
  phase: Phase,
  opts: { status?: StatusInfo; lineText?: (line: number) => string; statuses?: Map<string, StatusPhase> } = {},
): Summary {
  const statuses = opts.statuses ?? statusByPhase(model, opts.status);
  const lines: string[] = [];
  const objective = objectiveLine(phase, opts.lineText);
  if (objective) lines.push(objective);
  const deps = phase.dependencies;
  if (deps?.none) lines.push('Depends on: none');
  else if (deps?.dependsOn.length) lines.push(`Depends on: ${phaseRefText(model, deps.dependsOn)}`);
  const needed = dependents(model).get(phase.id) ?? [];
  if (needed.length) lines.push(`Needed by: ${phaseRefText(model, needed)}`);
  const progress = progressDetail(phaseProgress(phase, statuses));
  if (progress) lines.push(`Progress: ${progress}`);
  return { title: phaseLabel(phase), lines };
}

/** The CodeLens parts above a phase heading: "depends on 1, 2", "needed by 4", "3/7 done". */
export function lensParts(
  model: PlanModel,
  phase: Phase,
  statuses?: Map<string, StatusPhase>,
): { title: string; ids?: string[] }[] {
  const parts: { title: string; ids?: string[] }[] = [];
  const deps = phase.dependencies?.dependsOn ?? [];
  parts.push(deps.length ? { title: `depends on ${deps.join(', ')}`, ids: deps } : { title: 'no dependencies' });
  const needed = dependents(model).get(phase.id) ?? [];
  if (needed.length) parts.push({ title: `needed by ${needed.join(', ')}`, ids: needed });
  const p = phaseProgress(phase, statuses);
  if (p.status) parts.push({ title: progressText(p) });
  else if (p.total) parts.push({ title: `${p.done}/${p.total} done` });
  return parts;
}

function within(range: Range, line: number): boolean {
  return line >= range.start.line && line <= range.end.line;
}

/** The range of a step: from its heading to the line before the next step (or the end of its section). */
function stepBoxes(model: PlanModel, step: Step) {
  return model.checkboxes.filter((c) => c.range.start.line > step.heading.start.line && within(step.range, c.range.start.line));
}

/** The tree of the plan: the title as root, then its phases (or, without phases, its steps). */
export function buildTree(input: TreeInput): TreeNode {
  const { model, status, lineText } = input;
  const key = input.key ?? '';
  const statuses = statusByPhase(model, status);
  const cyclic = cyclicPhases(model);
  const errors = (input.findings ?? []).filter((f) => f.severity === 'error');
  const byId = new Map<string, Phase>();
  for (const p of model.phases) if (!byId.has(p.id)) byId.set(p.id, p);
  const usedIds = new Set<string>();
  const uniqueId = (base: string) => {
    let id = base;
    for (let i = 2; usedIds.has(id); i++) id = `${base}~${i}`;
    usedIds.add(id);
    return id;
  };

  const children: TreeNode[] = [];
  let complete = 0;
  for (const phase of model.phases) {
    const progress = phaseProgress(phase, statuses);
    let state = progressState(progress);
    if (state === 'complete') complete++;
    if (errors.some((f) => within(phase.range, f.range.start.line))) state = 'error';
    if (cyclic.has(phase.id)) state = 'cycle';
    const id = uniqueId(`${key}#phase:${phase.id}`);
    const kids: TreeNode[] = [];
    for (const ref of phase.dependencies?.refs ?? []) {
      const target = byId.get(ref.id);
      kids.push({
        id: uniqueId(`${id}/dep:${ref.id}`),
        kind: 'dependency',
        label: target ? phaseLabel(target) : `Phase ${ref.id}`,
        description: target ? 'dependency' : 'not in this plan',
        phaseId: ref.id,
        target: target ? target.heading : ref.range,
        range: ref.range,
        unknown: !target,
        children: [],
      });
    }
    for (const sub of phase.subsections) {
      kids.push({
        id: uniqueId(`${id}/sub:${sub.title}`),
        kind: 'subsection',
        label: sub.title,
        description: sub.empty ? 'empty' : undefined,
        target: sub.heading,
        range: sub.range,
        children: [],
      });
    }
    children.push({
      id,
      kind: 'phase',
      label: phaseLabel(phase),
      description: progressText(progress) || undefined,
      row: phaseRow(phase, progressText(progress)),
      state,
      tooltip: phaseSummary(model, phase, { lineText, statuses }),
      phaseId: phase.id,
      target: phase.heading,
      range: phase.range,
      children: kids,
    });
  }
  if (!model.phases.length) {
    for (const step of model.steps) {
      const boxes = stepBoxes(model, step);
      const progress: Progress = { done: boxes.filter((b) => b.checked).length, total: boxes.length };
      const state = progressState(progress);
      if (state === 'complete') complete++;
      children.push({
        id: uniqueId(`${key}#step:${step.id}`),
        kind: 'step',
        label: phaseLabel(step, 'Step'),
        description: progressText(progress) || undefined,
        row: phaseRow(step, progressText(progress), 'Step'),
        state,
        tooltip: { title: phaseLabel(step, 'Step'), lines: progress.total ? [`Progress: ${progressDetail(progress)}`] : [] },
        phaseId: step.id,
        target: step.heading,
        range: step.range,
        children: [],
      });
    }
  }

  const n = children.length;
  const noun = model.phases.length ? 'phase' : 'step';
  const start = { line: 0, character: 0 };
  const end = { line: Math.max(0, model.lineCount - 1), character: 0 };
  const titleRange = model.title?.range ?? { start, end: start };
  return {
    id: `${key}#plan`,
    kind: 'plan',
    label: model.title?.text ?? input.fileName ?? 'Plan',
    description: n ? `${n} ${noun}${n === 1 ? '' : 's'}${complete ? ` · ${complete} done` : ''}` : 'no phases',
    target: titleRange,
    range: { start, end },
    children,
  };
}

/** The phase (or step) item whose lines hold `line`. */
export function itemAtLine(root: TreeNode, line: number): TreeNode | undefined {
  let found: TreeNode | undefined;
  for (const c of root.children) if (line >= c.range.start.line && line <= c.range.end.line) found = c;
  return found;
}

/** The phase (or step) after / before the line: next = first heading below it, previous = last heading above it. */
export function neighborItem(root: TreeNode, line: number, direction: 1 | -1): TreeNode | undefined {
  const items = root.children;
  if (direction === 1) return items.find((c) => c.target.start.line > line);
  let out: TreeNode | undefined;
  for (const c of items) if (c.target.start.line < line) out = c;
  return out;
}

/** Depth-first, parents before children. */
export function* walk(node: TreeNode): Generator<TreeNode> {
  yield node;
  for (const c of node.children) yield* walk(c);
}
