// One model per document version, shared by every feature. Features ask the cache; none calls the parser.
// Edits are debounced: `onDidChange` fires once the typing pauses, with the model of the latest version.
import * as vscode from 'vscode';
import * as path from 'path';
import type { PlanModel, PresetId } from '../model/types';
import type { Finding, StatusInfo } from '../checks/types';
import { Disposable } from './dispose';
import { loadModel } from './modelLoader';
import { createCheckEngine } from './checkEngine';
import type { CheckEngine, JobOutcome } from '../engine/planJob';
import { editorFileSystem, workspaceRoots } from './fileSystem';
import { onDidChangeSettings, settings } from './config';
import { isPlanDocument, textGuard } from '../model/planText';

export interface PlanEntry {
  uri: vscode.Uri;
  version: number;
  model: PlanModel;
  /** The findings of this version (checked with the model, away from the editor's thread). */
  findings: Finding[];
  /** Set when this version is not checked live (over `planAuthor.maxFileSize`, binary, too large or too slow to
   * check): one information diagnostic says why; the model is then empty. */
  guard?: string;
  status?: StatusInfo;
}

const DEBOUNCE_MS = 300;
/** Where plans live: disks, remotes, and the file systems of VS Code for the Web (vscode.dev / github.dev, test-web);
 * not the read-only copies of diff views (git) or output channels. */
const PLAN_SCHEMES = new Set(['file', 'untitled', 'vscode-remote', 'vscode-vfs', 'vscode-test-web', 'memfs']);

interface Pending {
  version: number;
  done: Promise<PlanEntry | undefined>;
}

export class PlanCache extends Disposable {
  /** The newest checked version of each open plan (which may be older than the document while a check runs). */
  private readonly entries = new Map<string, PlanEntry>();
  /** The version of each plan being checked now, and the promise of its entry. */
  private readonly pending = new Map<string, Pending>();
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>();
  private readonly statusByPlan = new Map<string, StatusInfo | undefined>();
  private readonly _onDidChange = this._register(new vscode.EventEmitter<PlanEntry>());
  private readonly _onDidClose = this._register(new vscode.EventEmitter<vscode.Uri>());
  /** Where plans are parsed and checked, away from the editor's thread (a worker thread, a web worker). */
  readonly engine: CheckEngine;
  /** Fires when a version of an open plan has been checked (opened, edited, its status file or settings changed). */
  readonly onDidChange = this._onDidChange.event;
  readonly onDidClose = this._onDidClose.event;
  /** Number of versions parsed and checked (each document version once). */
  parseCount = 0;
  /** Bumped when settings change: results of checks started before are dropped. */
  private epoch = 0;

