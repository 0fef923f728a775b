// Quick fixes for plan-author diagnostics, "Fix all" (per code and source.fixAll), and the two regenerate commands
// (Dependency Map, phases JSON), also offered as refactorings when the cursor is in those sections.
// Findings come from the cache for the document's current version; a diagnostic is matched to its finding by code
// and range, so a diagnostic of an older version gets no fix.
import * as vscode from 'vscode';
import type { TextEdit } from '../checks/types';
import type { PlanModel, Range } from '../model/types';
import { fixAll } from '../checks/applyEdits';
import type { PlanCache } from './planCache';
import { contains, fromPosition, toRange } from './convert';
import { loadModel } from './modelLoader';

export const FIX_ALL_KIND = vscode.CodeActionKind.SourceFixAll.append('planAuthor');
export const REGENERATE_KIND = vscode.CodeActionKind.RefactorRewrite.append('planAuthor');

function codeOf(d: vscode.Diagnostic): string | undefined {
  const c = d.code;
  if (c === undefined) return undefined;
  return typeof c === 'object' ? String(c.value) : String(c);
}

function toWorkspaceEdit(doc: vscode.TextDocument, edits: TextEdit[]): vscode.WorkspaceEdit {
  const we = new vscode.WorkspaceEdit();
  // Positions past a line's end (or the last line) are clamped, as the model's inserts expect.
  for (const e of edits) we.replace(doc.uri, doc.validateRange(toRange(e.range)), e.newText);
  return we;
}

function sameRange(doc: vscode.TextDocument, a: vscode.Range, b: Range): boolean {
  return doc.validateRange(a).isEqual(doc.validateRange(toRange(b)));
}

/** Where the regenerated Dependency Map goes: its block's content, or a new section after the phases. */
export function dependencyMapEdit(model: PlanModel, text: string): { title: string; edit: TextEdit } | undefined {
  const lib = loadModel();
  if (!model.phases.length) return undefined;
  const drawing = lib.renderDependencyMap(model);
  const map = model.dependencyMap;
  if (map) {
    const block = model.codeBlocks.find((b) => b.range.start.line === map.range.start.line);
    const edit = block ? { range: block.contentRange, newText: drawing } : { range: map.range, newText: `\`\`\`\n${drawing}\n\`\`\`` };
    return { title: 'Regenerate the Dependency Map from the Dependencies lines', edit };
  }
  const last = model.phases[model.phases.length - 1];
  const section = model.sections.find((s) => s.range.start.line <= last.heading.start.line && s.range.end.line >= last.heading.start.line && s.level < last.level);
  const end = (section ?? last).range.end.line;
  return { title: 'Add a Dependency Map generated from the Dependencies lines', edit: insertSection(text, end, `## Dependency Map\n\n\`\`\`\n${drawing}\n\`\`\`\n`) };
}

/** Where the regenerated phases JSON goes: its block's content, or a new section before the phases. */
export function phasesJsonEdit(model: PlanModel, text: string): { title: string; edit: TextEdit } | undefined {
  const lib = loadModel();
  if (!model.phases.length) return undefined;
  const json = lib.renderPhasesJson(model);
  const pj = model.phasesJson;
  const block = pj?.range && model.codeBlocks.find((b) => b.range.start.line === pj.range!.start.line);
  if (block) return { title: 'Regenerate the phases JSON from the phase headings', edit: { range: block.contentRange, newText: json } };
  const body = `\`\`\`json\n${json}\n\`\`\`\n`;
  if (pj) return { title: 'Add the phases JSON generated from the phase headings', edit: insertSection(text, pj.sectionRange.start.line, body) };
  const breakdown = model.sections.find((s) => /^phase breakdown$/i.test(s.title));
  const line = breakdown?.heading.start.line ?? model.phases[0].heading.start.line;
  const at = { line, character: 0 };
  return {
    title: 'Add the phases JSON generated from the phase headings',
    edit: { range: { start: at, end: at }, newText: `## Phases (Machine Readable)\n\n${body}\n` },
  };
}

/** An insertion of `block` after line `after` (blank lines before it skipped), with one blank line on each side. */
function insertSection(text: string, after: number, block: string): TextEdit {
  const lines = text.split(/\r?\n/);
  let last = Math.min(after, lines.length - 1);
  while (last > 0 && lines[last].trim() === '') last--;
  if (last + 1 >= lines.length) {
    const at = { line: last, character: Number.MAX_SAFE_INTEGER };
    return { range: { start: at, end: at }, newText: `\n\n${block.replace(/\n$/, '')}` };
  }
  const at = { line: last + 1, character: 0 };
  return { range: { start: at, end: at }, newText: `\n${block}${lines[last + 1].trim() === '' ? '' : '\n'}` };
}

