import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { analyze, edgeKey } from '../../src/graph/analysis';
import { layoutGraph, WAVE_ROWS_MAX, NODE_H } from '../../media/layout';
import type { GraphData } from '../../src/protocol';

function g(ids: string[], edges: string[]): GraphData {
  return {
    title: 'Plan',
    nodes: ids.map((id) => ({ id, title: `Phase ${id}`, done: 0, total: 0, state: 'pending', line: 0 })),
    edges: edges.map((s) => {
      const [from, to] = s.split('>');
      return { from, to };
    }),
  };
}

function overlaps(a: { x: number; y: number; w: number; h: number }, b: { x: number; y: number; w: number; h: number }): boolean {
  return a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
}

describe('layoutGraph (ELK)', () => {
  test('each wave is one row, rows go down in wave order, no two boxes overlap', async () => {
    const a = analyze(g(['1', '2a', '2b', '3', '4'], ['1>2a', '1>2b', '2a>3', '2b>3', '1>4']));
    const l = await layoutGraph(a);
    const y = (id: string) => l.nodes.get(id)!.y;
    assert.equal(y('2a'), y('2b'));
    assert.equal(y('2a'), y('4'));
    assert.ok(y('1') < y('2a') && y('2a') < y('3'));
    const boxes = [...l.nodes.values()];
    for (let i = 0; i < boxes.length; i++) for (let j = i + 1; j < boxes.length; j++) assert.ok(!overlaps(boxes[i], boxes[j]), `boxes ${i} and ${j} overlap`);
    assert.deepEqual(
      l.bands!.map((b) => [b.wave, b.y1 - b.y0]),
      [
        [0, NODE_H],
        [1, NODE_H],
        [2, NODE_H],
      ],
    );
    // Every edge is routed from the bottom of its source to the top of its target.
    for (const e of a.edges) {
      const pts = l.edges.get(edgeKey(e))!;
      assert.equal(pts[0].y, y(e.from) + NODE_H);
      assert.equal(pts[pts.length - 1].y, y(e.to));
    }
  });

  test('cycle edges are left to the renderer; ghosts sit between rows, above their dependent', async () => {
    const a = analyze(g(['1', '2', '3', '4'], ['1>2', '2>4', '4>2', '2>3', '9>3']));
    const l = await layoutGraph(a);
    assert.equal(l.edges.has(edgeKey({ from: '2', to: '4' })), false);
    assert.equal(l.edges.has(edgeKey({ from: '4', to: '2' })), false);
    assert.equal(l.edges.has(edgeKey({ from: '9', to: '3' })), true);
    const y = (id: string) => l.nodes.get(id)!.y;
    assert.ok(y('2') < y('9') && y('9') < y('3'), `ghost row: ${y('2')} < ${y('9')} < ${y('3')}`);
    assert.equal(y('1'), y('4'));
  });

  test(`beyond ${WAVE_ROWS_MAX} phases ELK picks the layers and there are no wave bands`, async () => {
    const ids = Array.from({ length: WAVE_ROWS_MAX + 1 }, (_, i) => String(i));
    const a = analyze(g(ids, ids.slice(1).map((id, i) => `${ids[i]}>${id}`)));
    const l = await layoutGraph(a);
    assert.equal(l.bands, null);
    assert.equal(l.nodes.size, WAVE_ROWS_MAX + 1);
  });
});
