// One model per document version, shared by every feature. Features ask the cache; none calls the parser.
// Edits are debounced: `onDidChange` fires once the typing pauses, with the model of the latest version.
import * as vscode from 'vscode';
import * as path from 'path';
import type { PlanModel } from '../model/types';
import type { Finding, StatusInfo } from '../checks/types';
import { Disposable } from './dispose';
import { loadModel } from './modelLoader';
import { editorFileSystem, workspaceRoots } from './fileSystem';
import { onDidChangeSettings, settings } from './config';
import { isPlanDocument, textGuard } from '../model/planText';

export interface PlanEntry {
  uri: vscode.Uri;
  version: number;
  model: PlanModel;
  /** Set when the document is over `planAuthor.maxFileSize` or not text: no live checking. */
  guard?: string;
  status?: StatusInfo;
}

const DEBOUNCE_MS = 300;
/** Above this many characters a plan is parsed in slices (see parseInBackground). */
const ASYNC_PARSE_CHARS = 150_000;
/** Where plans live: disks, remotes, and the file systems of VS Code for the Web (vscode.dev / github.dev, test-web);
 * not the read-only copies of diff views (git) or output channels. */
const PLAN_SCHEMES = new Set(['file', 'untitled', 'vscode-remote', 'vscode-vfs', 'vscode-test-web', 'memfs']);

export class PlanCache extends Disposable {
  private readonly entries = new Map<string, PlanEntry>();
  private readonly findingsByEntry = new WeakMap<PlanEntry, Finding[]>();
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>();
  private readonly statusByPlan = new Map<string, StatusInfo | undefined>();
  private readonly _onDidChange = this._register(new vscode.EventEmitter<PlanEntry>());
  private readonly _onDidClose = this._register(new vscode.EventEmitter<vscode.Uri>());
  /** Fires when a plan was opened, or its text settled after an edit, or its status file changed. */
  readonly onDidChange = this._onDidChange.event;
  readonly onDidClose = this._onDidClose.event;
  /** Number of parses done (each document version is parsed once). */
  parseCount = 0;

