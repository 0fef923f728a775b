// The dependency-graph webview: receives `ToWebview` messages (the first one inside the page itself, as JSON data, so
// that the graph is drawn as the script starts), draws the phases at once in a quick layered placement, then lays
// them out with ELK (loaded after that first drawing) and redraws. It only draws: the analysis (waves, critical path,
// cycles) comes with the graph from the extension host. Plan text only ever reaches the page as text nodes
// (`textContent`), never as markup.
// Readable at any size: node text is drawn at the editor's font size and the view never zooms out below that;
// a graph larger than the pane scrolls (wheel, drag) instead, and Ctrl+wheel zooms. The flow goes down or right,
// whichever shows more of the graph in the pane (or as the Layout button says), and is laid out again when the
// pane changes shape. The view transform and the layout choice survive updates and reloads.
import { edgeKey, receivedAnalysis, structureKey, type GraphAnalysis } from '../src/graph/analysis';
import { layeredLayout, metricsFor, pickPlacement, type Direction, type Metrics } from '../src/graph/layered';
import { parseToWebview, type FromWebview, type GraphData, type GraphNode } from '../src/protocol';
import { layoutGraph, warmUpLayout, type Layout, type NodeBox, type Point } from './layout';
import { loadEngine } from './elkLazy';

interface VsCodeApi {
  postMessage(msg: FromWebview): void;
  getState(): unknown;
  setState(state: unknown): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

interface Transform {
  x: number;
  y: number;
  k: number;
}

type DirectionMode = 'auto' | Direction;

interface ViewState {
  /** Set once the user moved or zoomed the view; absent while the view follows the pane (fitted). */
  transform?: Transform;
  mode: DirectionMode;
}

const SVG_NS = 'http://www.w3.org/2000/svg';
/** The zoom floor: at 1 the node text is exactly the editor's font size. */
const MIN_K = 1;
const MAX_K = 3;
/** Fit never enlarges past this. */
const FIT_MAX_K = 1.25;

const vscode = acquireVsCodeApi();

/** When the page reached each step of its start (epoch ms), sent with each drawing report for the bench. */
const marks: Record<string, number> = {};
function mark(name: string, at = performance.now()): void {
  if (!(name in marks)) marks[name] = Math.round((performance.timeOrigin + at) * 10) / 10;
}
mark('scriptRun');
{
  const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming | undefined;
  if (nav) {
    mark('pageStart', nav.startTime);
    mark('htmlLoaded', nav.responseEnd);
  }
  const script = document.currentScript instanceof HTMLScriptElement ? performance.getEntriesByName(document.currentScript.src)[0] : undefined;
  if (script instanceof PerformanceResourceTiming) {
    mark('scriptRequested', script.startTime);
    mark('scriptLoaded', script.responseEnd);
  }
}

function readState(): ViewState {
  const s = vscode.getState() as { transform?: Partial<Transform>; mode?: unknown } | undefined;
  const mode: DirectionMode = s?.mode === 'down' || s?.mode === 'right' ? s.mode : 'auto';
  const t = s?.transform;
  if (t && [t.x, t.y, t.k].every((v) => typeof v === 'number' && Number.isFinite(v)) && t.k! > 0) {
    return { transform: { x: t.x!, y: t.y!, k: Math.min(MAX_K, Math.max(MIN_K, t.k!)) }, mode };
  }
  return { mode };
}

// ---------------------------------------------------------------------------------------------
// DOM helpers: elements are created one by one and text goes in through `textContent`.

function el<K extends keyof HTMLElementTagNameMap>(tag: K, cls?: string, text?: string): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text !== undefined) e.textContent = text;
  return e;
}

function svg<K extends keyof SVGElementTagNameMap>(tag: K, attrs: Record<string, string | number> = {}, text?: string): SVGElementTagNameMap[K] {
  const e = document.createElementNS(SVG_NS, tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, String(v));
  if (text !== undefined) e.textContent = text;
  return e;
}

// ---------------------------------------------------------------------------------------------
// Page skeleton.

const app = document.getElementById('app') ?? document.body.appendChild(el('div', 'app'));
const header = app.appendChild(el('header', 'toolbar'));
const titleEl = header.appendChild(el('h1', 'plan-title', 'Dependency graph'));
const statsEl = header.appendChild(el('span', 'stats'));
const actions = header.appendChild(el('span', 'actions'));
const dirBtn = actions.appendChild(el('button', 'btn btn-direction', 'Layout: auto'));
const fitBtn = actions.appendChild(el('button', 'btn', 'Fit'));
const exportBtn = actions.appendChild(el('button', 'btn', 'Export SVG'));
const mermaidBtn = actions.appendChild(el('button', 'btn', 'Copy Mermaid'));
dirBtn.type = fitBtn.type = exportBtn.type = mermaidBtn.type = 'button';
dirBtn.title = 'Direction of the flow: auto (whichever fits the pane), top-down or left-right';
fitBtn.title = 'Show as much of the graph as fits without shrinking text below the editor font size';
exportBtn.title = 'Save the graph as an SVG file';
mermaidBtn.title = 'Copy the graph as a Mermaid flowchart';