export class PlanCodeActionProvider implements vscode.CodeActionProvider {
  static readonly metadata: vscode.CodeActionProviderMetadata = {
    providedCodeActionKinds: [vscode.CodeActionKind.QuickFix, FIX_ALL_KIND, REGENERATE_KIND],
  };

  constructor(private readonly cache: PlanCache) {}

  async provideCodeActions(doc: vscode.TextDocument, range: vscode.Range | vscode.Selection, context: vscode.CodeActionContext): Promise<vscode.CodeAction[]> {
    // Edits are made against the document's current version: wait for it to be checked.
    const entry = await this.cache.current(doc);
    if (!entry || entry.guard) return [];
    const findings = entry.findings;
    const only = context.only;
    const wants = (kind: vscode.CodeActionKind) => !only || only.contains(kind) || kind.contains(only);
    const out: vscode.CodeAction[] = [];
    const text = doc.getText();

    if (wants(vscode.CodeActionKind.QuickFix)) {
      const codesHere = new Map<string, vscode.Diagnostic[]>();
      for (const d of context.diagnostics) {
        if (d.source !== 'plan-author') continue;
        const code = codeOf(d);
        if (!code) continue;
        const finding = findings.find((f) => f.code === code && sameRange(doc, d.range, f.range) && f.message === d.message);
        if (!finding?.fixes?.length) continue;
        for (const fix of finding.fixes) {
          const action = new vscode.CodeAction(fix.title, vscode.CodeActionKind.QuickFix);
          action.edit = toWorkspaceEdit(doc, fix.edits);
          action.isPreferred = !!fix.preferred;
          action.diagnostics = [d];
          out.push(action);
        }
        codesHere.set(code, [...(codesHere.get(code) ?? []), d]);
      }
      for (const [code, diags] of codesHere) {
        const all = fixAll(text, findings, code);
        if (all.fixes.length < 2) continue;
        const action = new vscode.CodeAction(`Fix all "${code}" problems in this file`, vscode.CodeActionKind.QuickFix);
        action.edit = toWorkspaceEdit(doc, all.edits);
        action.diagnostics = diags;
        out.push(action);
      }
    }

    if (only && wants(FIX_ALL_KIND)) {
      const all = fixAll(text, findings);
      if (all.edits.length) {
        const action = new vscode.CodeAction('Fix all auto-fixable Plan Author problems', FIX_ALL_KIND);
        action.edit = toWorkspaceEdit(doc, all.edits);
        out.push(action);
      }
    }

    if (wants(REGENERATE_KIND)) {
      const p = fromPosition(range.start);
      const model = entry.model;
      if (model.dependencyMap && contains(model.dependencyMap.sectionRange, p)) {
        const r = dependencyMapEdit(model, text);
        if (r) out.push(this.refactor(doc, r));
      }
      if (model.phasesJson && contains(model.phasesJson.sectionRange, p)) {
        const r = phasesJsonEdit(model, text);
        if (r) out.push(this.refactor(doc, r));
      }
    }
    return out;
  }

  private refactor(doc: vscode.TextDocument, r: { title: string; edit: TextEdit }): vscode.CodeAction {
    const action = new vscode.CodeAction(r.title, REGENERATE_KIND);
    action.edit = toWorkspaceEdit(doc, [r.edit]);
    return action;
  }
}

/** Runs a regenerate command on the given document (or the active editor's). */
/** Regenerate Dependency Map / Regenerate Phases JSON, on the plan at `uri` or the active one. */
export async function regenerate(cache: PlanCache, which: 'map' | 'json', uri?: vscode.Uri): Promise<boolean> {
  const doc = uri instanceof vscode.Uri ? await vscode.workspace.openTextDocument(uri) : vscode.window.activeTextEditor?.document;
  const entry = doc && (await cache.current(doc));
  if (!doc || !entry) {
    void vscode.window.showInformationMessage('Plan Author: open a plan first.');
    return false;
  }
  const r = which === 'map' ? dependencyMapEdit(entry.model, doc.getText()) : phasesJsonEdit(entry.model, doc.getText());
  if (!r) {
    void vscode.window.showInformationMessage('Plan Author: this plan has no phases to draw from.');
    return false;
  }
  return vscode.workspace.applyEdit(toWorkspaceEdit(doc, [r.edit]));
}

export function registerCodeActions(cache: PlanCache): vscode.Disposable {
  return vscode.languages.registerCodeActionsProvider({ language: 'markdown' }, new PlanCodeActionProvider(cache), PlanCodeActionProvider.metadata);
}
