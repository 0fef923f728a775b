// The phase graph as a static SVG string, for places that take markup rather than a script (the Markdown
// preview). Laid out by the quick layered placement (waves as layers, plan order within a wave) from the same
// `GraphData` the graph panel draws, with the same analysis. Every piece of plan text is escaped; the markup
// carries classes only (no inline style, no script, no event attributes): the stylesheet themes it.
// Pure: no `vscode`, no DOM.
import { analyze, edgeKey, type GraphAnalysis } from './analysis';
import { layeredLayout, metricsFor, type Direction, type NodeBox, type Point } from './layered';
import type { GraphData } from '../protocol';

export interface SvgOptions {
  direction?: Direction;
  /** At most this many phases side by side. */
  perLayer?: number;
  /** Text size in px (the editor's font size). */
  fontPx?: number;
  /** Keeps the arrowheads' ids apart when a page holds several graphs. */
  idSuffix?: string;
}

/** Text for an element's content or a double-quoted attribute. */
export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : c === '>' ? '&gt;' : c === '"' ? '&quot;' : '&#39;'));
}

/** The one-line summary the panel's header shows. */
export function graphSummary(graph: GraphData, a: GraphAnalysis = analyze(graph)): string {
  const phases = a.nodes.length - a.ghosts.length;
  const parts = [`${phases} ${phases === 1 ? 'phase' : 'phases'}`];
  if (graph.undeclared && graph.edges.length === 0) {
    parts.push('no dependencies declared: phases run in the order listed');
  } else {
    parts.push(`${a.waves.length} ${a.waves.length === 1 ? 'wave' : 'waves'}`);
    if (a.maxParallel > 1) parts.push(`max ${a.maxParallel} in parallel`);
    if (a.criticalPath.length > 1) parts.push(`critical path ${a.criticalPath.join(' → ')}`);
  }
  if (a.cycles.length) parts.push(`${a.cycles.length} ${a.cycles.length === 1 ? 'cycle' : 'cycles'}`);
  if (a.ghosts.length) parts.push(`${a.ghosts.length} unknown ${a.ghosts.length === 1 ? 'reference' : 'references'}`);
  return parts.join(' · ');
}

/** Cuts `text` to about `width` px at `fontPx` (an estimate: no font metrics here), with an ellipsis. */
function clip(text: string, width: number, fontPx: number, charEm = 0.56): string {
  const chars = Array.from(text);
  const max = Math.max(1, Math.floor(width / (fontPx * charEm)));
  return chars.length <= max ? text : `${chars.slice(0, Math.max(1, max - 1)).join('').trimEnd()}…`;
}

const r = (n: number) => Math.round(n * 10) / 10;

function roundedPath(pts: Point[]): string {
  if (pts.length < 2) return '';
  let d = `M${r(pts[0].x)},${r(pts[0].y)}`;
  for (let i = 1; i < pts.length - 1; i++) {
    const p = pts[i - 1];
    const c = pts[i];
    const n = pts[i + 1];
    const rad = Math.min(8, Math.hypot(c.x - p.x, c.y - p.y) / 2, Math.hypot(n.x - c.x, n.y - c.y) / 2);
    const towards = (to: Point) => {
      const len = Math.hypot(to.x - c.x, to.y - c.y) || 1;
      return { x: c.x + ((to.x - c.x) * rad) / len, y: c.y + ((to.y - c.y) * rad) / len };
    };
    const a = towards(p);
    const b = towards(n);
    d += ` L${r(a.x)},${r(a.y)} Q${r(c.x)},${r(c.y)} ${r(b.x)},${r(b.y)}`;
  }
  const last = pts[pts.length - 1];
  return `${d} L${r(last.x)},${r(last.y)}`;
}

