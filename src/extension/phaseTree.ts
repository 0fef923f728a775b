// The Phases view: the plan of the active editor as a tree (src/navigation/treeModel.ts), kept live on every settled edit, following
// the cursor; plus the navigation commands (go to phase, next / previous phase, reveal phase).
import * as vscode from 'vscode';
import * as path from 'path';
import type { PlanCache, PlanEntry } from './planCache';
import { toRange } from './convert';
import { COMMANDS } from './commandIds';
import { asUri, revealPhase, revealRange } from './reveal';
import { buildTree, itemAtLine, neighborItem, phaseLabel, progressText, phaseProgress, statusByPhase, walk, type ItemState, type Summary, type TreeNode } from '../navigation/treeModel';

export const VIEW_ID = 'planAuthor.phases';
export const IS_PLAN_CONTEXT = 'planAuthor.isPlan';

const ICONS: Record<ItemState, [string, string | undefined]> = {
  complete: ['pass-filled', 'testing.iconPassed'],
  'in-progress': ['pie-chart', 'charts.blue'],
  pending: ['circle-large-outline', undefined],
  cycle: ['sync', 'problemsWarningIcon.foreground'],
  error: ['error', 'problemsErrorIcon.foreground'],
};

const STATE_WORDS: Record<ItemState, string> = {
  complete: 'complete',
  'in-progress': 'in progress',
  pending: 'pending',
  cycle: 'on a dependency cycle',
  error: 'has errors',
};

/** Plan text shown as itself in markdown: every markdown punctuation character backslash-escaped. */
export function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!|<>~&]/g, '\\$&');
}

/** A tooltip or hover: the title in bold, then each line as plain text (escaped; no HTML, no command links). */
export function summaryMarkdown(s: Summary, extra?: string): vscode.MarkdownString {
  const md = new vscode.MarkdownString(undefined, false);
  md.supportHtml = false;
  md.isTrusted = false;
  md.appendMarkdown(`**${escapeMarkdown(s.title)}**`);
  if (extra) md.appendMarkdown(` ${escapeMarkdown(`(${extra})`)}`);
  for (const line of s.lines) md.appendMarkdown(`\n\n${escapeMarkdown(line)}`);
  return md;
}

export class PhaseTreeProvider implements vscode.TreeDataProvider<TreeNode> {
  private readonly _onDidChangeTreeData = new vscode.EventEmitter<TreeNode | undefined | void>();
  readonly onDidChangeTreeData = this._onDidChangeTreeData.event;
  private root: TreeNode | undefined;
  private parents = new Map<string, TreeNode>();
  /** The plan shown: the active editor's, else the last one shown while it stays open. */
  doc: vscode.TextDocument | undefined;
  private entry: PlanEntry | undefined;
  /** The view showing this provider (set by registerPhaseTree). */
  view: vscode.TreeView<TreeNode> | undefined;

  constructor(private readonly cache: PlanCache) {}

  /** Shows `doc` (or nothing) and rebuilds the tree from the cache's current model. */
  show(doc: vscode.TextDocument | undefined): void {
    // A plan not checked yet shows nothing until its check is done (update()).
    this.doc = doc && this.cache.isPlan(doc) ? doc : undefined;
    this.entry = this.doc && this.cache.get(this.doc);
    this.rebuild();
  }

  /** Rebuilds when `entry` is the plan shown (or when the shown plan was closed). */
  update(entry?: PlanEntry): void {
    if (entry && this.doc?.uri.toString() !== entry.uri.toString()) return;
    if (this.doc && this.doc.isClosed) this.doc = undefined;
    this.entry = this.doc && this.cache.get(this.doc);
    this.rebuild();
  }

  private rebuild() {
    const doc = this.doc;
    const entry = this.entry;
    if (!doc || !entry) {
      this.root = undefined;
    } else {
      this.root = buildTree({
        model: entry.model,
        status: entry.status,
        findings: entry.guard ? [] : this.cache.findings(doc),
        lineText: (l) => (l < doc.lineCount ? doc.lineAt(l).text : ''),
        key: doc.uri.toString(),
        fileName: path.posix.basename(doc.uri.path),
      });
      if (entry.guard) this.root = { ...this.root, label: path.posix.basename(doc.uri.path), description: 'not checked' };
    }
    this.parents.clear();
    if (this.root) for (const n of walk(this.root)) for (const c of n.children) this.parents.set(c.id, n);
    this._onDidChangeTreeData.fire();
  }

  get rootNode(): TreeNode | undefined {
    return this.root;
  }

