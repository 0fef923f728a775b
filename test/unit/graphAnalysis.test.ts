import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { analyze, edgeKey, graphMessage, mermaidLabel, receivedAnalysis, structureKey, toMermaid } from '../../src/graph/analysis';
import { parseFromWebview, parseToWebview, type GraphData, type GraphNode } from '../../src/protocol';

function node(id: string, title = `Phase ${id}`): GraphNode {
  return { id, title, done: 0, total: 0, state: 'pending', line: 0 };
}

/** A graph from ids and `a>b` edge strings (b depends on a). */
function g(ids: string[], edges: string[]): GraphData {
  return {
    title: 'Plan',
    nodes: ids.map((id) => node(id)),
    edges: edges.map((s) => {
      const [from, to] = s.split('>');
      return { from, to };
    }),
  };
}

describe('analyze', () => {
  test('empty graph', () => {
    const a = analyze(g([], []));
    assert.deepEqual(a.waves, []);
    assert.deepEqual(a.criticalPath, []);
    assert.deepEqual(a.cycles, []);
    assert.equal(a.maxParallel, 0);
  });

  test('chain: one phase per wave, the whole chain is critical', () => {
    const a = analyze(g(['1', '2', '3', '4'], ['1>2', '2>3', '3>4']));
    assert.deepEqual(a.waves, [['1'], ['2'], ['3'], ['4']]);
    assert.deepEqual(a.criticalPath, ['1', '2', '3', '4']);
    assert.deepEqual(a.cycles, []);
    assert.equal(a.cycleEdges.size, 0);
    assert.deepEqual(a.ghosts, []);
    assert.equal(a.maxParallel, 1);
  });

  test('diamond: the two middle phases share a wave; tie goes to the listed-first branch', () => {
    const a = analyze(g(['1', '2a', '2b', '3'], ['1>2a', '1>2b', '2a>3', '2b>3']));
    assert.deepEqual(a.waves, [['1'], ['2a', '2b'], ['3']]);
    assert.deepEqual(a.criticalPath, ['1', '2a', '3']);
    assert.equal(a.maxParallel, 2);
    const b = analyze(g(['1', '2b', '2a', '3'], ['1>2a', '1>2b', '2a>3', '2b>3']));
    assert.deepEqual(b.criticalPath, ['1', '2b', '3']);
  });

  test('the critical path follows the longest chain, not the listed order', () => {
    const a = analyze(g(['1', '2', '3', '4', '5'], ['1>5', '2>3', '3>4', '4>5']));
    assert.deepEqual(a.waves, [['1', '2'], ['3'], ['4'], ['5']]);
    assert.deepEqual(a.criticalPath, ['2', '3', '4', '5']);
  });

  test('independent phases all run in wave 0', () => {
    const a = analyze(g(['1', '2', '3'], []));
    assert.deepEqual(a.waves, [['1', '2', '3']]);
    assert.deepEqual(a.criticalPath, ['1']);
    assert.equal(a.maxParallel, 3);
  });

  test('cycle 2 -> 4 -> 2 is reported as a closed path and ignored for waves', () => {
    const a = analyze(g(['1', '2', '3', '4'], ['1>2', '2>4', '4>2', '2>3']));
    assert.deepEqual(a.cycles, [['2', '4', '2']]);
    assert.deepEqual([...a.cycleEdges].sort(), [edgeKey({ from: '2', to: '4' }), edgeKey({ from: '4', to: '2' })].sort());
    assert.deepEqual(a.waves, [['1', '4'], ['2'], ['3']]);
    assert.deepEqual(a.criticalPath, ['1', '2', '3']);
  });

  test('a three-phase cycle starts at its first listed phase', () => {
    const a = analyze(g(['1', '2', '3'], ['3>1', '1>2', '2>3']));
    assert.deepEqual(a.cycles, [['1', '2', '3', '1']]);
    assert.equal(a.cycleEdges.size, 3);
    assert.deepEqual(a.waves, [['1', '2', '3']]);
  });

  test('a component with two cycles reports the shortest through its first phase', () => {
    // 1 -> 2 -> 3 -> 1 and 1 -> 3 -> 1
    const a = analyze(g(['1', '2', '3'], ['1>2', '2>3', '3>1', '1>3']));
    assert.deepEqual(a.cycles, [['1', '3', '1']]);
    assert.equal(a.cycleEdges.size, 4);
  });

  test('two separate cycles, in listed order', () => {
    const a = analyze(g(['1', '2', '3', '4', '5'], ['4>5', '5>4', '1>2', '2>1', '2>3']));
    assert.deepEqual(a.cycles, [['1', '2', '1'], ['4', '5', '4']]);
  });

  test('self loop', () => {
    const a = analyze(g(['1', '2'], ['1>2', '2>2']));
    assert.deepEqual(a.cycles, [['2', '2']]);
    assert.deepEqual([...a.cycleEdges], [edgeKey({ from: '2', to: '2' })]);
    assert.deepEqual(a.waves, [['1'], ['2']]);
    assert.deepEqual(a.criticalPath, ['1', '2']);
  });

  test('ghosts: unknown references become dashed nodes outside the waves', () => {
    const a = analyze(g(['1', '2'], ['1>2', '9>2', '1>7']));
    assert.deepEqual(a.ghosts, ['9', '7']);
    assert.deepEqual(
      a.nodes.map((n) => [n.id, !!n.ghost]),
      [['1', false], ['2', false], ['9', true], ['7', true]],
    );
    assert.deepEqual(a.waves, [['1'], ['2']]);
    assert.equal(a.waveOf.has('9'), false);
    assert.deepEqual(a.criticalPath, ['1', '2']);
  });

  test('a phase depending only on a ghost is in wave 0', () => {
    const a = analyze(g(['1'], ['0>1']));
    assert.deepEqual(a.ghosts, ['0']);
    assert.deepEqual(a.waves, [['1']]);
  });

  test('nodes already marked ghost by the host count as ghosts', () => {
    const data = g(['1'], ['x>1']);
    data.nodes.push({ ...node('x'), ghost: true });
    const a = analyze(data);
    assert.deepEqual(a.ghosts, ['x']);
    assert.equal(a.nodes.length, 2);
  });

  test('duplicate nodes and edges are read once', () => {
    const a = analyze(g(['1', '2', '1'], ['1>2', '1>2']));
    assert.equal(a.nodes.length, 2);
    assert.equal(a.edges.length, 1);
  });

  test('500-phase chain and a 500-phase cycle without stack overflow', () => {
    const ids = Array.from({ length: 500 }, (_, i) => String(i + 1));
    const chain = ids.slice(1).map((id, i) => `${ids[i]}>${id}`);
    const a = analyze(g(ids, chain));
    assert.equal(a.waves.length, 500);
    assert.equal(a.criticalPath.length, 500);
    const b = analyze(g(ids, [...chain, `500>1`]));
    assert.equal(b.cycles.length, 1);
    assert.equal(b.cycles[0].length, 501);
    assert.equal(b.cycles[0][0], '1');
    assert.equal(b.cycleEdges.size, 500);
    const big = Array.from({ length: 20000 }, (_, i) => String(i));
    const c = analyze(g(big, big.slice(1).map((id, i) => `${big[i]}>${id}`)));
    assert.equal(c.criticalPath.length, 20000);
  });

  test('500-phase layered DAG: waves and critical path', () => {
    // 100 waves of 5 phases; each phase depends on every phase of the previous wave.
    const ids: string[] = [];
    const edges: string[] = [];
    for (let w = 0; w < 100; w++) {
      for (let k = 0; k < 5; k++) {
        ids.push(`${w}.${k}`);
        if (w > 0) for (let j = 0; j < 5; j++) edges.push(`${w - 1}.${j}>${w}.${k}`);
      }
    }
    const a = analyze(g(ids, edges));
    assert.equal(a.waves.length, 100);
    assert.ok(a.waves.every((w) => w.length === 5));
    assert.equal(a.maxParallel, 5);
    assert.deepEqual(a.criticalPath.slice(0, 3), ['0.0', '1.0', '2.0']);
    assert.equal(a.criticalPath.length, 100);
  });
});