const banner = app.appendChild(el('div', 'banner'));
banner.setAttribute('role', 'alert');
banner.hidden = true;
const emptyEl = app.appendChild(el('div', 'empty', 'Waiting for a plan…'));

const stage = app.appendChild(el('div', 'stage'));
const root = stage.appendChild(svg('svg', { class: 'graph', role: 'img', 'aria-label': 'Phase dependency graph' }));
root.appendChild(makeDefs());
const viewport = root.appendChild(svg('g', { class: 'viewport' }));
const bandLayer = viewport.appendChild(svg('g', { class: 'bands' }));
const edgeLayer = viewport.appendChild(svg('g', { class: 'edges' }));
const nodeLayer = viewport.appendChild(svg('g', { class: 'nodes' }));
stage.hidden = true;

const legend = stage.appendChild(el('div', 'legend'));
legend.setAttribute('aria-hidden', 'true');
const legendItems: Record<string, HTMLElement> = {};
for (const [key, label] of [
  ['complete', 'complete'],
  ['in-progress', 'in progress'],
  ['pending', 'pending'],
  ['critical', 'critical path'],
  ['order', 'listed order'],
  ['cycle', 'cycle'],
  ['ghost', 'unknown phase'],
] as const) {
  const item = legend.appendChild(el('span', `legend-item legend-${key}`));
  item.appendChild(el('span', 'swatch'));
  item.appendChild(el('span', 'legend-label', label));
  legendItems[key] = item;
}

function makeDefs(): SVGDefsElement {
  const defs = svg('defs');
  for (const kind of ['normal', 'critical', 'cycle', 'ghost', 'order']) {
    const m = defs.appendChild(
      svg('marker', { id: `arrow-${kind}`, class: `arrow arrow-${kind}`, viewBox: '0 0 10 10', refX: 9, refY: 5, markerWidth: 10, markerHeight: 10, orient: 'auto-start-reverse', markerUnits: 'userSpaceOnUse' }),
    );
    m.appendChild(svg('path', { d: 'M0,0 L10,5 L0,10 z' }));
  }
  return defs;
}

// ---------------------------------------------------------------------------------------------
// State.

const saved = readState();
let mode: DirectionMode = saved.mode;
let transform: Transform = saved.transform ?? { x: 0, y: 0, k: 1 };
/** The view follows the pane (re-fitted on resize and new layouts) until the user pans or zooms. */
let autoView = !saved.transform;
interface Shown {
  graph: GraphData;
  a: GraphAnalysis;
  key: string;
  layout: Layout;
  /** `quick` until ELK's layout replaces it. */
  kind: 'quick' | 'full';
  listed: boolean;
  /** What it was laid out for: direction and phases side by side. */
  placement: Placement;
}
interface Placement {
  direction: Direction;
  perLayer: number;
}
const samePlacement = (p: Placement, q: Placement) => p.direction === q.direction && p.perLayer === q.perLayer;
let current: Shown | null = null;
/** The newest graph whose layout is being computed (a newer one of the same structure replaces it). */
let pending: { graph: GraphData; a: GraphAnalysis; key: string; placement: Placement } | null = null;
let layoutSeq = 0;
let highlighted: string | null = null;

function saveState(): void {
  vscode.setState({ mode, ...(autoView ? {} : { transform }) } satisfies ViewState);
}

function applyTransform(save = true): void {
  viewport.setAttribute('transform', `translate(${transform.x},${transform.y}) scale(${transform.k})`);
  keepBandLabelsInView();
  if (save) saveState();
}

/** A wave's label stays at the start of the view when the graph is scrolled along its band (a wide layout). */
function keepBandLabelsInView(): void {
  const down = current?.layout.direction !== 'right';
  const viewStart = down ? -transform.x / transform.k : -transform.y / transform.k;
  for (const t of Array.from(bandLayer.querySelectorAll<SVGTextElement>('text.band-label'))) {
    const base = Number(t.dataset.base);
    t.setAttribute(down ? 'x' : 'y', String(Math.max(base, viewStart + base)));
  }
}
applyTransform(false);
updateDirButton();

/** The editor's font size as the node text renders it (VS Code sets --vscode-editor-font-size on the page). */
function nodeFontPx(): number {
  const px = fontOf('node-title').px;
  return Number.isFinite(px) && px > 0 ? px : 14;
}

function currentMetrics(): Metrics {
  return metricsFor(nodeFontPx());
}

function placementFor(a: GraphAnalysis, listed: boolean): Placement {
  const r = stageSize();
  return pickPlacement(a, currentMetrics(), r.width, r.height, listed, mode === 'auto' ? undefined : mode);
}

function stageSize(): { width: number; height: number } {
  const r = root.getBoundingClientRect();
  if (r.width > 0 && r.height > 0) return r;
  // Hidden stage (first graph): the page minus the toolbar.
  return { width: document.documentElement.clientWidth, height: Math.max(0, document.documentElement.clientHeight - header.getBoundingClientRect().height) };
}