  getChildren(element?: TreeNode): TreeNode[] {
    if (!element) return this.root ? [this.root] : [];
    return element.children;
  }

  getParent(element: TreeNode): TreeNode | undefined {
    return this.parents.get(element.id);
  }

  /** The node now holding this id (after a rebuild, the old objects are stale). */
  find(id: string): TreeNode | undefined {
    if (!this.root) return undefined;
    for (const n of walk(this.root)) if (n.id === id) return n;
    return undefined;
  }

  /** The phase (or step) item that holds the line. */
  itemAtLine(line: number): TreeNode | undefined {
    return this.root && itemAtLine(this.root, line);
  }

  neighbor(line: number, direction: 1 | -1): TreeNode | undefined {
    return this.root && neighborItem(this.root, line, direction);
  }

  getTreeItem(n: TreeNode): vscode.TreeItem {
    const state =
      n.children.length === 0
        ? vscode.TreeItemCollapsibleState.None
        : n.kind === 'plan'
          ? vscode.TreeItemCollapsibleState.Expanded
          : vscode.TreeItemCollapsibleState.Collapsed;
    const item = new vscode.TreeItem(n.row?.label ?? n.label, state);
    item.id = n.id;
    item.description = n.row ? n.row.description : n.description;
    item.contextValue = n.kind;
    const uri = this.doc?.uri;
    switch (n.kind) {
      case 'plan':
        item.iconPath = new vscode.ThemeIcon('list-tree');
        item.tooltip = n.description ? `${n.label} — ${n.description}` : n.label;
        break;
      case 'phase':
      case 'step': {
        const [icon, color] = ICONS[n.state ?? 'pending'];
        item.iconPath = new vscode.ThemeIcon(icon, color ? new vscode.ThemeColor(color) : undefined);
        if (n.tooltip) item.tooltip = summaryMarkdown(n.tooltip, STATE_WORDS[n.state ?? 'pending']);
        break;
      }
      case 'dependency':
        item.iconPath = n.unknown
          ? new vscode.ThemeIcon('warning', new vscode.ThemeColor('problemsWarningIcon.foreground'))
          : new vscode.ThemeIcon('arrow-small-right');
        item.tooltip = n.unknown ? `${n.label} is not in this plan` : `Depends on ${n.label}`;
        break;
      case 'subsection':
        item.iconPath = new vscode.ThemeIcon('symbol-string');
        break;
    }
    if (uri) {
      if ((n.kind === 'phase' || n.kind === 'step' || n.kind === 'dependency') && n.phaseId !== undefined && !n.unknown) {
        item.command = { command: COMMANDS.revealPhase, title: 'Reveal Phase', arguments: [uri, n.phaseId, n.kind === 'step' ? 'step' : undefined] };
      } else {
        item.command = { command: COMMANDS.revealRange, title: 'Reveal', arguments: [uri, toRange(n.target)] };
      }
    }
    return item;
  }

  dispose(): void {
    this._onDidChangeTreeData.dispose();
  }
}

/** The navigation commands' handlers (bound to their ids in commands.ts). */
export interface PhaseTreeCommands {
  revealPhase(uri?: unknown, id?: string, kind?: string): Promise<vscode.TextEditor | undefined>;
  revealRange(uri: unknown, range: vscode.Range): Promise<vscode.TextEditor> | undefined;
  goToPhase(opts?: { ids?: string[] }): Promise<void>;
  nextPhase(): Promise<void>;
  previousPhase(): Promise<void>;
}