  constructor(engine: CheckEngine = createCheckEngine()) {
    super();
    this.engine = engine;
    this._register({ dispose: () => this.engine.dispose() });
    this._register(vscode.workspace.onDidOpenTextDocument((d) => this.announce(d)));
    this._register(
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (e.contentChanges.length === 0 || !this.isPlan(e.document)) return;
        this.schedule(e.document);
      }),
    );
    this._register(
      vscode.workspace.onDidCloseTextDocument((d) => {
        const key = d.uri.toString();
        clearTimeout(this.timers.get(key));
        this.timers.delete(key);
        this.pending.delete(key);
        this.engine.forget(key);
        if (this.entries.delete(key)) this._onDidClose.fire(d.uri);
      }),
    );
    this._register(
      onDidChangeSettings(() => {
        // Every open plan is checked again with the new settings; until then the features keep its last version.
        this.epoch++;
        this.pending.clear();
        for (const d of vscode.workspace.textDocuments) {
          if (this.isPlan(d)) void this.request(d, true);
          else this.entries.delete(d.uri.toString());
        }
      }),
    );
    const watcher = this._register(vscode.workspace.createFileSystemWatcher('**/*status.yaml'));
    const statusChanged = () => {
      this.statusByPlan.clear();
      for (const d of vscode.workspace.textDocuments) if (this.entries.has(d.uri.toString())) void this.refreshStatus(d);
    };
    this._register(watcher.onDidChange(statusChanged));
    this._register(watcher.onDidCreate(statusChanged));
    this._register(watcher.onDidDelete(statusChanged));
    // Plans already open when the extension starts have had their open event: check them and read their status now.
    for (const d of vscode.workspace.textDocuments) this.announce(d);
  }

  /** Markdown that matches `planAuthor.planGlobs`, or whose first heading starts `# Plan`. */
  isPlan(doc: vscode.TextDocument): boolean {
    if (doc.languageId !== 'markdown') return false;
    if (!PLAN_SCHEMES.has(doc.uri.scheme)) return false;
    const matchesGlobs = settings().planGlobs.some((pattern) => vscode.languages.match({ language: 'markdown', pattern }, doc) > 0);
    return isPlanDocument(matchesGlobs, () => doc.getText(new vscode.Range(0, 0, Math.min(doc.lineCount, 40), 0)));
  }

  /**
   * The newest checked version of the plan, at once: the document's current version when it is done, else an
   * earlier one (or nothing yet) while the current one is checked; onDidChange fires when it is ready.
   */
  get(doc: vscode.TextDocument): PlanEntry | undefined {
    if (!this.isPlan(doc)) return undefined;
    const entry = this.entries.get(doc.uri.toString());
    if (entry?.version !== doc.version) void this.request(doc);
    return entry;
  }

  /** The entry of the document's current version, once it is checked (for commands and quick fixes, which edit it). */
  async current(doc: vscode.TextDocument): Promise<PlanEntry | undefined> {
    // A check replaced by another of the same version (its status file was read meanwhile, settings changed) or
    // overtaken by an edit is asked for again; a few rounds at most, then the newest checked version.
    for (let round = 0; round < 8; round++) {
      if (!this.isPlan(doc) || doc.isClosed) return undefined;
      const entry = await this.request(doc);
      if (entry && entry.version === doc.version) return entry;
    }
    return this.entries.get(doc.uri.toString());
  }

  /** The findings of the newest checked version. */
  findings(doc: vscode.TextDocument): Finding[] {
    return this.get(doc)?.findings ?? [];
  }

  /** The plan in the active editor, if any, with its newest checked version. */
  active(): { doc: vscode.TextDocument; entry: PlanEntry } | undefined {
    const doc = vscode.window.activeTextEditor?.document;
    const entry = doc && this.get(doc);
    return doc && entry ? { doc, entry } : undefined;
  }

  /** Checks the document's current version unless it is checked or being checked; resolves to its entry. */
  private request(doc: vscode.TextDocument, again = false): Promise<PlanEntry | undefined> {
    const key = doc.uri.toString();
    const version = doc.version;
    const have = this.entries.get(key);
    if (have?.version === version && !again) return Promise.resolve(have);
    const pending = this.pending.get(key);
    if (pending?.version === version && !again) return pending.done;
    // Recorded before the check starts: a check that ends at once (a size guard) finds itself and clears it.
    const record: Pending = { version, done: Promise.resolve(undefined) };
    this.pending.set(key, record);
    record.done = this.check(doc, version);
    return record.done;
  }

  private async check(doc: vscode.TextDocument, version: number): Promise<PlanEntry | undefined> {
    const key = doc.uri.toString();
    const epoch = this.epoch;
    const text = doc.getText();
    const status = this.statusByPlan.get(key);
    const fileName = path.basename(doc.uri.path);
    const cfg = settings();
    const guard = sizeGuard(text, cfg.maxFileSize);
    const outcome: JobOutcome = guard
      ? { kind: 'done', result: { model: emptyModel(cfg.preset), findings: [], isPlan: true } }
      : await this.engine.run({ key, text, preset: cfg.preset, fileName, rules: cfg.rules, status, keep: true });
    if (outcome.kind === 'superseded' || doc.isClosed || epoch !== this.epoch) return this.entries.get(key);
    if (this.pending.get(key)?.version === version) this.pending.delete(key);
    const have = this.entries.get(key);
    if (have && have.version > version) return have;
    this.parseCount++;
    const entry = entryOf(doc.uri, version, outcome, guard, status, cfg.preset);
    this.entries.set(key, entry);
    this._onDidChange.fire(entry);
    return entry;
  }

  private announce(doc: vscode.TextDocument) {
    if (!this.isPlan(doc)) return;
    void this.request(doc);
    if (!this.statusByPlan.has(doc.uri.toString())) void this.refreshStatus(doc);
  }

  private schedule(doc: vscode.TextDocument) {
    const key = doc.uri.toString();
    clearTimeout(this.timers.get(key));
    this.timers.set(
      key,
      setTimeout(() => {
        this.timers.delete(key);
        if (!doc.isClosed) void this.request(doc);
      }, DEBOUNCE_MS),
    );
  }

  /** Reads the `status.yaml` that belongs to the plan, if any, and checks the plan again when it changed. */
  private async refreshStatus(doc: vscode.TextDocument) {
    const key = doc.uri.toString();
    const found = doc.uri.scheme === 'untitled' ? undefined : await findStatus(doc.uri);
    const before = this.statusByPlan.get(key);
    this.statusByPlan.set(key, found);
    if (JSON.stringify(before) === JSON.stringify(found) || doc.isClosed) return;
    if (this.entries.has(key) || this.pending.has(key)) void this.request(doc, true);
  }
}

