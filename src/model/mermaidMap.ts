// A Dependency Map written as a Mermaid flowchart (```mermaid, or `flowchart TD` / `graph LR` as its first line), as
// GitHub renders it and as the graph preview's "Copy Mermaid" writes it. Nodes are phases when their label starts
// with `Phase 2a` or `2a:`, or their id is `phase_2a`, `phase2a` or `P2a`; edges `A --> B` mean B comes after A.
// Whatever is not read that way is returned as unreadable, never guessed.
import type { MapEdge, MapNode, Position, Range } from './types';

export function isMermaid(lang: string, raw: string): boolean {
  return lang === 'mermaid' || /^\s*(flowchart|graph)\b/.test(raw);
}

const SKIP = /^\s*(%%|classDef\b|class\b|linkStyle\b|style\b|subgraph\b|end\b|click\b|direction\b|flowchart\b|graph\b|$)/;
/** A node: its id (a `-` in it never starts a link: `P1-->P2`), then an optional shape holding the label, then an optional `:::class`. */
const NODE = /([A-Za-z_](?:\w|-(?![-.>]))*)\s*(\(\[[^\]]*\]\)|\[\[[^\]]*\]\]|\(\([^)]*\)\)|\[[^\]]*\]|\([^)]*\)|\{[^}]*\}|>[^\]]*\])?(?::::[\w-]+)?/y;
/** A link: `-->`, `---`, `-.->`, `==>`, with optional text (`-- text -->`, `-->|text|`). */
const LINK = /\s*(<?)(?:--\s[^-]*?\s-->|==\s[^=]*?\s==>|-\.->|-\.-|-->|---|==>|===|--x|--o)(\|[^|]*\|)?\s*/y;
const AMP = /\s*&\s*/y;

function labelIds(label: string | undefined, id: string): string[] {
  const text = (label ?? '').replace(/^[[({>]+|[\])}]+$/g, '').replace(/^"|"$/g, '').trim();
  const byLabel = /^phase\s+(\d+(?:\.\d+)?[a-z]?)\b/i.exec(text) ?? /^(\d+(?:\.\d+)?[a-z]?)\s*[:.)]/i.exec(text);
  if (byLabel) return [byLabel[1].toLowerCase()];
  const byId = /^(?:phase|p)[_-]?(\d+(?:\.\d+)?[a-z]?)$/i.exec(id);
  return byId ? [byId[1].toLowerCase()] : [];
}

export function readMermaidMap(raw: string, origin: Position): { nodes: MapNode[]; edges: MapEdge[]; unreadable: { text: string; range: Range }[] } {
  const nodes: MapNode[] = [];
  const edges: MapEdge[] = [];
  const unreadable: { text: string; range: Range }[] = [];
  const idsOf = new Map<string, string[]>();
  const lines = raw.split('\n');
  const at = (row: number, col: number): Position => ({ line: origin.line + row, character: (row === 0 ? origin.character : 0) + col });
  const span = (row: number, a: number, b: number): Range => ({ start: at(row, a), end: at(row, b) });
  // First pass: labels may be declared on any line; a node keeps the ids of its first labelled declaration.
  const parsed: { row: number; groups: { id: string; start: number; end: number }[][]; links: { start: number; end: number; both: boolean }[]; ok: boolean }[] = [];
  lines.forEach((line, row) => {
    if (SKIP.test(line)) return;
    const groups: { id: string; start: number; end: number }[][] = [];
    const links: { start: number; end: number; both: boolean }[] = [];
    let i = line.length - line.trimStart().length;
    let ok = true;
    for (;;) {
      const group: { id: string; start: number; end: number }[] = [];
      for (;;) {
        NODE.lastIndex = i;
        const m = NODE.exec(line);
        if (!m) {
          ok = false;
          break;
        }
        const ids = labelIds(m[2], m[1]);
        if (!idsOf.has(m[1]) || (m[2] && !idsOf.get(m[1])!.length)) idsOf.set(m[1], ids);
        group.push({ id: m[1], start: i, end: i + m[0].length });
        i += m[0].length;
        AMP.lastIndex = i;
        const amp = AMP.exec(line);
        if (!amp) break;
        i += amp[0].length;
      }
      if (!ok) break;
      groups.push(group);
      LINK.lastIndex = i;
      const link = LINK.exec(line);
      if (!link) break;
      links.push({ start: i, end: i + link[0].length, both: link[1] === '<' });
      i += link[0].length;
    }
    if (line.slice(i).trim().replace(/;$/, '') !== '') ok = false;
    parsed.push({ row, groups, links, ok });
  });
  const seen = new Set<string>();
  for (const { row, groups, links, ok } of parsed) {
    if (!ok) {
      unreadable.push({ text: lines[row].trim(), range: span(row, 0, lines[row].length) });
      continue;
    }
    for (const g of groups) {
      for (const n of g) {
        const ids = idsOf.get(n.id) ?? [];
        if (ids.length) nodes.push({ ids, text: lines[row].slice(n.start, n.end).trim(), range: span(row, n.start, n.end) });
      }
    }
    links.forEach((link, k) => {
      const from = groups[k];
      const to = groups[k + 1];
      const text = lines[row].slice(link.start, link.end);
      const bad = link.both || !/>/.test(text);
      const fromIds = from.flatMap((n) => idsOf.get(n.id) ?? []);
      const toIds = to.flatMap((n) => idsOf.get(n.id) ?? []);
      if (bad || !fromIds.length || !toIds.length || from.some((n) => !(idsOf.get(n.id) ?? []).length) || to.some((n) => !(idsOf.get(n.id) ?? []).length)) {
        unreadable.push({ text: lines[row].slice(from[0].start, to[to.length - 1].end).trim(), range: span(row, from[0].start, to[to.length - 1].end) });
        return;
      }
      for (const a of fromIds) {
        for (const b of toIds) {
          if (seen.has(`${a}>${b}`)) continue;
          seen.add(`${a}>${b}`);
          edges.push({ from: a, to: b, range: span(row, link.start, to[to.length - 1].end) });
        }
      }
    });
  }
  return { nodes, edges, unreadable };
}

// Writing Mermaid: the one escaping of labels and comments, for the plan's own map and the graph's export alike.

/** A Mermaid label: `"…"` with every character that Mermaid or HTML could read as syntax written as `#code;`. */
export function mermaidLabel(text: string): string {
  let out = '';
  for (const ch of text.replace(/[\r\n\t\u2028\u2029]+/g, ' ')) {
    const code = ch.codePointAt(0)!;
    out += /[A-Za-z0-9 .,:()\-_/+'!?@]/.test(ch) || code > 0x9f ? ch : `#${code};`;
  }
  return `"${out}"`;
}

/**
 * Text for a `%%` comment line: one line, and no `%%`, `{` or `}` (a title like `%%{init: …}%%` would otherwise be
 * read by Mermaid as a directive that reconfigures the diagram).
 */
export function mermaidComment(text: string): string {
  return text
    .replace(/[\r\n\t\u2028\u2029\u0085\v\f]+/g, ' ')
    .replace(/[%{}]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}
