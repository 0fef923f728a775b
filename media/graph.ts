// The dependency-graph webview: receives `ToWebview` messages, lays the phases out with ELK and
// draws them as SVG. Plan text only ever reaches the page as text nodes (`textContent`), never as
// markup. Zoom (wheel), pan (drag) and Fit; the view transform survives updates and reloads.
import { analyze, edgeKey, structureKey, type GraphAnalysis } from '../src/graph/analysis';
import { parseToWebview, type FromWebview, type GraphData, type GraphNode } from '../src/protocol';
import { layoutGraph, warmUpLayout, type Layout, type NodeBox, type Point } from './layout';

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

interface ViewState {
  transform: Transform;
}

const SVG_NS = 'http://www.w3.org/2000/svg';
const MIN_K = 0.1;
const MAX_K = 3;

const vscode = acquireVsCodeApi();

function readState(): ViewState | null {
  const s = vscode.getState() as { transform?: Partial<Transform> } | undefined;
  const t = s?.transform;
  if (t && [t.x, t.y, t.k].every((v) => typeof v === 'number' && Number.isFinite(v)) && t.k! > 0) {
    return { transform: { x: t.x!, y: t.y!, k: t.k! } };
  }
  return null;
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
const fitBtn = actions.appendChild(el('button', 'btn', 'Fit'));
const exportBtn = actions.appendChild(el('button', 'btn', 'Export SVG'));
const mermaidBtn = actions.appendChild(el('button', 'btn', 'Copy Mermaid'));
fitBtn.type = exportBtn.type = mermaidBtn.type = 'button';
fitBtn.title = 'Fit the whole graph in view';
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
  for (const kind of ['normal', 'critical', 'cycle', 'ghost']) {
    const m = defs.appendChild(
      svg('marker', { id: `arrow-${kind}`, class: `arrow arrow-${kind}`, viewBox: '0 0 10 10', refX: 9, refY: 5, markerWidth: 10, markerHeight: 10, orient: 'auto-start-reverse', markerUnits: 'userSpaceOnUse' }),
    );
    m.appendChild(svg('path', { d: 'M0,0 L10,5 L0,10 z' }));
  }
  return defs;
}

// ---------------------------------------------------------------------------------------------
// State.

let transform: Transform = readState()?.transform ?? { x: 0, y: 0, k: 1 };
let hasView = readState() !== null;
let current: { graph: GraphData; a: GraphAnalysis; key: string; layout: Layout } | null = null;
/** The newest graph whose layout is being computed (a newer one of the same structure replaces it). */
let pending: { graph: GraphData; a: GraphAnalysis; key: string } | null = null;
let layoutSeq = 0;
let highlighted: string | null = null;

function applyTransform(save = true): void {
  viewport.setAttribute('transform', `translate(${transform.x},${transform.y}) scale(${transform.k})`);
  if (save) vscode.setState({ transform } satisfies ViewState);
}
applyTransform(false);

// ---------------------------------------------------------------------------------------------
// Messages.

window.addEventListener('message', (event: MessageEvent) => {
  const msg = parseToWebview(event.data);
  if (!msg) return;
  switch (msg.type) {
    case 'graph':
      void showGraph(msg.graph);
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
});

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

async function showGraph(graph: GraphData): Promise<void> {
  const key = structureKey(graph);
  const a = analyze(graph);
  if (current && current.key === key && !pending) {
    // Same structure: keep the layout, redraw texts and states under the same transform.
    current = { graph, a, key, layout: current.layout };
    render();
    return;
  }
  if (pending?.key === key) {
    pending = { graph, a, key };
    return;
  }
  pending = { graph, a, key };
  const seq = ++layoutSeq;
  let layout: Layout;
  try {
    layout = await layoutGraph(a);
  } catch (err) {
    if (seq === layoutSeq) showEmpty(`The graph could not be laid out: ${err instanceof Error ? err.message : String(err)}`);
    return;
  }
  if (seq !== layoutSeq || !pending) return;
  current = { ...pending, layout };
  pending = null;
  document.body.dataset.layoutMs = String(Math.round(layout.ms));
  render();
  if (!hasView) {
    fit();
    hasView = true;
  }
}

// ---------------------------------------------------------------------------------------------
// Rendering.

const measureCtx = document.createElement('canvas').getContext('2d');

function fitText(text: string, font: string, maxWidth: number): string {
  if (!measureCtx) return text.length > 28 ? `${text.slice(0, 27)}…` : text;
  measureCtx.font = font;
  if (measureCtx.measureText(text).width <= maxWidth) return text;
  const chars = Array.from(text);
  let lo = 0;
  let hi = chars.length;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (measureCtx.measureText(`${chars.slice(0, mid).join('').trimEnd()}…`).width <= maxWidth) lo = mid;
    else hi = mid - 1;
  }
  return `${chars.slice(0, lo).join('').trimEnd()}…`;
}