// ---------------------------------------------------------------------------------------------
// Messages.

window.addEventListener('message', (event: MessageEvent) => receive(event.data));

function receive(data: unknown): void {
  const msg = parseToWebview(data);
  if (!msg) return;
  switch (msg.type) {
    case 'graph':
      mark('graphReceived');
      void showGraph(msg.graph, receivedAnalysis(msg.graph, msg.analysis));
      break;
    case 'highlight':
      setHighlight(msg.phaseId, true);
      break;
    case 'empty':
      showEmpty(msg.reason);
      break;
    default: {
      const never: never = msg;
      return never;
    }
  }
}

function showEmpty(reason: string): void {
  current = null;
  pending = null;
  layoutSeq++;
  stage.hidden = true;
  banner.hidden = true;
  emptyEl.hidden = false;
  emptyEl.textContent = reason;
  statsEl.textContent = '';
  titleEl.textContent = 'Dependency graph';
  document.body.dataset.state = 'empty';
}

const isListed = (graph: GraphData) => graph.undeclared === true && graph.edges.length === 0;

async function showGraph(graph: GraphData, a: GraphAnalysis, force = false): Promise<void> {
  const key = structureKey(graph) + (graph.undeclared ? '#listed' : '');
  const listed = isListed(graph);
  const placement = placementFor(a, listed);
  const { direction, perLayer } = placement;
  if (!force && current && current.key === key && samePlacement(current.placement, placement) && !pending) {
    // Same structure: keep the layout, redraw texts and states under the same transform.
    current = { ...current, graph, a };
    render();
    return;
  }
  if (!force && pending?.key === key && samePlacement(pending.placement, placement)) {
    pending = { graph, a, key, placement };
    return;
  }
  pending = { graph, a, key, placement };
  const seq = ++layoutSeq;
  const metrics = currentMetrics();
  // Never blank: the first drawing (or a change of direction) shows the quick placement at once.
  if (listed || !current || !samePlacement(current.placement, placement)) {
    current = { graph, a, key, layout: layeredLayout(a, direction, metrics, { listed, perLayer }), kind: listed ? 'full' : 'quick', listed, placement };
    render();
    if (autoView) fit(false);
    else clampView();
    drawn(current.kind);
    if (listed) {
      pending = null;
      return;
    }
  }
  let layout: Layout;
  try {
    layout = await layoutGraph(a, { direction, metrics, perLayer });
  } catch (err) {
    if (seq === layoutSeq) showEmpty(`The graph could not be laid out: ${err instanceof Error ? err.message : String(err)}`);
    return;
  }
  if (seq !== layoutSeq || !pending) return;
  current = { graph: pending.graph, a: pending.a, key: pending.key, layout, kind: 'full', listed: false, placement };
  pending = null;
  document.body.dataset.layoutMs = String(Math.round(layout.ms));
  render();
  if (autoView) fit(false);
  else clampView();
  drawn('full');
}

function drawn(kind: 'quick' | 'full'): void {
  document.body.dataset.layout = kind;
  mark(kind);
  if (current) vscode.postMessage({ type: 'drawn', layout: kind, nodes: current.a.nodes.length, marks });
}

// ---------------------------------------------------------------------------------------------
// Rendering.

const measureCtx = document.createElement('canvas').getContext('2d');

function textWidth(text: string, font: string): number {
  if (!measureCtx) return text.length * 8;
  measureCtx.font = font;
  return measureCtx.measureText(text).width;
}

function fitText(text: string, font: string, maxWidth: number): string {
  if (!measureCtx) return text.length > 24 ? `${text.slice(0, 23)}…` : text;
  if (textWidth(text, font) <= maxWidth) return text;
  const chars = Array.from(text);
  let lo = 0;
  let hi = chars.length;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (textWidth(`${chars.slice(0, mid).join('').trimEnd()}…`, font) <= maxWidth) lo = mid;
    else hi = mid - 1;
  }
  return `${chars.slice(0, lo).join('').trimEnd()}…`;
}

/** The font of a text of class `cls` as drawn: a node's texts are probed inside a node (`.node text` sets their size). */
function fontOf(cls: string): { font: string; px: number } {
  const holder = cls === 'band-label' ? bandLayer : nodeLayer.appendChild(svg('g', { class: 'node probe' }));
  const probe = holder.appendChild(svg('text', { class: cls }));
  const cs = getComputedStyle(probe);
  const font = `${cs.fontWeight} ${cs.fontSize} ${cs.fontFamily}`;
  const px = parseFloat(cs.fontSize) || 14; // read while attached: a removed element has no computed style
  probe.remove();
  if (holder !== bandLayer) holder.remove();
  return { font, px };
}