  constructor() {
    super();
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
        if (this.entries.delete(key)) this._onDidClose.fire(d.uri);
      }),
    );
    this._register(
      onDidChangeSettings(() => {
        this.entries.clear();
        for (const d of vscode.workspace.textDocuments) this.announce(d);
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
    // Plans already open when the extension starts have had their open event: read their status files now.
    for (const d of vscode.workspace.textDocuments) if (this.isPlan(d)) void this.refreshStatus(d);
  }

  /** Markdown that matches `planAuthor.planGlobs`, or whose first heading starts `# Plan`. */
  isPlan(doc: vscode.TextDocument): boolean {
    if (doc.languageId !== 'markdown') return false;
    if (!PLAN_SCHEMES.has(doc.uri.scheme)) return false;
    const matchesGlobs = settings().planGlobs.some((pattern) => vscode.languages.match({ language: 'markdown', pattern }, doc) > 0);
    return isPlanDocument(matchesGlobs, () => doc.getText(new vscode.Range(0, 0, Math.min(doc.lineCount, 40), 0)));
  }

  /** The model of the document's current version, parsed now if this version was not parsed yet. */
  get(doc: vscode.TextDocument): PlanEntry | undefined {
    if (!this.isPlan(doc)) return undefined;
    const key = doc.uri.toString();
    const old = this.entries.get(key);
    if (old && old.version === doc.version) return old;
    if (doc.getText().length > ASYNC_PARSE_CHARS && !this.sizeGuard(doc.getText())) {
      // A large plan is parsed in slices, giving the thread back between chunks; until it is done, the features
      // see the previous version (or nothing yet) and are told through onDidChange when the new one is ready.
      this.parseInBackground(doc, old);
      return old;
    }
    const entry = this.parse(doc, old);
    this.entries.set(key, entry);
    return entry;
  }

  private readonly inFlight = new Map<string, number>();

  private parseInBackground(doc: vscode.TextDocument, old: PlanEntry | undefined) {
    const key = doc.uri.toString();
    const version = doc.version;
    if (this.inFlight.get(key) === version) return;
    this.inFlight.set(key, version);
    const lib = loadModel();
    const preset = settings().preset;
    void lib
      .parsePlanAsync(doc.getText(), { preset, previous: old?.model, isCancelled: () => doc.isClosed || doc.version !== version })
      .then((model) => {
        if (this.inFlight.get(key) === version) this.inFlight.delete(key);
        if (!model || doc.isClosed || doc.version !== version) return;
        this.parseCount++;
        const entry: PlanEntry = { uri: doc.uri, version, model, status: this.statusByPlan.get(key) };
        this.entries.set(key, entry);
        this._onDidChange.fire(entry);
      });
  }

  private sizeGuard(text: string): string | undefined {
    // Bytes (UTF-8), as on disk and in the CLI.
    const guard = textGuard(text, settings().maxFileSize);
    if (guard?.why === 'too-big') {
      return `This plan is ${(guard.bytes / 1e6).toFixed(1)} MB, over planAuthor.maxFileSize (${(guard.maxBytes / 1e6).toFixed(1)} MB): live checking is off for it.`;
    }
    if (guard?.why === 'binary') return 'This file holds binary data (NUL bytes): Plan Author does not check it.';
    return undefined;
  }

  /** The findings of the document's current version (computed once per version). */
  findings(doc: vscode.TextDocument): Finding[] {
    const entry = this.get(doc);
    if (!entry) return [];
    let f = this.findingsByEntry.get(entry);
    if (!f) {
      f = this.computeFindings(doc, entry);
      this.findingsByEntry.set(entry, f);
    }
    return f;
  }

  /** The plan in the active editor, if any. */
  active(): { doc: vscode.TextDocument; entry: PlanEntry } | undefined {
    const doc = vscode.window.activeTextEditor?.document;
    const entry = doc && this.get(doc);
    return doc && entry ? { doc, entry } : undefined;
  }

  private computeFindings(doc: vscode.TextDocument, entry: PlanEntry): Finding[] {
    if (entry.guard) return [];
    const lib = loadModel();
    return lib.checkPlan(entry.model, {
      fileName: path.basename(doc.uri.path),
      status: entry.status,
      rules: settings().rules,
      text: doc.getText(),
    });
  }

  private parse(doc: vscode.TextDocument, old: PlanEntry | undefined): PlanEntry {
    const lib = loadModel();
    const text = doc.getText();
    const preset = settings().preset;
    const guard = this.sizeGuard(text);
    this.parseCount++;
    const model = guard ? lib.parsePlan('', { preset }) : lib.parsePlan(text, { preset, previous: old?.model });
    const entry: PlanEntry = { uri: doc.uri, version: doc.version, model, guard, status: this.statusByPlan.get(doc.uri.toString()) };
    return entry;
  }

  private announce(doc: vscode.TextDocument) {
    const entry = this.get(doc);
    if (!entry) return;
    this._onDidChange.fire(entry);
    if (!this.statusByPlan.has(doc.uri.toString())) void this.refreshStatus(doc);
  }

  private schedule(doc: vscode.TextDocument) {
    const key = doc.uri.toString();
    clearTimeout(this.timers.get(key));
    this.timers.set(
      key,
      setTimeout(() => {
        this.timers.delete(key);
        if (doc.isClosed) return;
        const entry = this.get(doc);
        if (entry) this._onDidChange.fire(entry);
      }, DEBOUNCE_MS),
    );
  }

  /** Reads the `status.yaml` that belongs to the plan, if any, and re-announces the plan when it changed. */
  private async refreshStatus(doc: vscode.TextDocument) {
    const key = doc.uri.toString();
    const found = doc.uri.scheme === 'untitled' ? undefined : await findStatus(doc.uri);
    const before = this.statusByPlan.get(key);
    this.statusByPlan.set(key, found);
    if (JSON.stringify(before) === JSON.stringify(found)) return;
    const entry = this.entries.get(key);
    if (entry && !doc.isClosed) {
      const next = { ...entry, status: found };
      this.entries.set(key, next);
      this._onDidChange.fire(next);
    }
  }
}

/** The `status.yaml` that belongs to the plan at `uri`, if any, read safely (see model/files.ts). */
export async function findStatus(uri: vscode.Uri): Promise<StatusInfo | undefined> {
  const lib = loadModel();
  return lib.findStatusFile(editorFileSystem(uri), uri.path, { roots: workspaceRoots() });
}