/** The `status.yaml` that belongs to the plan at `uri`, if any, read safely (see model/files.ts). */
export async function findStatus(uri: vscode.Uri): Promise<StatusInfo | undefined> {
  const lib = loadModel();
  return lib.findStatusFile(editorFileSystem(uri), uri.path, { roots: workspaceRoots() });
}

/** Why a text is not checked at all (over the size limit, binary), in bytes as on disk and in the CLI. */
function sizeGuard(text: string, maxFileSize: number): string | undefined {
  const guard = textGuard(text, maxFileSize);
  if (guard?.why === 'too-big') {
    return `This plan is ${(guard.bytes / 1e6).toFixed(1)} MB, over planAuthor.maxFileSize (${(guard.maxBytes / 1e6).toFixed(1)} MB): live checking is off for it.`;
  }
  if (guard?.why === 'binary') return 'This file holds binary data (NUL bytes): Plan Author does not check it.';
  return undefined;
}

/** The model of a plan that is not checked: nothing in it (what the features show for an empty document). */
function emptyModel(preset: PresetId | 'auto' | undefined): PlanModel {
  const none = { metadata: [], headings: [], sections: [], phases: [], steps: [], tables: [], risks: [], changeLog: [], checkboxes: [], codeBlocks: [], comments: [] };
  return preset && preset !== 'auto' ? { preset, presetSource: 'option', lineCount: 1, ...none } : { preset: 'generic', presetSource: 'detected', lineCount: 1, ...none };
}

/** The cache's entry for a job's outcome: the model and findings, or a guard that says why there are none. */
function entryOf(uri: vscode.Uri, version: number, outcome: Exclude<JobOutcome, { kind: 'superseded' }>, guard: string | undefined, status: StatusInfo | undefined, preset: PresetId | 'auto' | undefined): PlanEntry {
  const base = { uri, version, status };
  switch (outcome.kind) {
    case 'done':
      return { ...base, model: outcome.result.model, findings: outcome.result.findings, guard };
    case 'too-large':
      return {
        ...base,
        model: emptyModel(preset),
        findings: outcome.findings,
        guard:
          `This plan is too large to show live (${outcome.phases} phases; its model is ${(outcome.bytes / 1e6).toFixed(1)} MB): the phase tree, graph and quick fixes are off for it.` +
          (outcome.omitted ? ` The first ${outcome.findings.length} findings are shown, ${outcome.omitted} more are not; run \`plan-author check\` for all of them.` : ''),
      };
    case 'over-budget':
      return {
        ...base,
        model: emptyModel(preset),
        findings: [],
        guard: `Checking this plan took longer than ${Math.round(outcome.ms / 1000)} s, so Plan Author stopped: live checking is off for this version. On the command line, \`plan-author check --time-limit 0\` checks it without a time limit.`,
      };
    case 'failed':
      return { ...base, model: emptyModel(preset), findings: [], guard: `Plan Author could not check this plan: ${outcome.message}.` };
  }
}
