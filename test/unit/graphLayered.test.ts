import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { analyze, edgeKey } from '../../src/graph/analysis';
import { layeredLayout, metricsFor, pickPlacement } from '../../src/graph/layered';
import { graphSvg, graphSummary } from '../../src/graph/svg';
import type { GraphData } from '../../src/protocol';

function g(ids: string[], edges: string[], title = (id: string) => `Phase ${id}`): GraphData {
  return {
    title: 'Plan',
    nodes: ids.map((id) => ({ id, title: title(id), done: 0, total: 0, state: 'pending', line: 0 })),
    edges: edges.map((s) => {
      const [from, to] = s.split('>');
      return { from, to };
    }),
  };
}

const m = metricsFor(14);
type Box = { x: number; y: number; w: number; h: number };
const overlaps = (a: Box, b: Box) => a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;

describe('layeredLayout (the quick placement)', () => {
  // 5 waits for 4, 3, 2, 1 (listed in reverse): the wave still reads 1 2 3 4.
  const a = analyze(g(['1', '2', '3', '4', '5'], ['4>5', '3>5', '2>5', '1>5']));

  test('waves are layers, plan order within a wave, no overlaps, in both directions', () => {
    for (const dir of ['down', 'right'] as const) {
      const l = layeredLayout(a, dir, m);
      const across = (id: string) => (dir === 'down' ? l.nodes.get(id)!.x : l.nodes.get(id)!.y);
      const along = (id: string) => (dir === 'down' ? l.nodes.get(id)!.y : l.nodes.get(id)!.x);
      assert.ok(across('1') < across('2') && across('2') < across('3') && across('3') < across('4'), dir);
      assert.equal(new Set(['1', '2', '3', '4'].map(along)).size, 1);
      assert.ok(along('5') > along('1'));
      const boxes = [...l.nodes.values()];
      for (let i = 0; i < boxes.length; i++) for (let j = i + 1; j < boxes.length; j++) assert.ok(!overlaps(boxes[i], boxes[j]));
      for (const e of a.edges) assert.ok(l.edges.get(edgeKey(e))!.length >= 2);
    }
  });

  test('a wave wider than perLayer wraps onto further layers, in plan order', () => {
    const l = layeredLayout(a, 'down', m, { perLayer: 2 });
    const y = (id: string) => l.nodes.get(id)!.y;
    const x = (id: string) => l.nodes.get(id)!.x;
    assert.equal(y('1'), y('2'));
    assert.equal(y('3'), y('4'));
    assert.ok(y('3') > y('1') && y('5') > y('3'));
    assert.ok(x('1') < x('2') && x('3') < x('4'));
    assert.equal(l.bands!.length, 2, 'still two waves');
  });

  test('an edge that skips a layer passes beside the phases of that layer, not under them', () => {
    const b = analyze(g(['1', '2', '3'], ['1>2', '2>3', '1>3']));
    const l = layeredLayout(b, 'down', m);
    const pts = l.edges.get(edgeKey({ from: '1', to: '3' }))!;
    const mid = l.nodes.get('2')!;
    for (let i = 1; i < pts.length; i++) {
      const [p, q] = [pts[i - 1], pts[i]];
      if (p.x !== q.x) continue; // vertical segments only cross layers
      const y0 = Math.min(p.y, q.y);
      const y1 = Math.max(p.y, q.y);
      assert.ok(!(p.x > mid.x && p.x < mid.x + mid.w && y0 < mid.y + mid.h && y1 > mid.y), `segment ${JSON.stringify([p, q])} crosses phase 2`);
    }
  });

  test('the pane picks the placement: top-down in a tall pane, wrapped to its width; left-right in a wide one', () => {
    const tall = pickPlacement(a, m, 420, 800);
    assert.deepEqual(tall, { direction: 'down', perLayer: 1 });
    assert.equal(pickPlacement(a, m, 1400, 500).direction, 'right');
    assert.equal(pickPlacement(a, m, 1400, 500, false, 'down').direction, 'down');
  });
});

describe('graphSvg (the Markdown preview graph)', () => {
  test('plan text is escaped; the markup has no script, handler or foreign element', () => {
    const hostile = ['<script>alert(1)</script>', '<img src=x onerror=alert(1)>', '"><svg onload=alert(1)>'];
    const graph = g(['1', '2', '<b>3</b>'], ['1>2'], (id) => hostile[Number(id) - 1] ?? hostile[2]);
    graph.edges.push({ from: '<b>3</b>', to: '"><img src=x onerror=alert(1)>' });
    const svg = graphSvg(graph);
    assert.doesNotMatch(svg, /<script|<img|<b>/);
    const tags = svg.match(/<[a-zA-Z][^>]*>/g) ?? [];
    for (const tag of tags) assert.doesNotMatch(tag.replace(/"[^"]*"/g, '""'), /\son\w+=/i, tag); // attribute names, not escaped values
    assert.equal((svg.match(/<svg/g) ?? []).length, 1);
    assert.match(svg, /&lt;script&gt;alert\(1\)&lt;\/script&gt;/);
    assert.match(svg, /data-id="&lt;b&gt;3&lt;\/b&gt;"/);
  });

  test('summary: no claim of waves for a plan without dependency lines; the critical path named', () => {
    assert.equal(graphSummary({ ...g(['1', '2'], []), undeclared: true }), '2 phases · no dependencies declared: phases run in the order listed');
    assert.equal(graphSummary(g(['1', '2', '3'], ['1>2', '1>3'])), '3 phases · 2 waves · max 2 in parallel · critical path 1 → 2');
    assert.equal((graphSvg({ ...g(['1', '2'], []), undeclared: true }).match(/pa-critical/g) ?? []).length, 0);
  });
});