/** A cycle edge: a curve between the facing sides of the two boxes (a self loop over the top right corner). */
function cyclePath(a: NodeBox, b: NodeBox, forward: boolean): string {
  if (a === b) {
    const x = a.x + a.w - 34;
    return `M${r(x)},${r(a.y)} C${r(x)},${r(a.y - 36)} ${r(a.x + a.w + 34)},${r(a.y - 20)} ${r(a.x + a.w)},${r(a.y + 18)}`;
  }
  const off = (forward ? 1 : -1) * 12;
  const down = b.y > a.y + 1 || b.y < a.y - 1;
  if (down) {
    const below = b.y > a.y;
    const sx = a.x + a.w / 2 + off;
    const tx = b.x + b.w / 2 + off;
    const sy = below ? a.y + a.h : a.y;
    const ty = below ? b.y : b.y + b.h;
    const c = (ty - sy) / 2;
    return `M${r(sx)},${r(sy)} C${r(sx)},${r(sy + c)} ${r(tx)},${r(ty - c)} ${r(tx)},${r(ty)}`;
  }
  const right = b.x > a.x;
  const sx = right ? a.x + a.w : a.x;
  const tx = right ? b.x : b.x + b.w;
  const sy = a.y + a.h / 2 + off;
  const ty = b.y + b.h / 2 + off;
  const c = (tx - sx) / 2;
  return `M${r(sx)},${r(sy)} C${r(sx + c)},${r(sy)} ${r(tx - c)},${r(ty)} ${r(tx)},${r(ty)}`;
}

/**
 * The graph as an `<svg>` element (a string). Phases carry `data-id` and `data-phase-line` (the 0-based line of
 * their heading) for a script to use; the markup holds classes `pa-*` only.
 */