function render(): void {
  if (!current) return;
  const { graph, a, layout, listed } = current;
  document.body.dataset.state = 'graph';
  document.body.dataset.direction = layout.direction;
  document.body.dataset.perLayer = String(current.placement.perLayer);
  emptyEl.hidden = true;
  stage.hidden = false;
  titleEl.textContent = graph.title || 'Dependency graph';
  const phases = a.nodes.length - a.ghosts.length;
  const hasCritical = !listed && a.criticalPath.length > 1;

  const parts = [`${phases} ${phases === 1 ? 'phase' : 'phases'}`];
  if (listed) {
    parts.push('no dependencies declared: phases run in the order listed');
  } else {
    const waves = a.waves.length;
    parts.push(`${waves} ${waves === 1 ? 'wave' : 'waves'}`);
    if (a.maxParallel > 1) parts.push(`max ${a.maxParallel} in parallel`);
    if (hasCritical) parts.push(`critical path ${a.criticalPath.length}`);
  }
  if (a.ghosts.length) parts.push(`${a.ghosts.length} unknown ${a.ghosts.length === 1 ? 'reference' : 'references'}`);
  statsEl.textContent = parts.join(' · ');
  statsEl.title = hasCritical ? `Critical path: ${a.criticalPath.join(' → ')}` : '';

  legendItems.cycle.hidden = a.cycles.length === 0;
  legendItems.ghost.hidden = a.ghosts.length === 0;
  legendItems.critical.hidden = !hasCritical;
  legendItems.order.hidden = !listed;

  banner.replaceChildren();
  banner.hidden = a.cycles.length === 0;
  for (const cycle of a.cycles) banner.appendChild(el('div', 'cycle-line', `Cycle: ${cycle.join(' → ')}`));

  const critical = new Set(hasCritical ? a.criticalPath : []);
  const criticalEdges = hasCritical ? a.criticalEdges : new Set<string>();
  const inCycle = a.cycleNodes;
  const ghosts = new Set(a.ghosts);
  const down = layout.direction === 'down';
  const label = fontOf('band-label');

  // Wave bands: a row (down) or a column (right) per wave, labelled before its phases.
  bandLayer.replaceChildren();
  if (layout.bands && !listed) {
    for (const b of layout.bands) {
      if (!Number.isFinite(b.y0)) continue;
      const g = bandLayer.appendChild(svg('g', { class: `band ${b.wave % 2 ? 'odd' : 'even'}` }));
      const lh = label.px * 1.4;
      const rect = down
        ? { x: 4, y: b.y0 - lh - 8, width: Math.max(layout.width, b.x1 + 8) - 8, height: b.y1 - b.y0 + lh + 16 }
        : { x: b.x0 - 8, y: 4, width: b.x1 - b.x0 + 16, height: Math.max(layout.height, b.y1 + 8) - 8 };
      g.appendChild(svg('rect', { ...rect, rx: 8 }));
      const n = a.waves[b.wave].length;
      const text = `Wave ${b.wave + 1}${n > 1 ? ` · ${n} in parallel` : ''}`;
      const tx = down ? 12 : b.x0;
      const ty = down ? b.y0 - 6 - label.px * 0.25 : rect.y + 4 + label.px;
      // data-base: where the label sits in the layout; keepBandLabelsInView() moves it along the band from there.
      g.appendChild(svg('text', { class: 'band-label', x: tx, y: ty, 'data-base': down ? tx : ty }, down ? text : fitText(text, label.font, b.x1 - b.x0)));
    }
  }

  // Edges.
  edgeLayer.replaceChildren();
  if (listed) {
    for (let i = 1; i < a.nodes.length; i++) {
      const p = layout.nodes.get(a.nodes[i - 1].id)!;
      const q = layout.nodes.get(a.nodes[i].id)!;
      const d = down ? `M${p.x + p.w / 2},${p.y + p.h} L${q.x + q.w / 2},${q.y}` : `M${p.x + p.w},${p.y + p.h / 2} L${q.x},${q.y + q.h / 2}`;
      const path = edgeLayer.appendChild(svg('path', { class: 'edge edge-order', d, 'marker-end': 'url(#arrow-order)' }));
      path.appendChild(svg('title', {}, `then ${a.nodes[i].id} (listed order)`));
    }
  }
  for (const e of a.edges) {
    const k = edgeKey(e);
    const cyc = a.cycleEdges.has(k);
    const ghost = ghosts.has(e.from) || ghosts.has(e.to);
    const kind = cyc ? 'cycle' : criticalEdges.has(k) ? 'critical' : ghost ? 'ghost' : 'normal';
    let d: string;
    if (cyc) {
      d = cyclePath(layout.nodes.get(e.from)!, layout.nodes.get(e.to)!, e.from < e.to);
    } else {
      const pts = layout.edges.get(k);
      if (!pts) continue;
      d = roundedPath(pts);
    }
    const path = edgeLayer.appendChild(svg('path', { class: `edge edge-${kind}`, d, 'marker-end': `url(#arrow-${kind})` }));
    path.appendChild(svg('title', {}, `${e.from} → ${e.to}${cyc ? ' (cycle)' : ''}`));
  }
  // The critical path on top of the other edges.
  for (const p of Array.from(edgeLayer.querySelectorAll('path.edge-critical'))) edgeLayer.appendChild(p);

  // Nodes (keyboard focus stays on the same phase).
  const focused = nodeFrom(document.activeElement)?.dataset.id;
  nodeLayer.replaceChildren();
  const fonts = { title: fontOf('node-title'), id: fontOf('node-id'), progress: fontOf('progress-label') };
  for (const node of a.nodes) {
    const box = layout.nodes.get(node.id);
    if (box) nodeLayer.appendChild(drawNode(node, box, { critical: critical.has(node.id), cycle: inCycle.has(node.id), wave: listed ? undefined : a.waveOf.get(node.id), fonts }));
  }
  setHighlight(highlighted, false);
  if (focused !== undefined) nodeById(focused)?.focus();
  updateDirButton();
}

