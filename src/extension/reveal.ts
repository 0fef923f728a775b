// Putting the cursor on a phase, or on any range of a plan: one implementation for the Phases tree, its commands,
// CodeLenses and the graph panel.
import * as vscode from 'vscode';
import * as path from 'path';
import type { PlanCache } from './planCache';
import { toRange } from './convert';

/** A URI given as a command argument: a Uri, its string, or its JSON form (as a webview or a link sends it). */
export function asUri(u: unknown): vscode.Uri | undefined {
  if (u instanceof vscode.Uri) return u;
  if (typeof u === 'string') return vscode.Uri.parse(u);
  if (u && typeof u === 'object' && 'scheme' in u && 'path' in u) return vscode.Uri.from(u as vscode.Uri);
  return undefined;
}

export interface RevealOptions {
  preserveFocus?: boolean;
  /** Where to open the plan when no editor shows it yet (default: the active editor group). */
  column?: vscode.ViewColumn;
}

/** Opens the plan (in the editor already showing it, if any) and puts the cursor at the start of `range`. */
export async function revealRange(uri: vscode.Uri, range: vscode.Range, options: RevealOptions = {}): Promise<vscode.TextEditor> {
  const shown = vscode.window.visibleTextEditors.find((e) => e.document.uri.toString() === uri.toString());
  const doc = shown?.document ?? (await vscode.workspace.openTextDocument(uri));
  const editor = await vscode.window.showTextDocument(doc, { viewColumn: shown?.viewColumn ?? options.column, preserveFocus: !!options.preserveFocus, preview: false });
  const at = range.start;
  editor.selection = new vscode.Selection(at, at);
  editor.revealRange(range, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
  return editor;
}

/**
 * Puts the cursor on the heading of phase `id` of the plan at `uri` (`2`, `Phase 2`, `phase_2`; a step's id in a
 * plan of steps, or when `kind` is `step`). Says so when the plan has no such phase.
 */
export async function revealPhase(cache: PlanCache, uri: vscode.Uri, id: string, options: RevealOptions & { kind?: 'step' } = {}): Promise<vscode.TextEditor | undefined> {
  const doc = await vscode.workspace.openTextDocument(uri);
  const entry = await cache.current(doc);
  if (!entry) return undefined;
  const wanted = String(id).toLowerCase().replace(/^phase[\s_-]*/, '');
  const { phases, steps } = entry.model;
  const target = options.kind === 'step' ? steps.find((s) => s.id === wanted) : (phases.find((p) => p.id === wanted) ?? (phases.length ? undefined : steps.find((s) => s.id === wanted)));
  if (!target) {
    void vscode.window.showWarningMessage(`Phase ${id} is not in ${path.posix.basename(uri.path)}.`);
    return undefined;
  }
  return revealRange(uri, toRange(target.heading), options);
}