function fontOf(cls: string): string {
  const probe = nodeLayer.appendChild(svg('text', { class: cls }));
  const cs = getComputedStyle(probe);
  const font = `${cs.fontWeight} ${cs.fontSize} ${cs.fontFamily}`;
  probe.remove();
  return font;
}

function render(): void {
  if (!current) return;
  const { graph, a, layout } = current;
  document.body.dataset.state = 'graph';
  emptyEl.hidden = true;
  stage.hidden = false;
  titleEl.textContent = graph.title || 'Dependency graph';

  const waves = a.waves.length;
  const parts = [`${a.nodes.length - a.ghosts.length} phases`, `${waves} ${waves === 1 ? 'wave' : 'waves'}`, `max ${a.maxParallel} in parallel`];
  if (a.criticalPath.length > 1) parts.push(`critical path ${a.criticalPath.length}`);
  if (a.ghosts.length) parts.push(`${a.ghosts.length} unknown ${a.ghosts.length === 1 ? 'reference' : 'references'}`);
  statsEl.textContent = parts.join(' · ');

  legendItems.cycle.hidden = a.cycles.length === 0;
  legendItems.ghost.hidden = a.ghosts.length === 0;
  legendItems.critical.hidden = a.criticalPath.length < 2;

  banner.replaceChildren();
  banner.hidden = a.cycles.length === 0;
  for (const cycle of a.cycles) banner.appendChild(el('div', 'cycle-line', `Cycle: ${cycle.join(' → ')}`));

  const critical = new Set(a.criticalPath);
  const criticalEdges = new Set<string>();
  for (let i = 1; i < a.criticalPath.length; i++) criticalEdges.add(edgeKey({ from: a.criticalPath[i - 1], to: a.criticalPath[i] }));
  const inCycle = new Set<string>();
  for (const e of a.edges) if (a.cycleEdges.has(edgeKey(e))) inCycle.add(e.from).add(e.to);
  const ghosts = new Set(a.ghosts);

  // Wave bands.
  bandLayer.replaceChildren();
  if (layout.bands) {
    for (const b of layout.bands) {
      if (!Number.isFinite(b.y0)) continue;
      const g = bandLayer.appendChild(svg('g', { class: `band ${b.wave % 2 ? 'odd' : 'even'}` }));
      g.appendChild(svg('rect', { x: -120, y: b.y0 - 10, width: layout.width + 140, height: b.y1 - b.y0 + 20, rx: 8 }));
      g.appendChild(svg('text', { class: 'band-label', x: -108, y: b.y0 + 4, 'dominant-baseline': 'hanging' }, `Wave ${b.wave + 1}`));
      g.appendChild(svg('text', { class: 'band-count', x: -108, y: b.y0 + 22, 'dominant-baseline': 'hanging' }, a.waves[b.wave].length === 1 ? '1 phase' : `${a.waves[b.wave].length} in parallel`));
    }
  }

  // Edges.
  edgeLayer.replaceChildren();
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

  // Nodes (keyboard focus stays on the same phase).
  const focused = nodeFrom(document.activeElement)?.dataset.id;
  nodeLayer.replaceChildren();
  const titleFont = fontOf('node-title');
  for (const node of a.nodes) {
    const box = layout.nodes.get(node.id);
    if (box) nodeLayer.appendChild(drawNode(node, box, { critical: critical.has(node.id), cycle: inCycle.has(node.id), wave: a.waveOf.get(node.id), titleFont }));
  }
  setHighlight(highlighted, false);
  if (focused !== undefined) nodeById(focused)?.focus();
}

function nodeById(id: string): SVGGElement | undefined {
  return Array.from(nodeLayer.querySelectorAll<SVGGElement>('g.node')).find((n) => n.dataset.id === id);
}