function nodeById(id: string): SVGGElement | undefined {
  return Array.from(nodeLayer.querySelectorAll<SVGGElement>('g.node')).find((n) => n.dataset.id === id);
}

type Fonts = Record<'title' | 'id' | 'progress', { font: string; px: number }>;

function drawNode(node: GraphNode, box: NodeBox, o: { critical: boolean; cycle: boolean; wave: number | undefined; fonts: Fonts }): SVGGElement {
  const state = node.ghost ? 'ghost' : o.cycle ? 'cycle' : node.state;
  const cls = ['node', `state-${state}`];
  if (node.ghost) cls.push('ghost');
  if (o.critical) cls.push('critical');
  const g = svg('g', { class: cls.join(' '), transform: `translate(${box.x},${box.y})`, tabindex: 0, role: 'button' });
  g.dataset.id = node.id;
  const full = node.ghost ? `${node.id}: unknown phase (referenced but not in the plan)` : `Phase ${node.id}: ${node.title}`;
  g.setAttribute('aria-label', full);
  const tip = [full];
  if (node.total > 0) tip.push(`${node.done}/${node.total} done`);
  if (o.wave !== undefined) tip.push(`wave ${o.wave + 1}`);
  if (o.critical) tip.push('on the critical path');
  g.appendChild(svg('title', {}, tip.join('\n')));
  g.appendChild(svg('rect', { class: 'node-box', width: box.w, height: box.h, rx: 6 }));
  g.appendChild(svg('rect', { class: 'node-stripe', width: 5, height: box.h - 2, x: 1, y: 1, rx: 2 }));
  const f = o.fonts.title.px;
  const line1 = Math.round(box.h / 2 - f * 0.3);
  const line2 = Math.round(box.h / 2 + f * 1.05);
  const idText = node.ghost ? `${node.id}?` : node.id;
  g.appendChild(svg('text', { class: 'node-id', x: 14, y: line1 }, idText));
  const titleX = 14 + textWidth(idText, o.fonts.id.font) + f * 0.5;
  const title = node.ghost ? 'Unknown phase' : node.title;
  g.appendChild(svg('text', { class: 'node-title', x: titleX, y: line1 }, fitText(title, o.fonts.title.font, box.w - titleX - 10)));
  if (!node.ghost) {
    const text = node.total > 0 ? `${node.done}/${node.total}` : '–';
    const labelW = Math.max(textWidth(text, o.fonts.progress.font), f * 2);
    const trackW = Math.max(10, box.w - 14 - labelW - 20);
    const barY = line2 - f * 0.45;
    g.appendChild(svg('rect', { class: 'progress-track', x: 14, y: barY, width: trackW, height: 5, rx: 2.5 }));
    const frac = node.total > 0 ? Math.min(1, node.done / node.total) : 0;
    if (frac > 0) g.appendChild(svg('rect', { class: 'progress-fill', x: 14, y: barY, width: Math.max(5, trackW * frac), height: 5, rx: 2.5 }));
    g.appendChild(svg('text', { class: 'progress-label', x: box.w - 10, y: line2, 'text-anchor': 'end' }, text));
  }
  return g;
}

/** A polyline with rounded corners. */
function roundedPath(pts: Point[]): string {
  if (pts.length < 2) return '';
  let d = `M${pts[0].x},${pts[0].y}`;
  for (let i = 1; i < pts.length - 1; i++) {
    const p = pts[i - 1];
    const c = pts[i];
    const n = pts[i + 1];
    const r = Math.min(8, Math.hypot(c.x - p.x, c.y - p.y) / 2, Math.hypot(n.x - c.x, n.y - c.y) / 2);
    const a = towards(c, p, r);
    const b = towards(c, n, r);
    d += ` L${a.x},${a.y} Q${c.x},${c.y} ${b.x},${b.y}`;
  }
  const last = pts[pts.length - 1];
  return `${d} L${last.x},${last.y}`;
}

function towards(from: Point, to: Point, dist: number): Point {
  const len = Math.hypot(to.x - from.x, to.y - from.y) || 1;
  return { x: from.x + ((to.x - from.x) * dist) / len, y: from.y + ((to.y - from.y) * dist) / len };
}

