// The dependency-graph panel: a webview beside the plan, redrawn on every settled edit, following the
// cursor (highlight) and the active plan. The page is `graphHtml`, with the first graph inside it so that it is drawn
// as the page's script starts; the drawing is media/graph.ts (dist/media/graph.js; its layout library,
// dist/media/elk.js, is loaded by the page after the first drawing and never enters the extension host). The host
// analyses the graph (waves, critical path, cycles) once per plan version and sends it with the graph.
import * as vscode from 'vscode';
import * as path from 'path';
import type { PlanCache, PlanEntry } from './planCache';
import { graphHtml } from './graphHtml';
import { revealPhase } from './reveal';
import { graphDataOf } from '../graph/fromModel';
import { phaseAtLine } from '../navigation/phaseRefs';
import { graphMessage, receivedAnalysis, toMermaid } from '../graph/analysis';
import { parseFromWebview, type ToWebview } from '../protocol';

export const GRAPH_VIEW_TYPE = 'planAuthor.graph';

/** The message that shows a plan version, with its analysis: computed once per cache entry. */
const messages = new WeakMap<PlanEntry, ToWebview>();

function messageFor(entry: PlanEntry): ToWebview {
  let msg = messages.get(entry);
  if (!msg) {
    if (entry.guard) msg = { type: 'empty', reason: entry.guard };
    else {
      const graph = graphDataOf(entry.model, entry.status, path.basename(entry.uri.fsPath));
      msg = graph.nodes.length === 0 ? { type: 'empty', reason: 'This plan has no phases yet (### Phase 1: Title).' } : graphMessage(graph, entry.uri.toString());
    }
    messages.set(entry, msg);
  }
  return msg;
}

class GraphPanel {
  private readonly disposables: vscode.Disposable[] = [];
  private uri: vscode.Uri | undefined;
  /** The plan version the page was given inside its HTML (it draws it before saying it is ready). */
  private readonly inPage: PlanEntry | undefined;
  private highlighted: string | null = null;
  ready = false;

  /** `doc`: the plan to show; its graph goes into the page itself when the cache has it. */
  constructor(
    readonly panel: vscode.WebviewPanel,
    private readonly extensionUri: vscode.Uri,
    private readonly cache: PlanCache,
    onDispose: () => void,
    doc?: vscode.TextDocument,
  ) {
    const webview = panel.webview;
    webview.options = {
      enableScripts: true,
      localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'media'), vscode.Uri.joinPath(extensionUri, 'dist', 'media')],
    };
    if (doc) this.follow(doc);
    // The cache may not have this version yet (a large plan is read in the background): then the page starts
    // empty and the cache's onDidChange brings the graph.
    this.inPage = doc && cache.get(doc);
    const initial = this.inPage && messageFor(this.inPage);
    if (initial) this.lastPosted = initial;
    const media = (...p: string[]) => webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, ...p)).toString();
    webview.html = graphHtml({
      cspSource: webview.cspSource,
      nonce: nonce(),
      scriptUri: media('dist', 'media', 'graph.js'),
      elkUri: media('dist', 'media', 'elk.js'),
      styleUri: media('media', 'graph.css'),
      initial,
    });
    this.mark('htmlSet');
    this.disposables.push(
      webview.onDidReceiveMessage((raw) => void this.onMessage(raw)),
      panel.onDidDispose(() => {
        onDispose();
        vscode.Disposable.from(...this.disposables).dispose();
      }),
      cache.onDidChange((entry) => {
        if (this.uri && entry.uri.toString() === this.uri.toString()) this.show(entry);
      }),
      cache.onDidClose((uri) => {
        if (this.uri && uri.toString() === this.uri.toString()) this.post({ type: 'empty', reason: `${path.basename(uri.fsPath)} was closed.` });
      }),
      vscode.window.onDidChangeActiveTextEditor((editor) => {
        if (editor && cache.isPlan(editor.document)) this.track(editor.document);
      }),
      vscode.window.onDidChangeTextEditorSelection((e) => {
        if (!this.uri || e.textEditor.document.uri.toString() !== this.uri.toString()) return;
        const entry = cache.get(e.textEditor.document);
        const id = entry ? (phaseAtLine(entry.model, e.selections[0].active.line)?.id ?? null) : null;
        if (id !== this.highlighted) {
          this.highlighted = id;
          this.post({ type: 'highlight', phaseId: id });
        }
      }),
    );
  }

  private follow(doc: vscode.TextDocument): void {
    this.uri = doc.uri;
    this.panel.title = `Graph: ${path.basename(doc.uri.fsPath)}`;
  }

  /** Follow this plan document (shown now if the cache has it, else when its onDidChange comes). */
  track(doc: vscode.TextDocument): void {
    this.follow(doc);
    const entry = this.cache.get(doc);
    if (entry) this.show(entry);
  }

  private show(entry: PlanEntry): void {
    this.post(messageFor(entry));
  }

  /** The last message the webview was sent (what it shows). */
  lastPosted: ToWebview | undefined;
  /** What the webview reported drawing, with the time (`performance.now()`) each report arrived and the page's marks. */
  readonly drawn: Drawn[] = [];
  /** When the host reached each step of opening the panel (epoch ms), for the bench. */
  readonly marks: Record<string, number> = {};
  mark(name: string): void {
    this.marks[name] ??= epochNow();
  }

  private post(msg: ToWebview): void {
    if (!this.ready) return;
    this.lastPosted = msg;
    if (msg.type === 'graph') this.mark('graphPosted');
    void this.panel.webview.postMessage(msg);
  }

  /** Every message from the webview goes through here, validated first. */
  async onMessage(raw: unknown): Promise<void> {
    const msg = parseFromWebview(raw);
    if (!msg) return;
    switch (msg.type) {
      case 'ready': {
        this.mark('ready');
        this.ready = true;
        const doc = this.uri && vscode.workspace.textDocuments.find((d) => d.uri.toString() === this.uri!.toString());
        const entry = doc && this.cache.get(doc);
        // The page already drew the version it came with; a plan still being read is sent by onDidChange.
        if (entry) {
          if (entry !== this.inPage) this.show(entry);
        } else if (!doc) this.post({ type: 'empty', reason: 'Open a plan to see its phases.' });
        if (this.highlighted) this.post({ type: 'highlight', phaseId: this.highlighted });
        return;
      }
      case 'reveal':
        return this.reveal(msg.phaseId);
      case 'exportSvg':
        return this.exportSvg(msg.svg);
      case 'drawn':
        this.drawn.push({ layout: msg.layout, nodes: msg.nodes, at: performance.now(), marks: msg.marks });
        if (this.drawn.length > 50) this.drawn.shift();
        return;
      case 'copyMermaid': {
        const shown = this.lastPosted;
        if (shown?.type !== 'graph') return;
        await vscode.env.clipboard.writeText(toMermaid(shown.graph, receivedAnalysis(shown.graph, shown.analysis)));
        void vscode.window.showInformationMessage('Mermaid flowchart copied to the clipboard.');
        return;
      }
      default: {
        const never: never = msg;
        return never;
      }
    }
  }

  private async reveal(phaseId: string): Promise<void> {
    // The plan opens in the first group when no editor shows it (not in the panel's own group, beside it).
    if (this.uri) await revealPhase(this.cache, this.uri, phaseId, { column: vscode.ViewColumn.One });
  }

  private async exportSvg(svg: string): Promise<void> {
    // Beside the plan, on the plan's file system (a local disk, a remote, or a web file system in vscode.dev).
    const defaultUri = this.uri ? this.uri.with({ path: `${this.uri.path.replace(/\.md$/i, '')}-graph.svg` }) : undefined;
    const target = await vscode.window.showSaveDialog({ defaultUri, filters: { SVG: ['svg'] } });
    if (!target) return;
    await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(svg));
    void vscode.window.showInformationMessage(`Graph saved to ${path.basename(target.fsPath)}.`);
  }
}