function drawNode(node: GraphNode, box: NodeBox, o: { critical: boolean; cycle: boolean; wave: number | undefined; titleFont: string }): SVGGElement {
  const state = node.ghost ? 'ghost' : o.cycle ? 'cycle' : node.state;
  const cls = ['node', `state-${state}`];
  if (node.ghost) cls.push('ghost');
  if (o.critical) cls.push('critical');
  const g = svg('g', { class: cls.join(' '), transform: `translate(${box.x},${box.y})`, tabindex: 0, role: 'button' });
  g.dataset.id = node.id;
  const full = node.ghost ? `${node.id}: unknown phase (referenced but not in the plan)` : `Phase ${node.id}: ${node.title}`;
  g.setAttribute('aria-label', full);
  g.appendChild(svg('title', {}, node.total > 0 ? `${full}\n${node.done}/${node.total} done` : full));
  g.appendChild(svg('rect', { class: 'node-box', width: box.w, height: box.h, rx: 6 }));
  g.appendChild(svg('rect', { class: 'node-stripe', width: 5, height: box.h - 2, x: 1, y: 1, rx: 2 }));
  g.appendChild(svg('text', { class: 'node-id', x: 14, y: 20 }, node.ghost ? `${node.id}?` : node.id));
  if (o.wave !== undefined) g.appendChild(svg('text', { class: 'node-wave', x: box.w - 10, y: 20, 'text-anchor': 'end' }, `W${o.wave + 1}`));
  const title = node.ghost ? 'Unknown phase' : node.title;
  g.appendChild(svg('text', { class: 'node-title', x: 14, y: 39 }, fitText(title, o.titleFont, box.w - 24)));
  if (!node.ghost) {
    const trackW = box.w - 66;
    g.appendChild(svg('rect', { class: 'progress-track', x: 14, y: 48, width: trackW, height: 5, rx: 2.5 }));
    const frac = node.total > 0 ? Math.min(1, node.done / node.total) : 0;
    if (frac > 0) g.appendChild(svg('rect', { class: 'progress-fill', x: 14, y: 48, width: Math.max(5, trackW * frac), height: 5, rx: 2.5 }));
    g.appendChild(svg('text', { class: 'progress-label', x: box.w - 10, y: 54, 'text-anchor': 'end' }, node.total > 0 ? `${node.done}/${node.total}` : '–'));
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
  applyTransform();
}

// ---------------------------------------------------------------------------------------------
// Interaction: click to reveal, wheel to zoom, drag to pan, Fit.

function nodeFrom(target: EventTarget | null): SVGGElement | null {
  return target instanceof Element ? target.closest<SVGGElement>('g.node') : null;
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
  applyTransform(false);
});
function endDrag(e: PointerEvent): void {
  if (!drag || e.pointerId !== drag.id) return;
  const moved = drag.moved;
  drag = null;
  root.classList.remove('panning');
  if (moved) {
    applyTransform();
    hasView = true;
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
    const rect = root.getBoundingClientRect();
    const px = e.clientX - rect.left;
    const py = e.clientY - rect.top;
    const factor = Math.exp(-e.deltaY * (e.deltaMode === 1 ? 0.05 : 0.0015));
    const k = Math.min(MAX_K, Math.max(MIN_K, transform.k * factor));
    const s = k / transform.k;
    transform = { k, x: px - (px - transform.x) * s, y: py - (py - transform.y) * s };
    hasView = true;
    applyTransform();
  },
  { passive: false },
);

function contentBounds(): { x: number; y: number; w: number; h: number } {
  const l = current?.layout;
  if (!l) return { x: 0, y: 0, w: 1, h: 1 };
  const left = l.bands ? -130 : -10;
  return { x: left, y: -16, w: l.width - left + 40, h: l.height + 32 };
}

function fit(): void {
  const rect = root.getBoundingClientRect();
  if (!current || rect.width === 0 || rect.height === 0) return;
  const b = contentBounds();
  const k = Math.min(1.25, Math.max(MIN_K, Math.min(rect.width / b.w, rect.height / b.h)));
  transform = { k, x: (rect.width - b.w * k) / 2 - b.x * k, y: Math.max(0, (rect.height - b.h * k) / 2) - b.y * k };
  applyTransform();
}

fitBtn.addEventListener('click', () => {
  fit();
  hasView = true;
});

mermaidBtn.addEventListener('click', () => vscode.postMessage({ type: 'copyMermaid' }));

exportBtn.addEventListener('click', () => {
  if (current) vscode.postMessage({ type: 'exportSvg', svg: exportSvg() });
});

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

window.addEventListener('resize', () => {
  if (!hasView) fit();
});

vscode.postMessage({ type: 'ready' });
warmUpLayout(
  analyze({
    title: '',
    nodes: ['1', '2'].map((id) => ({ id, title: '', done: 0, total: 0, state: 'pending', line: 0 })),
    edges: [{ from: '1', to: '2' }],
  }),
);