/**
 * A cycle edge (not routed by ELK): a curve between the facing sides of the two nodes, shifted to one
 * side by direction so that the two edges of a pair stay apart; a self loop arcs over the top right corner.
 */
function cyclePath(a: NodeBox, b: NodeBox, forward: boolean): string {
  if (a === b) {
    const x = a.x + a.w - 34;
    return `M${x},${a.y} C${x},${a.y - 36} ${a.x + a.w + 34},${a.y - 20} ${a.x + a.w},${a.y + 18}`;
  }
  const off = (forward ? 1 : -1) * Math.min(a.w, b.w) * 0.25;
  const acx = a.x + a.w / 2;
  const bcx = b.x + b.w / 2;
  if (Math.abs(a.y - b.y) > 1) {
    const down = b.y > a.y;
    const sy = down ? a.y + a.h : a.y;
    const ty = down ? b.y : b.y + b.h;
    const sx = acx + off;
    const tx = bcx + off;
    const c = (ty - sy) / 2;
    return `M${sx},${sy} C${sx},${sy + c} ${tx},${ty - c} ${tx},${ty}`;
  }
  const right = b.x > a.x;
  const sx = right ? a.x + a.w : a.x;
  const tx = right ? b.x : b.x + b.w;
  const sy = a.y + a.h / 2 + (forward ? 10 : -10);
  const ty = b.y + b.h / 2 + (forward ? 10 : -10);
  const c = (tx - sx) / 2;
  return `M${sx},${sy} C${sx + c},${sy} ${tx - c},${ty} ${tx},${ty}`;
}

/** Outlines the phase; when `reveal` and it is entirely out of view, pans (same zoom) to centre it. */
function setHighlight(id: string | null, reveal = true): void {
  highlighted = id;
  for (const n of Array.from(nodeLayer.querySelectorAll<SVGGElement>('g.node'))) n.classList.toggle('highlight', id !== null && n.dataset.id === id);
  const box = id !== null ? current?.layout.nodes.get(id) : undefined;
  if (!reveal || !box) return;
  const rect = root.getBoundingClientRect();
  const x0 = box.x * transform.k + transform.x;
  const y0 = box.y * transform.k + transform.y;
  const x1 = x0 + box.w * transform.k;
  const y1 = y0 + box.h * transform.k;
  if (x1 > 0 && y1 > 0 && x0 < rect.width && y0 < rect.height) return;
  transform = { ...transform, x: rect.width / 2 - (box.x + box.w / 2) * transform.k, y: rect.height / 2 - (box.y + box.h / 2) * transform.k };
  clampView(false);
  applyTransform(!autoView);
}

// ---------------------------------------------------------------------------------------------
// Interaction: click to reveal, wheel to scroll (Ctrl/Cmd + wheel to zoom), drag to pan, Fit, Layout.

function nodeFrom(target: EventTarget | null): SVGGElement | null {
  return target instanceof Element ? target.closest<SVGGElement>('g.node') : null;
}

/** The user took over the view: it no longer follows the pane. */
function userView(): void {
  autoView = false;
  clampView(false);
  applyTransform();
}

let drag: { id: number; x: number; y: number; tx: number; ty: number; moved: boolean } | null = null;

root.addEventListener('pointerdown', (e) => {
  if (e.button !== 0) return;
  drag = { id: e.pointerId, x: e.clientX, y: e.clientY, tx: transform.x, ty: transform.y, moved: false };
});
root.addEventListener('pointermove', (e) => {
  if (!drag || e.pointerId !== drag.id) return;
  const dx = e.clientX - drag.x;
  const dy = e.clientY - drag.y;
  if (!drag.moved && Math.hypot(dx, dy) < 4) return;
  if (!drag.moved) {
    drag.moved = true;
    root.setPointerCapture(e.pointerId);
    root.classList.add('panning');
  }
  transform = { ...transform, x: drag.tx + dx, y: drag.ty + dy };
  clampView(false);
  applyTransform(false);
});
function endDrag(e: PointerEvent): void {
  if (!drag || e.pointerId !== drag.id) return;
  const moved = drag.moved;
  drag = null;
  root.classList.remove('panning');
  if (moved) {
    userView();
    return;
  }
  const node = nodeFrom(e.target);
  if (node?.dataset.id !== undefined) reveal(node.dataset.id);
}
root.addEventListener('pointerup', endDrag);
root.addEventListener('pointercancel', (e) => {
  if (drag && e.pointerId === drag.id) drag = null;
  root.classList.remove('panning');
});

root.addEventListener('keydown', (e) => {
  const node = nodeFrom(e.target);
  if (node?.dataset.id !== undefined && (e.key === 'Enter' || e.key === ' ')) {
    e.preventDefault();
    reveal(node.dataset.id);
  }
});

function reveal(phaseId: string): void {
  const node = current?.a.nodes.find((n) => n.id === phaseId);
  if (!node || node.ghost) return;
  vscode.postMessage({ type: 'reveal', phaseId });
}

