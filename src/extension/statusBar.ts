// "Plan: 5 phases · 40% · 2 problems" while a plan is active; a click focuses the Phases view.
import * as vscode from 'vscode';
import type { PlanCache } from './planCache';
import type { PlanModel } from '../model/types';
import type { StatusInfo } from '../checks/types';

/** Progress of the plan: status.yaml when present, else the phases' checkboxes. */
export function planProgress(model: PlanModel, status?: StatusInfo): number | undefined {
  if (status?.phases.length) {
    const done = status.phases.filter((p) => p.status === 'complete').length;
    return Math.round((done / status.phases.length) * 100);
  }
  const boxes = model.phases.flatMap((p) => p.checkboxes);
  if (!boxes.length) return undefined;
  return Math.round((boxes.filter((b) => b.checked).length / boxes.length) * 100);
}

export function statusText(model: PlanModel, problems: number, status?: StatusInfo): string {
  const n = model.phases.length;
  const parts = [n ? `${n} phase${n === 1 ? '' : 's'}` : model.steps.length ? `${model.steps.length} step${model.steps.length === 1 ? '' : 's'}` : 'no phases'];
  const progress = planProgress(model, status);
  if (progress !== undefined) parts.push(`${progress}%`);
  parts.push(problems === 0 ? 'no problems' : `${problems} problem${problems === 1 ? '' : 's'}`);
  return `$(list-tree) Plan: ${parts.join(' · ')}`;
}

export function registerStatusBar(cache: PlanCache): vscode.Disposable & { item: vscode.StatusBarItem } {
  const item = vscode.window.createStatusBarItem('planAuthor.status', vscode.StatusBarAlignment.Left, 50);
  item.name = 'Plan Author';
  item.command = 'planAuthor.phases.focus';
  const refresh = () => {
    const active = cache.active();
    if (!active) {
      item.hide();
      return;
    }
    const { doc, entry } = active;
    if (entry.guard) {
      item.text = '$(list-tree) Plan: not checked';
      item.tooltip = entry.guard;
    } else {
      const problems = cache.findings(doc).length;
      item.text = statusText(entry.model, problems, entry.status);
      item.tooltip = `${entry.model.title?.text ?? 'Plan'} (${entry.model.preset} preset) — click to show the phases`;
    }
    item.show();
  };
  const subs = vscode.Disposable.from(
    item,
    vscode.window.onDidChangeActiveTextEditor(refresh),
    cache.onDidChange((e) => {
      if (vscode.window.activeTextEditor?.document.uri.toString() === e.uri.toString()) refresh();
    }),
  );
  refresh();
  return Object.assign(subs, { item });
}
