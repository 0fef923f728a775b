// What a coding agent can ask of Plan Author: the findings of a plan with each quick fix in words, the plan's outline
// (phases, progress, waves, critical path, Mermaid), the phases ready to start, a new plan's text, a rule's doc.
// Each operation returns readable text and the same answer as data. Shared by the MCP server (src/mcp) and the
// editor's language-model tools (src/extension/lmTools.ts); pure: no `vscode`, no file system. The parser and the
// rules come in as `lib`, so that the extension keeps loading them lazily from dist/model.js.
import type { PlanModel, PresetId, Range } from '../model/types';
import type { Finding, Rule, StatusInfo, TextEdit } from '../checks/types';
import type { Preset } from '../model/presets';
import { fileReport, location } from '../checks/report';
import { analyze, toMermaid } from '../graph/analysis';
import { graphDataOf } from '../graph/fromModel';
import { phaseProgress, progressState, progressText, statusByPhase, type ItemState } from '../navigation/treeModel';
import { fillTemplate, localDate, planFileName, PLACEHOLDER } from '../authoring/newPlan';

/** The parts of the model library the operations use (dist/model.js in the extension, bundled in the CLI). */
export interface OperationsLib {
  RULES: Rule[];
  PRESET_IDS: PresetId[];
  getPreset(id: PresetId): Preset;
}

/** A plan as read: its path as the caller named it, its text, model, findings and status file. */
export interface PlanInput {
  path: string;
  text: string;
  model: PlanModel;
  findings: Finding[];
  status?: StatusInfo;
}

export interface Answer<T> {
  text: string;
  structured: T;
}

// ---------------------------------------------------------------------------------------------------------------
// check_plan

/** One edit of a quick fix, 1-based like the findings; `endColumn` exclusive. */
export interface FixEdit {
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  newText: string;
}

export interface FixReport {
  title: string;
  preferred: boolean;
  /** What the fix does, in words: where it inserts, replaces or deletes which text. */
  description: string;
  edits: FixEdit[];
}

export type CheckReport = ReturnType<typeof checkPlanAnswer>['structured'];

const QUOTE_MAX = 400;

function quote(s: string): string {
  const cut = s.length > QUOTE_MAX ? `${s.slice(0, QUOTE_MAX)}…` : s;
  return JSON.stringify(cut);
}

function textIn(text: string, range: Range): string {
  const lines = text.split('\n');
  const offset = (p: { line: number; character: number }) => {
    let o = 0;
    for (let i = 0; i < Math.min(p.line, lines.length); i++) o += lines[i].length + 1;
    return Math.min(text.length, o + p.character);
  };
  return text.slice(offset(range.start), offset(range.end));
}

function where(e: FixEdit): string {
  if (e.line === e.endLine) {
    if (e.column === e.endColumn) return `at line ${e.line}, column ${e.column}`;
    return e.endColumn - 1 === e.column ? `on line ${e.line}, column ${e.column}` : `on line ${e.line}, columns ${e.column}–${e.endColumn - 1}`;
  }
  return `from line ${e.line}, column ${e.column} to line ${e.endLine}, column ${e.endColumn}`;
}

/** A text edit in words: `insert "…" at line 12, column 1`, `replace "Phase 7" on line 9, columns 19–25 with "Phase 1"`. */
export function describeEdit(text: string, edit: TextEdit): string {
  const at: FixEdit = { ...location(text, edit), newText: edit.newText };
  const old = textIn(text, edit.range);
  if (!old) return `insert ${quote(edit.newText)} ${where(at)}`;
  if (!edit.newText) return `delete ${quote(old)} ${where(at)}`;
  return `replace ${quote(old)} ${where(at)} with ${quote(edit.newText)}`;
}

function fixReports(text: string, f: Finding): FixReport[] {
  return (f.fixes ?? []).map((fix) => ({
    title: fix.title,
    preferred: !!fix.preferred,
    description: `${fix.title}: ${fix.edits.map((e) => describeEdit(text, e)).join('; then ')}.`,
    edits: fix.edits.map((e) => ({ ...location(text, e), newText: e.newText })),
  }));
}