root.addEventListener(
  'wheel',
  (e) => {
    e.preventDefault();
    const unit = e.deltaMode === 1 ? 16 : e.deltaMode === 2 ? root.getBoundingClientRect().height : 1;
    if (e.ctrlKey || e.metaKey) {
      const rect = root.getBoundingClientRect();
      const px = e.clientX - rect.left;
      const py = e.clientY - rect.top;
      const factor = Math.exp(-e.deltaY * unit * 0.0015);
      const k = Math.min(MAX_K, Math.max(MIN_K, transform.k * factor));
      const s = k / transform.k;
      transform = { k, x: px - (px - transform.x) * s, y: py - (py - transform.y) * s };
    } else {
      const dx = (e.shiftKey && !e.deltaX ? e.deltaY : e.deltaX) * unit;
      const dy = (e.shiftKey && !e.deltaX ? 0 : e.deltaY) * unit;
      transform = { ...transform, x: transform.x - dx, y: transform.y - dy };
    }
    userView();
  },
  { passive: false },
);

function contentBounds(): { x: number; y: number; w: number; h: number } {
  const l = current?.layout;
  if (!l) return { x: 0, y: 0, w: 1, h: 1 };
  return { x: 0, y: 0, w: Math.max(1, l.width), h: Math.max(1, l.height) };
}

/** Keeps the graph reachable: a graph larger than the view cannot be scrolled past its ends. */
function clampView(save = true): void {
  const rect = root.getBoundingClientRect();
  if (!current || rect.width === 0 || rect.height === 0) return;
  const b = contentBounds();
  const clampAxis = (t: number, start: number, len: number, view: number) => {
    const w = len * transform.k;
    const lo = w > view ? view - (start + len) * transform.k : -start * transform.k;
    const hi = w > view ? -start * transform.k : view - (start + len) * transform.k;
    return Math.min(hi, Math.max(lo, t));
  };
  transform = { ...transform, x: clampAxis(transform.x, b.x, b.w, rect.width), y: clampAxis(transform.y, b.y, b.h, rect.height) };
  if (save) applyTransform();
}

/**
 * As much of the graph as fits at a zoom no smaller than the floor (text at the editor's font size): centred
 * when it fits, else from its start along the flow (the first wave), and across the flow where the most phases
 * are whole in view with the first phase among them (a wide layout in a narrow pane opens on its start and its
 * phases, not on a strip of edges at its left; the rest is reached by panning).
 */
function fit(save = true): void {
  const rect = root.getBoundingClientRect();
  if (!current || rect.width === 0 || rect.height === 0) return;
  const b = contentBounds();
  const k = Math.min(FIT_MAX_K, Math.max(MIN_K, Math.min(rect.width / b.w, rect.height / b.h)));
  const across = current.layout.direction === 'down' ? 'x' : 'y';
  const boxes = [...current.layout.nodes.values()];
  const firstId = current.a.waves[0]?.[0] ?? current.a.nodes[0]?.id;
  const first = firstId === undefined ? undefined : current.layout.nodes.get(firstId);
  const place = (axis: 'x' | 'y', start: number, len: number, view: number) => {
    if (len * k <= view) return (view - len * k) / 2 - start * k;
    if (axis !== across) return -start * k;
    const size = axis === 'x' ? 'w' : 'h';
    const span = (n: NodeBox): [number, number] => [n[axis], n[axis] + n[size]];
    return -mostPhasesInView(boxes.map(span), start, len, view / k, first && span(first)) * k;
  };
  transform = { k, x: place('x', b.x, b.w, rect.width), y: place('y', b.y, b.h, rect.height) };
  applyTransform(save);
}

/**
 * Where a window `view` long should start within [start, start + len] so that it holds the most phases whole
 * (`spans`: each phase's extent along that axis), `keep` (the first phase) among them when a window can hold it;
 * the earliest such place, a little before the first phase it holds.
 */
function mostPhasesInView(spans: [number, number][], start: number, len: number, view: number, keep?: [number, number]): number {
  const margin = Math.min(24, view / 10);
  const clamp = (at: number) => Math.max(start, Math.min(start + len - view, at));
  const holds = (at: number, [p, q]: [number, number]) => p >= at - 0.5 && q <= at + view + 0.5;
  const candidates = spans.map(([from]) => clamp(from - margin)).sort((a, b) => a - b);
  if (keep) candidates.push(clamp(keep[1] + margin - view));
  const eligible = keep && candidates.some((at) => holds(at, keep)) ? candidates.filter((at) => holds(at, keep)) : candidates;
  let best = start;
  let bestCount = -1;
  for (const at of eligible) {
    const count = spans.filter((sp) => holds(at, sp)).length;
    if (count > bestCount || (count === bestCount && at < best)) {
      best = at;
      bestCount = count;
    }
  }
  return best;
}

fitBtn.addEventListener('click', () => {
  autoView = true;
  fit();
});