export function graphSvg(graph: GraphData, o: SvgOptions = {}): string {
  const a = analyze(graph);
  const fontPx = o.fontPx ?? 14;
  const m = metricsFor(fontPx);
  const listed = graph.undeclared === true && graph.edges.length === 0;
  const direction = o.direction ?? 'down';
  const layout = layeredLayout(a, direction, m, { listed, perLayer: o.perLayer });
  const down = direction === 'down';
  const hasCritical = !listed && a.criticalPath.length > 1;
  const critical = new Set(hasCritical ? a.criticalPath : []);
  const criticalEdges = hasCritical ? a.criticalEdges : new Set<string>();
  const inCycle = a.cycleNodes;
  const ghosts = new Set(a.ghosts);
  const sfx = o.idSuffix ? `-${o.idSuffix.replace(/[^\w-]/g, '')}` : '';
  const W = Math.ceil(layout.width);
  const H = Math.ceil(layout.height);
  const out: string[] = [];
  out.push(
    `<svg class="pa-graph" xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-size="${fontPx}" role="img" aria-label="${escapeXml(`Phase dependency graph: ${graphSummary(graph, a)}`)}">`,
  );
  out.push('<defs>');
  for (const kind of ['normal', 'critical', 'cycle', 'ghost', 'order']) {
    out.push(
      `<marker id="pa-arrow-${kind}${sfx}" class="pa-arrow pa-arrow-${kind}" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="10" markerHeight="10" orient="auto-start-reverse" markerUnits="userSpaceOnUse"><path d="M0,0 L10,5 L0,10 z"/></marker>`,
    );
  }
  out.push('</defs>');

  // Wave bands, labelled before their phases.
  if (layout.bands && !listed) {
    out.push('<g class="pa-bands">');
    const lh = fontPx * 1.4;
    for (const b of layout.bands) {
      if (!Number.isFinite(b.y0)) continue;
      const rect = down
        ? { x: 4, y: b.y0 - lh - 8, w: W - 8, h: b.y1 - b.y0 + lh + 16 }
        : { x: b.x0 - 8, y: 4, w: b.x1 - b.x0 + 16, h: H - 8 };
      const n = a.waves[b.wave].length;
      const text = `Wave ${b.wave + 1}${n > 1 ? ` · ${n} in parallel` : ''}`;
      const tx = down ? 12 : b.x0;
      const ty = down ? b.y0 - 6 - fontPx * 0.25 : rect.y + 4 + fontPx;
      out.push(
        `<g class="pa-band ${b.wave % 2 ? 'pa-odd' : 'pa-even'}"><rect x="${r(rect.x)}" y="${r(rect.y)}" width="${r(rect.w)}" height="${r(rect.h)}" rx="8"/><text class="pa-band-label" x="${r(tx)}" y="${r(ty)}">${escapeXml(down ? text : clip(text, b.x1 - b.x0, fontPx, 0.6))}</text></g>`,
      );
    }
    out.push('</g>');
  }

  // Edges: the listed order, the dependencies, the critical path last (on top).
  const edges: string[] = [];
  const top: string[] = [];
  if (listed) {
    for (let i = 1; i < a.nodes.length; i++) {
      const p = layout.nodes.get(a.nodes[i - 1].id)!;
      const q = layout.nodes.get(a.nodes[i].id)!;
      const d = down ? `M${r(p.x + p.w / 2)},${r(p.y + p.h)} L${r(q.x + q.w / 2)},${r(q.y)}` : `M${r(p.x + p.w)},${r(p.y + p.h / 2)} L${r(q.x)},${r(q.y + q.h / 2)}`;
      edges.push(`<path class="pa-edge pa-edge-order" d="${d}" marker-end="url(#pa-arrow-order${sfx})"/>`);
    }
  }
  for (const e of a.edges) {
    const k = edgeKey(e);
    const cyc = a.cycleEdges.has(k);
    const kind = cyc ? 'cycle' : criticalEdges.has(k) ? 'critical' : ghosts.has(e.from) || ghosts.has(e.to) ? 'ghost' : 'normal';
    let d: string;
    if (cyc) d = cyclePath(layout.nodes.get(e.from)!, layout.nodes.get(e.to)!, e.from < e.to);
    else {
      const pts = layout.edges.get(k);
      if (!pts) continue;
      d = roundedPath(pts);
    }
    const path = `<path class="pa-edge pa-edge-${kind}" d="${d}" marker-end="url(#pa-arrow-${kind}${sfx})" data-from="${escapeXml(e.from)}" data-to="${escapeXml(e.to)}"><title>${escapeXml(`${e.from} → ${e.to}${cyc ? ' (cycle)' : ''}`)}</title></path>`;
    (kind === 'critical' ? top : edges).push(path);
  }
  out.push(`<g class="pa-edges">${edges.join('')}${top.join('')}</g>`);

  // Phases.
  out.push('<g class="pa-nodes">');
  for (const node of a.nodes) {
    const box = layout.nodes.get(node.id);
    if (!box) continue;
    const state = node.ghost ? 'ghost' : inCycle.has(node.id) ? 'cycle' : node.state;
    const cls = ['pa-node', `pa-state-${state}`];
    if (node.ghost) cls.push('pa-ghost');
    if (critical.has(node.id)) cls.push('pa-critical');
    const full = node.ghost ? `${node.id}: unknown phase (referenced but not in the plan)` : `Phase ${node.id}: ${node.title}`;
    const tip = [full];
    if (node.total > 0) tip.push(`${node.done}/${node.total} done`);
    const wave = a.waveOf.get(node.id);
    if (!listed && wave !== undefined) tip.push(`wave ${wave + 1}`);
    if (critical.has(node.id)) tip.push('on the critical path');
    const f = fontPx;
    const line1 = Math.round(box.h / 2 - f * 0.3);
    const line2 = Math.round(box.h / 2 + f * 1.05);
    const idText = node.ghost ? `${node.id}?` : node.id;
    const titleX = 14 + Array.from(idText).length * f * 0.62 + f * 0.5;
    const title = clip(node.ghost ? 'Unknown phase' : node.title, box.w - titleX - 10, f);
    const parts = [
      `<g class="${cls.join(' ')}" transform="translate(${r(box.x)},${r(box.y)})" data-id="${escapeXml(node.id)}"${node.ghost ? '' : ` data-phase-line="${node.line}" tabindex="0"`}>`,
      `<title>${escapeXml(tip.join('\n'))}</title>`,
      `<rect class="pa-node-box" width="${box.w}" height="${box.h}" rx="6"/>`,
      `<rect class="pa-node-stripe" x="1" y="1" width="5" height="${box.h - 2}" rx="2"/>`,
      `<text class="pa-node-id" x="14" y="${line1}">${escapeXml(idText)}</text>`,
      `<text class="pa-node-title" x="${r(titleX)}" y="${line1}">${escapeXml(title)}</text>`,
    ];
    if (!node.ghost) {
      const text = node.total > 0 ? `${node.done}/${node.total}` : '–';
      const labelW = Math.max(text.length * f * 0.6, f * 2);
      const trackW = Math.max(10, box.w - 14 - labelW - 20);
      const barY = r(line2 - f * 0.45);
      const frac = node.total > 0 ? Math.min(1, node.done / node.total) : 0;
      parts.push(`<rect class="pa-progress-track" x="14" y="${barY}" width="${r(trackW)}" height="5" rx="2.5"/>`);
      if (frac > 0) parts.push(`<rect class="pa-progress-fill" x="14" y="${barY}" width="${r(Math.max(5, trackW * frac))}" height="5" rx="2.5"/>`);
      parts.push(`<text class="pa-progress-label" x="${box.w - 10}" y="${line2}" text-anchor="end">${escapeXml(text)}</text>`);
    }
    parts.push('</g>');
    out.push(parts.join(''));
  }
  out.push('</g></svg>');
  return out.join('');
}