describe('structureKey', () => {
  test('ignores titles and progress, sees edges and ghosts', () => {
    const base = g(['1', '2'], ['1>2']);
    const retitled: GraphData = { ...base, nodes: base.nodes.map((n) => ({ ...n, title: 'x', done: 1, total: 2, state: 'complete' })) };
    assert.equal(structureKey(base), structureKey(retitled));
    assert.notEqual(structureKey(base), structureKey(g(['1', '2'], [])));
    assert.notEqual(structureKey(base), structureKey(g(['1', '2', '3'], ['1>2'])));
  });
});

describe('toMermaid', () => {
  test('flowchart with ids, classes, ghosts and cycle edges', () => {
    const data = g(['1', '2', '4'], ['1>2', '2>4', '4>2', '8>1']);
    data.nodes[0] = { ...data.nodes[0], done: 3, total: 7, state: 'complete' };
    assert.equal(
      toMermaid(data),
      [
        'flowchart TD',
        '  %% Plan',
        '  p0["1: Phase 1 (3/7)"]:::complete',
        '  p1["2: Phase 2"]:::pending',
        '  p2["4: Phase 4"]:::pending',
        '  p3["8: unknown phase"]:::ghost',
        '  p0 --> p1',
        '  p1 --> p2',
        '  p2 --> p1',
        '  p3 --> p0',
        '  classDef complete fill:#d4edda,stroke:#2e7d32',
        '  classDef pending fill:#f5f5f5,stroke:#777',
        '  classDef ghost fill:#fff,stroke:#999,stroke-dasharray:5 5',
        '  linkStyle 1,2 stroke:#c62828,stroke-width:2px',
        '  linkStyle 0 stroke-width:3px',
        '',
      ].join('\n'),
    );
  });

  test('labels escape quotes, brackets, angle brackets, # and backticks', () => {
    assert.equal(mermaidLabel('Say "hi" [now] <b> #1 `x` & {y} | z;'), '"Say #34;hi#34; #91;now#93; #60;b#62; #35;1 #96;x#96; #38; #123;y#125; #124; z#59;"');
    assert.equal(mermaidLabel('line\nbreak'), '"line break"');
    assert.equal(mermaidLabel('Größe ✓'), '"Größe ✓"');
  });

  test('hostile titles cannot leave the label', () => {
    const data = g(['1'], []);
    data.nodes[0].title = '"]; click p0 call alert(1); A["<img src=x onerror=alert(1)>';
    const out = toMermaid(data);
    const line = out.split('\n')[2];
    assert.match(line, /^ {2}p0\["[^"]*"\]:::pending$/);
    assert.ok(!out.includes('<img'));
    assert.equal(out.split('\n').length, 5);
  });
});

describe('graph message (the host analyses, the webview draws)', () => {
  test('the analysis the webview rebuilds from the message is the host\'s, sets and maps included', () => {
    const graph = g(['1', '2', '3', '4', '1'], ['1>2', '2>3', '3>2', '1>4', '9>4', '1>2', '4>4']);
    const msg = graphMessage(graph, 'file:///p.md');
    const wire = JSON.parse(JSON.stringify(msg));
    const a = analyze(graph);
    assert.deepEqual(receivedAnalysis(wire.graph, wire.analysis), a);
    // One node per id (the ghost 9 included), each edge once: what the webview draws, as analysed.
    assert.deepEqual(wire.graph.nodes.map((n: GraphNode) => n.id), ['1', '2', '3', '4', '9']);
    assert.equal(wire.graph.edges.length, 6);
    assert.deepEqual(analyze(wire.graph), a, 'the message graph analyses to the same');
  });
});

describe('protocol validation', () => {
  test('well-formed messages pass through', () => {
    const msg = graphMessage(g(['1', '2'], ['1>2']), 'file:///p.md');
    assert.deepEqual(parseToWebview(JSON.parse(JSON.stringify(msg))), msg);
    assert.deepEqual(parseToWebview({ type: 'highlight', phaseId: null }), { type: 'highlight', phaseId: null });
    assert.deepEqual(parseToWebview({ type: 'empty', reason: 'No phases' }), { type: 'empty', reason: 'No phases' });
    assert.deepEqual(parseFromWebview({ type: 'reveal', phaseId: '2' }), { type: 'reveal', phaseId: '2' });
    assert.deepEqual(parseFromWebview({ type: 'copyMermaid', extra: 1 }), { type: 'copyMermaid' });
  });

  test('malformed messages are rejected', () => {
    const graph = g(['1'], []);
    const analysis = graphMessage(graph, '').analysis;
    const bad: unknown[] = [
      null, 42, 'graph', [], {}, { type: 'nope' },
      { type: 'graph', graph, analysis, uri: 1 },
      { type: 'graph', graph, uri: '' },
      { type: 'graph', graph: { ...graph, nodes: 'x' }, analysis, uri: '' },
      { type: 'graph', graph: { ...graph, nodes: [{ ...graph.nodes[0], state: 'weird' }] }, analysis, uri: '' },
      { type: 'graph', graph: { ...graph, nodes: [{ ...graph.nodes[0], done: NaN }] }, analysis, uri: '' },
      { type: 'graph', graph: { ...graph, edges: [{ from: 1, to: '1' }] }, analysis, uri: '' },
      // An analysis that does not belong to the graph: unknown ids, edge indexes out of range.
      { type: 'graph', graph, analysis: { ...analysis, waves: [['2']] }, uri: '' },
      { type: 'graph', graph, analysis: { ...analysis, criticalPath: ['1', 7] }, uri: '' },
      { type: 'graph', graph, analysis: { ...analysis, cycleEdges: [0] }, uri: '' },
      { type: 'graph', graph, analysis: { ...analysis, cycles: 'x' }, uri: '' },
      { type: 'highlight', phaseId: 3 },
      { type: 'empty' },
    ];
    for (const m of bad) assert.equal(parseToWebview(m), null, JSON.stringify(m));
    assert.equal(parseFromWebview({ type: 'reveal' }), null);
    assert.equal(parseFromWebview({ type: 'exportSvg', svg: {} }), null);
  });
});

describe('graphDataOf (plan model to graph)', () => {
  test('phases, progress, dependencies and unknown references', async () => {
    const { parsePlan } = await import('../../src/model');
    const { graphDataOf } = await import('../../src/graph/fromModel');
    const { phaseAtLine } = await import('../../src/navigation/phaseRefs');
    const text = [
      '# Plan: Graph sample',
      '',
      '## Implementation Phases',
      '',
      '### Phase 1: Setup',
      '**Dependencies**: None',
      '- [x] a',
      '- [x] b',
      '',
      '### Phase 2: Build <it>',
      '**Dependencies**: Phase 1, Phase 9',
      '- [x] a',
      '- [ ] b',
      '- [ ] c',
      '',
    ].join('\n');
    const model = parsePlan(text);
    const data = graphDataOf(model);
    assert.equal(data.title, 'Plan: Graph sample');
    assert.deepEqual(
      data.nodes.map((n) => [n.id, n.title, n.done, n.total, n.state, n.line]),
      [
        ['1', 'Setup', 2, 2, 'complete', 4],
        ['2', 'Build <it>', 1, 3, 'in-progress', 9],
      ],
    );
    assert.deepEqual(data.edges, [{ from: '1', to: '2' }, { from: '9', to: '2' }]);
    assert.deepEqual(analyze(data).ghosts, ['9']);
    assert.equal(phaseAtLine(model, 12)?.id, '2');
    assert.equal(phaseAtLine(model, 0), undefined);
  });
});
