// Findings → a DiagnosticCollection: kept current on open, on (debounced) change and on close; plans in the
// workspace that are not open are checked in the background after start-up.
import * as vscode from 'vscode';
import * as path from 'path';
import type { Finding } from '../checks/types';
import { findStatus, type PlanCache } from './planCache';
import { editorFileSystem, workspaceRoots } from './fileSystem';
import { toRange } from './convert';
import { loadModel } from './modelLoader';
import { settings } from './config';

const SEVERITY: Record<Finding['severity'], vscode.DiagnosticSeverity> = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  information: vscode.DiagnosticSeverity.Information,
};

export function toDiagnostic(f: Finding, uri: vscode.Uri, docsUri: vscode.Uri): vscode.Diagnostic {
  const d = new vscode.Diagnostic(toRange(f.range), f.message, SEVERITY[f.severity]);
  d.source = 'plan-author';
  d.code = { value: f.code, target: docsUri.with({ fragment: f.code }) };
  if (f.related?.length) d.relatedInformation = f.related.map((r) => new vscode.DiagnosticRelatedInformation(new vscode.Location(uri, toRange(r.range)), r.message));
  return d;
}

export function registerDiagnostics(context: vscode.ExtensionContext, cache: PlanCache): vscode.Disposable {
  const collection = vscode.languages.createDiagnosticCollection('plan-author');
  const docsUri = vscode.Uri.joinPath(context.extensionUri, 'docs', 'rules.md');

  const update = (doc: vscode.TextDocument) => {
    const entry = cache.get(doc);
    if (!entry) {
      collection.delete(doc.uri);
      return;
    }
    const findings = entry.findings.map((f) => toDiagnostic(f, doc.uri, docsUri));
    if (entry.guard) {
      // Not checked live (too big, binary, too large or too slow to check): one note says why, before what was found.
      const d = new vscode.Diagnostic(new vscode.Range(0, 0, 0, 0), entry.guard, vscode.DiagnosticSeverity.Information);
      d.source = 'plan-author';
      d.code = 'size-guard';
      findings.unshift(d);
    }
    collection.set(doc.uri, findings);
  };

  const byUri = (uri: vscode.Uri) => vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
  const subs: vscode.Disposable[] = [
    collection,
    cache.onDidChange((e) => {
      const doc = byUri(e.uri);
      if (doc) update(doc);
    }),
    cache.onDidClose((uri) => {
      // A closed plan keeps the findings of the background check of its file on disk.
      collection.delete(uri);
      void checkFile(uri);
    }),
  ];
  for (const doc of vscode.workspace.textDocuments) update(doc);

  // Background check of every plan in the workspace, a file at a time, yielding between files.
  const checkFile = async (uri: vscode.Uri) => {
    if (byUri(uri)) return;
    try {
      const cfg = settings();
      // Stat first: only a regular file under the size limit, a link only into the workspace (model/files.ts).
      const read = await loadModel().readTextFile(editorFileSystem(uri), uri.path, { maxBytes: cfg.maxFileSize, roots: workspaceRoots() });
      if (!read.ok) return;
      const text = read.text;
      const status = await findStatus(uri);
      // Parsed and checked off the editor's thread; found by planGlobs, so checked only when it reads as a plan, as
      // the CLI does with markdown found below a folder.
      const job = { key: `background:${uri.toString()}`, text, preset: cfg.preset, fileName: path.basename(uri.path), rules: cfg.rules, status, keep: false, onlyIfPlan: true };
      const outcome = await cache.engine.run(job);
      if (outcome.kind !== 'done' || !outcome.result.isPlan || byUri(uri)) return;
      collection.set(uri, outcome.result.findings.map((f) => toDiagnostic(f, uri, docsUri)));
    } catch {
      // Unreadable file: nothing to report.
    }
  };
  const timer = setTimeout(async () => {
    for (const glob of settings().planGlobs) {
      const files = await vscode.workspace.findFiles(glob, '**/node_modules/**', 500);
      for (const uri of files) {
        await new Promise((r) => setTimeout(r, 0));
        await checkFile(uri);
      }
    }
  }, 1500);
  subs.push({ dispose: () => clearTimeout(timer) });
  return vscode.Disposable.from(...subs);
}
