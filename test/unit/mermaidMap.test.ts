// A Dependency Map drawn in Mermaid: read into phases and edges, compared with the Dependencies lines, regenerated.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parsePlan, checkPlan } from '../../src/model/index';
import { readMermaidMap } from '../../src/model/mermaidMap';
import { applyEdits } from '../../src/checks/applyEdits';

const plan = (map: string, deps3 = 'Phase 1') =>
  `# Plan: x\n\n### Phase 1: A\n**Dependencies**: None\n\n### Phase 2: B\n**Dependencies**: Phase 1\n\n### Phase 3: C\n**Dependencies**: ${deps3}\n\n## Dependency Map\n\`\`\`mermaid\n${map}\n\`\`\`\n`;

test('nodes by label (Phase 2, 2:), by id (phase_2, P2), edges with text, groups with &', () => {
  const r = readMermaidMap('flowchart TD\n  a["Phase 1: A"] --> b[2: B]\n  phase_3 -->|after| P4\n  a & b --> phase_3\n  %% a comment\n  classDef done fill:#0f0', { line: 10, character: 0 });
  assert.deepEqual(r.edges.map((e) => `${e.from}>${e.to}`), ['1>2', '3>4', '1>3', '2>3']);
  assert.deepEqual(r.unreadable, []);
  assert.equal(r.edges[0].range.start.line, 11);
});

test('nodes that name no phase, two-way and plain links are unreadable, not guessed', () => {
  const r = readMermaidMap('graph LR\n  a[Phase 1] --> start[Kick-off]\n  a <--> b[Phase 2]\n  a --- b\n  this is prose', { line: 0, character: 0 });
  assert.deepEqual(r.edges, []);
  assert.equal(r.unreadable.length, 4);
});

test('a Mermaid map that disagrees is reported, and regenerating it gives a Mermaid map that agrees', () => {
  const text = plan('flowchart TD\n  P1[Phase 1] --> P2[Phase 2]\n  P2 --> P3[Phase 3]');
  const findings = checkPlan(parsePlan(text), { text }).filter((f) => f.code === 'map-mismatch');
  assert.ok(findings.some((f) => /leads from Phase 2 to Phase 3/.test(f.message)), findings.map((f) => f.message).join('\n'));
  const fixed = applyEdits(text, findings[0].fixes![0].edits);
  assert.match(fixed, /```mermaid\nflowchart TD\n/);
  assert.deepEqual(checkPlan(parsePlan(fixed), { text: fixed }).filter((f) => f.code === 'map-mismatch'), []);
});

test('the graph preview\'s Copy Mermaid output reads back', () => {
  const text = plan('flowchart TD\n  %% Plan: x\n  p0["1: A (2/5)"]:::complete\n  p1["2: B"]:::pending\n  p2["3: C"]:::pending\n  p0 --> p1\n  p0 --> p2\n  classDef complete fill:#2e7d32', 'Phase 1');
  const m = parsePlan(text);
  assert.deepEqual(m.dependencyMap!.edges.map((e) => `${e.from}>${e.to}`), ['1>2', '1>3']);
  assert.deepEqual(checkPlan(m, { text }).filter((f) => f.code === 'map-mismatch'), []);
});