/**
 * `planAuthor.showGraph`: opens (or reveals) the graph of the active plan beside it. A graph panel left
 * open is restored after a reload (needs `onWebviewPanel:planAuthor.graph` among the activation events).
 */
export interface GraphPanelHandle extends vscode.Disposable {
  /** The Show Dependency Graph command's handler (bound in commands.ts). */
  show(): void;
  /** The open panel's state and message entry point (the API exposes it to the integration tests). */
  current():
    | { lastPosted: ToWebview | undefined; ready: boolean; drawn: readonly Drawn[]; marks: Readonly<Record<string, number>>; onMessage(raw: unknown): Promise<void> }
    | undefined;
}

export function registerGraphPanel(context: vscode.ExtensionContext, cache: PlanCache): GraphPanelHandle {
  let current: GraphPanel | undefined;
  const adopt = (panel: vscode.WebviewPanel, doc: vscode.TextDocument | undefined, t0?: number) => {
    current = new GraphPanel(panel, context.extensionUri, cache, () => (current = undefined), doc);
    if (t0 !== undefined) current.marks.command = t0;
    return current;
  };
  const show = () => {
    const t0 = epochNow();
    // The active plan, checked or not yet (the panel draws it when its check is done).
    const editor = vscode.window.activeTextEditor;
    const doc = editor && cache.isPlan(editor.document) ? editor.document : undefined;
    if (current) {
      current.panel.reveal(vscode.ViewColumn.Beside, true);
      if (doc) current.track(doc);
      return;
    }
    // The panel first (VS Code starts making the webview), then the plan's graph, which goes into its page.
    const panel = vscode.window.createWebviewPanel(GRAPH_VIEW_TYPE, 'Plan graph', { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true }, {});
    const t1 = epochNow();
    adopt(panel, doc, t0).marks.panelCreated = t1;
  };
  const disposable = vscode.Disposable.from(
    vscode.window.registerWebviewPanelSerializer(GRAPH_VIEW_TYPE, {
      async deserializeWebviewPanel(panel) {
        adopt(panel, vscode.window.visibleTextEditors.find((e) => cache.isPlan(e.document))?.document);
      },
    }),
  );
  return Object.assign(disposable, { show, current: () => current });
}

export interface Drawn {
  layout: 'quick' | 'full';
  nodes: number;
  at: number;
  marks?: Record<string, number>;
}

/** Milliseconds since the epoch, sub-millisecond (comparable with the webview's `performance.timeOrigin + now()`). */
function epochNow(): number {
  return performance.timeOrigin + performance.now();
}

/** A fresh CSP nonce: 16 random bytes, base64 (Web Crypto: the same in Node and in a browser web worker). */
function nonce(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return btoa(String.fromCharCode(...bytes));
}