function updateDirButton(): void {
  const dir = current?.layout.direction;
  const word = dir === 'right' ? 'left-right' : dir === 'down' ? 'top-down' : '';
  dirBtn.textContent = mode === 'auto' ? `Layout: auto${word ? ` (${word})` : ''}` : `Layout: ${mode === 'down' ? 'top-down' : 'left-right'}`;
}

dirBtn.addEventListener('click', () => {
  mode = mode === 'auto' ? 'down' : mode === 'down' ? 'right' : 'auto';
  autoView = true;
  saveState();
  relayout();
  updateDirButton();
});

/** Lays the current graph out again if the direction it should have changed. */
function relayout(): void {
  const shown = pending ?? current;
  if (!shown) return;
  const want = placementFor(shown.a, isListed(shown.graph));
  if (current && samePlacement(current.placement, want) && !pending) {
    if (autoView) fit();
    else clampView();
    return;
  }
  void showGraph(shown.graph, shown.a, true);
}

mermaidBtn.addEventListener('click', () => vscode.postMessage({ type: 'copyMermaid' }));

exportBtn.addEventListener('click', () => {
  if (current) vscode.postMessage({ type: 'exportSvg', svg: exportSvg() });
});

// The pane changed size (sidebar closed, editor split moved, panel maximised): lay out for the new shape.
let resizeQueued = false;
new ResizeObserver(() => {
  if (resizeQueued) return;
  resizeQueued = true;
  requestAnimationFrame(() => {
    resizeQueued = false;
    relayout();
    updateDirButton();
  });
}).observe(stage);

// ---------------------------------------------------------------------------------------------
// Export: a standalone SVG of the whole graph, with the theme's colours resolved into a <style>.

const EXPORT_VARS = [
  '--vscode-editor-background',
  '--vscode-foreground',
  '--vscode-descriptionForeground',
  '--vscode-focusBorder',
  '--vscode-errorForeground',
  '--vscode-charts-green',
  '--vscode-charts-yellow',
  '--vscode-charts-blue',
  '--vscode-charts-orange',
  '--vscode-charts-purple',
  '--vscode-charts-red',
  '--vscode-charts-lines',
  '--vscode-contrastBorder',
  '--vscode-editorWidget-background',
  '--vscode-widget-border',
  '--vscode-font-family',
  '--vscode-editor-font-family',
];

function exportSvg(): string {
  const b = contentBounds();
  const out = svg('svg', { xmlns: SVG_NS, viewBox: `${b.x} ${b.y} ${b.w} ${b.h}`, width: Math.round(b.w), height: Math.round(b.h), class: 'graph export' });
  const cs = getComputedStyle(document.documentElement);
  const vars = EXPORT_VARS.map((v) => `${v}: ${cs.getPropertyValue(v).trim() || 'initial'};`).join(' ');
  const style = svg('style');
  style.textContent = `svg { ${vars} }\n${collectGraphCss()}`;
  out.appendChild(style);
  out.appendChild(svg('rect', { class: 'export-bg', x: b.x, y: b.y, width: b.w, height: b.h }));
  for (const child of Array.from(root.children)) {
    const copy = child.cloneNode(true) as Element;
    if (copy.classList.contains('viewport')) copy.removeAttribute('transform');
    for (const t of Array.from(copy.querySelectorAll<SVGTextElement>('text.band-label'))) {
      t.setAttribute(current?.layout.direction === 'right' ? 'y' : 'x', t.dataset.base ?? '0'); // as laid out, not as scrolled
    }
    out.appendChild(copy);
  }
  return new XMLSerializer().serializeToString(out);
}

/** The rules of graph.css that style the SVG, read back from the stylesheet. */
function collectGraphCss(): string {
  const rules: string[] = [];
  for (const sheet of Array.from(document.styleSheets)) {
    let list: CSSRuleList;
    try {
      list = sheet.cssRules;
    } catch {
      continue;
    }
    for (const r of Array.from(list)) if (r.cssText.includes('.graph') || r.cssText.includes('.node') || r.cssText.includes('.edge') || r.cssText.includes('.band') || r.cssText.includes('.arrow')) rules.push(r.cssText);
  }
  return rules.join('\n');
}

// The first message came with the page: drawn now, before telling the host the page is ready. Without one (a panel
// restored after a reload), the layout engine starts loading while the host prepares the graph.
const initial = document.getElementById('initial-message');
if (initial?.textContent) {
  try {
    receive(JSON.parse(initial.textContent));
  } catch {
    // not JSON: wait for the host's message
  }
}
vscode.postMessage({ type: 'ready' });
mark('readyPosted');
void loadEngine().then(
  () => mark('engineLoaded'),
  () => undefined, // reported by the layout that needs it
);
if (!current) {
  warmUpLayout(
    receivedAnalysis(
      { title: '', nodes: ['1', '2'].map((id) => ({ id, title: '', done: 0, total: 0, state: 'pending', line: 0 })), edges: [{ from: '1', to: '2' }] },
      { cycles: [], cycleEdges: [], waves: [['1'], ['2']], criticalPath: ['1', '2'] },
    ),
  );
}