export function registerPhaseTree(cache: PlanCache): vscode.Disposable & { provider: PhaseTreeProvider; view: vscode.TreeView<TreeNode>; commands: PhaseTreeCommands } {
  const provider = new PhaseTreeProvider(cache);
  const view = vscode.window.createTreeView(VIEW_ID, { treeDataProvider: provider, showCollapseAll: true });
  provider.view = view;

  const setContext = () => {
    const doc = vscode.window.activeTextEditor?.document;
    void vscode.commands.executeCommand('setContext', IS_PLAN_CONTEXT, !!doc && cache.isPlan(doc));
  };

  const follow = (editor: vscode.TextEditor | undefined) => {
    if (!editor || !view.visible || editor.document.uri.toString() !== provider.doc?.uri.toString()) return;
    const item = provider.itemAtLine(editor.selection.active.line);
    if (!item || view.selection[0]?.id === item.id) return;
    view.reveal(item, { select: true, focus: false, expand: false }).then(undefined, () => undefined);
  };

  const onEditor = (editor: vscode.TextEditor | undefined) => {
    setContext();
    const doc = editor?.document;
    if (doc && cache.isPlan(doc)) provider.show(doc);
    else if (!provider.doc || provider.doc.isClosed) provider.show(undefined);
    else if (doc && doc.uri.scheme !== 'output') provider.show(undefined);
    follow(editor);
  };

  /** The phase (or step) of the plan at `uriArg` (default: the tree's plan, else the active editor's). */
  const revealPhaseOf = async (uriArg?: unknown, id?: string, kind?: string) => {
    const uri = asUri(uriArg) ?? provider.doc?.uri ?? vscode.window.activeTextEditor?.document.uri;
    if (!uri || id === undefined) return undefined;
    return revealPhase(cache, uri, id, { kind: kind === 'step' ? 'step' : undefined });
  };

  const goToPhase = async (opts?: { ids?: string[] }) => {
    const editorDoc = vscode.window.activeTextEditor?.document;
    const planDoc = editorDoc && cache.isPlan(editorDoc) ? editorDoc : provider.doc;
    const planEntry = planDoc && (await cache.current(planDoc));
    const active = planDoc && planEntry ? { doc: planDoc, entry: planEntry } : undefined;
    if (!active) {
      void vscode.window.showInformationMessage('Open a plan to go to one of its phases.');
      return;
    }
    const { doc, entry } = active;
    const model = entry.model;
    const statuses = statusByPhase(model, entry.status);
    type Pick = vscode.QuickPickItem & { range: vscode.Range };
    const only = opts?.ids && new Set(opts.ids);
    let picks: Pick[] = model.phases
      .filter((p) => !only || only.has(p.id))
      .map((p) => {
        const deps = p.dependencies?.dependsOn ?? [];
        return {
          label: phaseLabel(p),
          description: progressText(phaseProgress(p, statuses)) || undefined,
          detail: deps.length ? `depends on ${deps.map((d) => `Phase ${d}`).join(', ')}` : p.dependencies?.none ? 'no dependencies' : undefined,
          range: toRange(p.heading),
        };
      });
    if (!model.phases.length) picks = model.steps.map((s) => ({ label: phaseLabel(s, 'Step'), range: toRange(s.heading) }));
    if (!picks.length) {
      void vscode.window.showInformationMessage('This plan has no phases yet.');
      return;
    }
    if (picks.length === 1 && only) {
      await revealRange(doc.uri, picks[0].range);
      return;
    }
    const pick = await vscode.window.showQuickPick(picks, {
      title: only ? 'Related phases' : 'Go to Phase',
      placeHolder: 'Phase title or number',
      matchOnDescription: true,
    });
    if (pick) await revealRange(doc.uri, pick.range);
  };

  const step = (direction: 1 | -1) => async () => {
    const editor = vscode.window.activeTextEditor;
    if (!editor || !(await cache.current(editor.document))) return;
    if (provider.doc?.uri.toString() !== editor.document.uri.toString()) provider.show(editor.document);
    const item = provider.neighbor(editor.selection.active.line, direction);
    if (!item) return;
    await revealRange(editor.document.uri, toRange(item.target));
  };

  const subs = vscode.Disposable.from(
    provider,
    view,
    vscode.window.onDidChangeActiveTextEditor(onEditor),
    vscode.window.onDidChangeTextEditorSelection((e) => {
      if (e.textEditor === vscode.window.activeTextEditor) follow(e.textEditor);
    }),
    view.onDidChangeVisibility((e) => {
      if (e.visible) follow(vscode.window.activeTextEditor);
    }),
    cache.onDidChange((entry) => {
      const active = vscode.window.activeTextEditor?.document;
      if (active && active.uri.toString() === entry.uri.toString()) {
        setContext();
        if (provider.doc?.uri.toString() !== entry.uri.toString()) provider.show(active);
        else provider.update(entry);
        follow(vscode.window.activeTextEditor);
      } else {
        provider.update(entry);
      }
    }),
    cache.onDidClose((uri) => {
      if (provider.doc?.uri.toString() === uri.toString()) provider.show(undefined);
    }),
  );
  onEditor(vscode.window.activeTextEditor);
  const commands: PhaseTreeCommands = {
    revealPhase: revealPhaseOf,
    revealRange: (uri, range) => {
      const u = asUri(uri);
      return u ? revealRange(u, range) : undefined;
    },
    goToPhase,
    nextPhase: step(1),
    previousPhase: step(-1),
  };
  return Object.assign(subs, { provider, view, commands });
}