function plural(n: number, word: string) {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** The findings as the CLI's JSON (`version`, `files`), each finding with its quick fixes, and the counts. */
export function checkPlanAnswer(plan: PlanInput) {
  const file = fileReport(plan);
  const findings = file.findings.map((x, i) => ({ ...x, fixes: fixReports(plan.text, plan.findings[i]) }));
  const counts = { error: 0, warning: 0, information: 0 };
  for (const f of findings) counts[f.severity]++;
  const structured = { version: 1 as const, files: [{ ...file, findings }], counts };
  const total = findings.length;
  const lines = [
    total
      ? `${plan.path}: ${plural(total, 'problem')} (${plural(counts.error, 'error')}, ${plural(counts.warning, 'warning')}, ${counts.information} information); preset ${plan.model.preset}, ${plural(plan.model.phases.length, 'phase')}.`
      : `${plan.path}: no problems; preset ${plan.model.preset}, ${plural(plan.model.phases.length, 'phase')}.`,
  ];
  for (const f of findings) {
    lines.push('', `${f.line}:${f.column} ${f.severity} ${f.code}: ${f.message.replace(/\s*\n\s*/g, ' ')}`);
    for (const fix of f.fixes) lines.push(`  quick fix${fix.preferred ? ' (preferred)' : ''}: ${fix.description}`);
  }
  if (total) lines.push('', 'Line and column numbers are 1-based. explain_rule gives any code\'s rationale with a bad and a good example.');
  return { text: lines.join('\n'), structured };
}

// ---------------------------------------------------------------------------------------------------------------
// plan_outline

export interface OutlinePhase {
  id: string;
  title: string;
  /** 1-based line of the heading, and the last line of the phase's section. */
  line: number;
  endLine: number;
  dependsOn: string[];
  /** The ids of `dependsOn` the plan has no phase for. */
  unknownDependencies: string[];
  progress: {
    /** complete, in-progress or pending: status.yaml's word when it names the phase, else the checkboxes. */
    state: 'complete' | 'in-progress' | 'pending';
    source: 'status.yaml' | 'checkboxes' | 'none';
    /** status.yaml's value for the phase, when it has one. */
    status?: string;
    checked: number;
    checkboxes: number;
    text: string;
  };
  /** The parallel wave the phase falls in (0 = no dependencies); absent for a second phase of the same id. */
  wave?: number;
  /** A second phase with an id an earlier phase already has. */
  duplicate?: boolean;
}

function progressOf(model: PlanModel, status: StatusInfo | undefined) {
  const statuses = statusByPhase(model, status);
  return (phase: PlanModel['phases'][number]): OutlinePhase['progress'] => {
    const p = phaseProgress(phase, statuses);
    const state = progressState(p) as ItemState;
    return {
      state: state === 'complete' || state === 'in-progress' ? state : 'pending',
      source: p.status ? 'status.yaml' : p.total ? 'checkboxes' : 'none',
      ...(p.status ? { status: p.status } : {}),
      checked: p.done,
      checkboxes: p.total,
      text: progressText(p) || 'no checkboxes',
    };
  };
}

export function planOutlineAnswer(plan: PlanInput) {
  const { model } = plan;
  const graph = graphDataOf(model, plan.status, plan.path);
  const a = analyze(graph);
  const ids = new Set(model.phases.map((p) => p.id));
  const seen = new Set<string>();
  const progress = progressOf(model, plan.status);
  const phases: OutlinePhase[] = model.phases.map((p) => {
    const dependsOn = p.dependencies?.dependsOn ?? [];
    const duplicate = seen.has(p.id);
    seen.add(p.id);
    const wave = duplicate ? undefined : a.waveOf.get(p.id);
    return {
      id: p.id,
      title: p.title,
      line: p.heading.start.line + 1,
      endLine: p.range.end.line + 1,
      dependsOn,
      unknownDependencies: dependsOn.filter((d) => !ids.has(d)),
      progress: progress(p),
      ...(wave !== undefined ? { wave } : {}),
      ...(duplicate ? { duplicate: true } : {}),
    };
  });
  const mermaid = toMermaid(graph);
  const structured = {
    path: plan.path,
    title: model.title?.text ?? null,
    preset: model.preset,
    presetSource: model.presetSource,
    statusFile: plan.status?.path ?? null,
    phases,
    waves: a.waves,
    criticalPath: a.criticalPath,
    cycles: a.cycles,
    maxParallel: a.maxParallel,
    mermaid,
  };
  const lines = [
    `${model.title?.text ?? plan.path} (${plan.path}): preset ${model.preset}${model.presetSource === 'detected' ? ' (detected)' : ''}, ${plural(phases.length, 'phase')}${plan.status ? `, progress from ${plan.status.path} then checkboxes` : ', progress from checkboxes'}.`,
  ];
  if (phases.length) lines.push('');
  for (const p of phases) {
    const deps = p.dependsOn.length ? `depends on ${p.dependsOn.map((d) => (ids.has(d) ? d : `${d} (no such phase)`)).join(', ')}` : 'no dependencies';
    lines.push(`Phase ${p.id}: ${p.title || '(untitled)'} (lines ${p.line}–${p.endLine}) ${p.progress.state}${p.progress.source !== 'none' ? ` [${p.progress.text}]` : ''}; ${deps}${p.duplicate ? '; DUPLICATE id' : ''}`);
  }
  if (a.waves.length) {
    lines.push('', 'Waves (phases in one wave can run in parallel):');
    a.waves.forEach((w, i) => lines.push(`  ${i + 1}. ${w.join(', ')}`));
  }
  if (a.criticalPath.length) lines.push('', `Critical path: ${a.criticalPath.join(' → ')} (${plural(a.criticalPath.length, 'phase')})`);
  for (const c of a.cycles) lines.push(`Cycle: ${c.join(' → ')}`);
  lines.push('', 'Mermaid:', '```mermaid', mermaid.replace(/\n$/, ''), '```');
  return { text: lines.join('\n'), structured };
}

// ---------------------------------------------------------------------------------------------------------------
// ready_phases

export interface ReadyPhase {
  id: string;
  title: string;
  line: number;
  state: 'in-progress' | 'pending';
  dependsOn: string[];
}

export interface BlockedPhase {
  id: string;
  title: string;
  line: number;
  /** The dependencies not complete yet, each with its state (`unknown` for a phase the plan does not have). */
  waitingFor: { id: string; state: 'in-progress' | 'pending' | 'unknown' }[];
}

/**
 * The phases not complete whose dependencies are all complete, in plan order (what can start now), the phases that
 * still wait and for what, and the complete ones. The first phase of each id counts; a dependency on a phase the plan
 * does not have is never complete.
 */
export function readyPhasesAnswer(plan: PlanInput) {
  const { model } = plan;
  const progress = progressOf(model, plan.status);
  const first = new Map<string, PlanModel['phases'][number]>();
  for (const p of model.phases) if (!first.has(p.id)) first.set(p.id, p);
  const state = new Map([...first.values()].map((p) => [p.id, progress(p).state]));
  const ready: ReadyPhase[] = [];
  const blocked: BlockedPhase[] = [];
  const complete: string[] = [];
  for (const p of first.values()) {
    const s = state.get(p.id)!;
    if (s === 'complete') {
      complete.push(p.id);
      continue;
    }
    const dependsOn = p.dependencies?.dependsOn ?? [];
    const waitingFor = dependsOn
      .filter((d) => state.get(d) !== 'complete')
      .map((d) => ({ id: d, state: (state.get(d) ?? 'unknown') as BlockedPhase['waitingFor'][number]['state'] }));
    const line = p.heading.start.line + 1;
    if (waitingFor.length) blocked.push({ id: p.id, title: p.title, line, waitingFor });
    else ready.push({ id: p.id, title: p.title, line, state: s, dependsOn });
  }
  const structured = { path: plan.path, ready, blocked, complete };
  const lines: string[] = [];
  if (!first.size) lines.push(`${plan.path}: the plan has no phases.`);
  else if (!ready.length) lines.push(`${plan.path}: no phase can start now${complete.length === first.size ? ': every phase is complete' : ''}.`);
  else {
    lines.push(`${plan.path}: ${plural(ready.length, 'phase')} ready to start (all dependencies complete), in plan order:`);
    for (const r of ready) lines.push(`  Phase ${r.id}: ${r.title || '(untitled)'} (line ${r.line})${r.state === 'in-progress' ? ' already in progress' : ''}${r.dependsOn.length ? `; after ${r.dependsOn.join(', ')}` : ''}`);
  }
  if (blocked.length) {
    lines.push('', 'Waiting:');
    for (const b of blocked) lines.push(`  Phase ${b.id}: ${b.title || '(untitled)'} waits for ${b.waitingFor.map((w) => (w.state === 'unknown' ? `${w.id} (no such phase)` : `${w.id} (${w.state})`)).join(', ')}`);
  }
  if (complete.length) lines.push('', `Complete: ${complete.join(', ')}`);
  return { text: lines.join('\n'), structured };
}

// ---------------------------------------------------------------------------------------------------------------
// new_plan

export interface NewPlanInput {
  template: PresetId;
  title: string;
  /** The plan's number (`0042`): fills the ID field and names the file. */
  number?: string;
  /** `YYYY-MM-DD`; today when absent. */
  date?: string;
  /** Markdown for the specification line, e.g. a link. */
  specification?: string;
}

export function newPlanAnswer(lib: OperationsLib, input: NewPlanInput) {
  const preset = lib.getPreset(input.template);
  const date = input.date ?? localDate();
  const planText = fillTemplate(preset.template, { title: input.title.trim(), id: input.number, date, specLink: input.specification });
  const left = new Set<string>();
  PLACEHOLDER.lastIndex = 0;
  for (let m = PLACEHOLDER.exec(planText); m; m = PLACEHOLDER.exec(planText)) if (!/^[ xX]$/.test(m[1]) && !m[1].startsWith('^')) left.add(m[0]);
  const fileName = input.number !== undefined ? planFileName(input.number, input.title) : null;
  const structured = { template: preset.id, templateLabel: preset.label, title: input.title.trim(), fileName, text: planText, placeholders: [...left] };
  const lines = [`A new plan from the template "${preset.label}"${fileName ? ` (suggested file name: ${fileName})` : ''}. Nothing was written: save it yourself, then replace the ${plural(left.size, 'remaining placeholder')} and run check_plan on it.`];
  if (left.size) lines.push(`Placeholders left: ${[...left].join(', ')}`);
  lines.push('', planText);
  const text = lines.join('\n');
  return { text, structured };
}

// ---------------------------------------------------------------------------------------------------------------
// explain_rule

export function explainRuleAnswer(lib: OperationsLib, code: string) {
  const r = lib.RULES.find((x) => x.code === code);
  if (!r) {
    const near = lib.RULES.find((x) => x.code.includes(code) || code.includes(x.code));
    throw new Error(`unknown rule "${code}"${near ? ` (did you mean "${near.code}"?)` : ''}; the rules are ${lib.RULES.map((x) => x.code).join(', ')}`);
  }
  const structured = { code: r.code, severity: r.severity, description: r.description, why: r.doc.why, bad: r.doc.bad, good: r.doc.good };
  const fence = (s: string) => `\`\`\`\`markdown\n${s.replace(/\n$/, '')}\n\`\`\`\``;
  const text = `${r.code} (default severity ${r.severity})\n${r.description}\n\nWhy: ${r.doc.why}\n\nBad (triggers ${r.code}):\n${fence(r.doc.bad)}\n\nGood (the same, repaired):\n${fence(r.doc.good)}`;
  return { text, structured };
}
