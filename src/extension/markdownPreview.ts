// The phase graph in VS Code's built-in Markdown preview (`markdown.markdownItPlugins`: `activate()` returns
// `extendMarkdownIt`). When the previewed document is a plan with a Dependency Map, the map's drawing is shown as
// the phase graph, laid out from the plan's model (the PlanCache's, so the same one the panel and the tree read),
// with the drawing as written one click away in a <details>. Plans without a map and other documents render as
// before. The graph is a static SVG with every piece of plan text escaped (src/graph/svg.ts), styled by
// media/preview.css (VS Code's theme variables) and made interactive by dist/media/preview.js
// (`markdown.previewStyles` / `markdown.previewScripts`), so nothing inline runs under the preview's own CSP.
//
// markdown-it renders synchronously, and plans are checked off the editor's thread: the rule takes the cache's newest
// checked version. When that is not the document's current version, the previews are refreshed once it is.
import * as path from 'path';
import * as vscode from 'vscode';
import type { PlanCache } from './planCache';
import { graphDataOf } from '../graph/fromModel';
import { escapeXml, graphSummary, graphSvg } from '../graph/svg';
import { analyze } from '../graph/analysis';

// The few parts of markdown-it used here (the library itself is VS Code's, not bundled).
interface Token {
  type: string;
  map: [number, number] | null;
}
type RenderRule = (tokens: Token[], idx: number, options: unknown, env: unknown, self: Renderer) => string;
interface Renderer {
  rules: Record<string, RenderRule | undefined>;
  renderToken(tokens: Token[], idx: number, options: unknown): string;
}
export interface MarkdownIt {
  renderer: Renderer;
}

/**
 * The preview's width is not known here, so the graph is rendered for up to three widths (1, 2 or 3 phases side by
 * side) and media/preview.css shows the one that fits the preview (container queries: `pa-w1` below 560 px,
 * `pa-w2` below 800 px, `pa-w3` above; thresholds for 14 px text). A plan whose waves are narrower needs fewer.
 */
const WIDTH_CLASSES = ['pa-w1', 'pa-w2', 'pa-w3'];

export function markdownItPlugin(cache: PlanCache): (md: MarkdownIt) => MarkdownIt {
  // Plans rendered before their current version was checked: the previews are refreshed when it is.
  const waiting = new Set<string>();
  cache.onDidChange((entry) => {
    const key = entry.uri.toString();
    const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === key);
    if (!waiting.has(key) || !doc || doc.version !== entry.version) return;
    waiting.delete(key);
    void vscode.commands.executeCommand('markdown.preview.refresh');
  });
  const wait = (doc: vscode.TextDocument) => waiting.add(doc.uri.toString());
  return (md) => {
    for (const type of ['fence', 'code_block'] as const) {
      const original = md.renderer.rules[type];
      md.renderer.rules[type] = (tokens, idx, options, env, self) => {
        const html = original ? original(tokens, idx, options, env, self) : self.renderToken(tokens, idx, options);
        const graph = mapGraphAt(cache, tokens[idx], env, wait);
        return graph === undefined ? html : wrap(graph, html);
      };
    }
    // A map section without a code block: the graph after its heading.
    const heading = md.renderer.rules.heading_close;
    md.renderer.rules.heading_close = (tokens, idx, options, env, self) => {
      const html = heading ? heading(tokens, idx, options, env, self) : self.renderToken(tokens, idx, options);
      const open = tokens[idx - 2]; // heading_open, inline, heading_close: the map is on the opening token
      const graph = open?.type === 'heading_open' ? mapGraphAt(cache, open, env, wait, true) : undefined;
      return graph === undefined ? html : html + wrap(graph, '');
    };
    return md;
  };
}

/** The plan being rendered, when `env` names a document that is an open plan. */
function planOf(cache: PlanCache, env: unknown): vscode.TextDocument | undefined {
  // The Markdown extension's own Uri object: compared by its string form.
  const uri = (env as { currentDocument?: { scheme?: unknown; toString(): string } } | undefined)?.currentDocument;
  if (!uri || typeof uri.scheme !== 'string') return undefined;
  const key = uri.toString();
  const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === key);
  return doc && cache.isPlan(doc) ? doc : undefined;
}

/**
 * The graph's markup when `token` is the Dependency Map's drawing (or, with `headingOnly`, the heading of a map
 * section that has no code block); otherwise undefined.
 */
function mapGraphAt(cache: PlanCache, token: Token, env: unknown, wait: (doc: vscode.TextDocument) => void, headingOnly = false): string | undefined {
  if (!token.map) return undefined;
  try {
    const doc = planOf(cache, env);
    if (!doc) return undefined;
    const entry = cache.get(doc);
    // An earlier version's graph is drawn when its map is still where this rendering has it; the previews are
    // refreshed when the current version is checked.
    if (entry?.version !== doc.version) wait(doc);
    const map = entry?.model.dependencyMap;
    if (!entry || entry.guard || !map) return undefined;
    const block = isBlockStart(doc.lineAt(Math.min(map.range.start.line, doc.lineCount - 1)).text);
    if (headingOnly ? block || token.map[0] !== map.sectionRange.start.line : !block || token.map[0] !== map.range.start.line) return undefined;
    const graph = graphDataOf(entry.model, entry.status, path.basename(doc.uri.fsPath));
    if (graph.nodes.length === 0) return undefined;
    const fontPx = vscode.workspace.getConfiguration('markdown.preview', doc.uri).get<number>('fontSize', 14);
    return renderMap(graph, fontPx);
  } catch (err) {
    // Never break the preview: show the drawing as written.
    console.error('[plan-author] dependency map preview:', err);
    return undefined;
  }
}

/** A fenced or indented code block starts on this line (the model's map `range` is then that block). */
function isBlockStart(text: string): boolean {
  return /^\s{0,3}(```|~~~)/.test(text) || /^( {4}|\t)\s*\S/.test(text);
}

/** The graph block: summary and the scrollable SVG variants (the drawing as written is added by `wrap`). */
export function renderMap(graph: Parameters<typeof graphSvg>[0], fontPx = 14): string {
  const widest = Math.max(1, ...analyzeWaves(graph));
  const variants = Math.min(WIDTH_CLASSES.length, widest);
  let out = `<div class="pa-summary">${escapeXml(graphSummary(graph))}</div>`;
  for (let p = 1; p <= variants; p++) {
    const classes = p === variants ? WIDTH_CLASSES.slice(p - 1) : [WIDTH_CLASSES[p - 1]];
    out += `<div class="pa-scroll pa-variant ${classes.join(' ')}">${graphSvg(graph, { direction: 'down', perLayer: p, fontPx, idSuffix: String(p) })}</div>`;
  }
  return out;
}

/** The size of each wave. */
function analyzeWaves(graph: Parameters<typeof graphSvg>[0]): number[] {
  return analyze(graph).waves.map((w) => w.length);
}

function wrap(graphHtml: string, drawingHtml: string): string {
  const drawing = drawingHtml ? `<details class="pa-drawing"><summary>Dependency Map as written</summary>\n${drawingHtml}</details>` : '';
  return `<div class="plan-author-map">${graphHtml}${drawing}</div>\n`;
}
