// map-mismatch and a drawing that could be read only in part: what it draws is certain, what it seems to leave out is
// uncertain only when an unreadable part could carry an arrow.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parsePlan, checkPlan } from '../../src/model/index';

const plan = (drawing: string) =>
  `# Plan: x\n\n### Phase 1: A\n**Dependencies**: None\n\n### Phase 2: B\n**Dependencies**: None\n\n### Phase 3: C\n**Dependencies**: Phase 1\n\n## Dependency Map\n\`\`\`\n${drawing}\n\`\`\`\n`;
const mismatches = (text: string) => checkPlan(parsePlan(text), { text }).filter((f) => f.code === 'map-mismatch').map((f) => [f.severity, f.message]);

test('a prose line the map reader cannot place does not soften what the map gets wrong', () => {
  const found = mismatches(plan('Phase 2 ──→ Phase 3\nPhase 1 (starts first, see the notes)\n── everything else runs in parallel'));
  assert.ok(found.some(([sev, msg]) => sev === 'warning' && /leads from Phase 2 to Phase 3/.test(msg)), JSON.stringify(found));
  // Text and plain lines draw no dependency: nothing is said about them.
  assert.ok(!found.some(([, msg]) => /everything else|starts first/.test(msg)), JSON.stringify(found));
});

test('an unreadable arrow makes the missing paths information, said once', () => {
  const found = mismatches(plan('Phase 2 ──→ Phase 3\n        ↘\nPhase 1'));
  assert.ok(found.some(([sev, msg]) => sev === 'information' && /An arrow of the Dependency Map \("↘"\) leads from or to no phase/.test(msg)), JSON.stringify(found));
  assert.ok(found.some(([sev, msg]) => sev === 'warning' && /leads from Phase 2 to Phase 3/.test(msg)), 'what is drawn was read: still a warning');
  assert.ok(found.some(([sev, msg]) => sev === 'information' && /Phase 3 depends on Phase 1, but the Dependency Map has no path/.test(msg)), JSON.stringify(found));
});

test('a line without an arrowhead is never reported, whichever way the plan goes', () => {
  // Drawn bottom-up with plain lines: Phase 3 depends on Phase 1, the drawing has 3 above 1.
  const found = mismatches(plan('Phase 2\nPhase 3\n   │\nPhase 1'));
  assert.deepEqual(found.filter(([, msg]) => /Phase 3|Phase 1/.test(msg) && !/leaves out/.test(msg)), [], JSON.stringify(found));
});

test('a part of the drawing that cannot be read softens only what concerns the phases it touches', () => {
  const text = `# Plan: x\n\n### Phase 1: A\n**Dependencies**: None\n\n### Phase 2: B\n**Dependencies**: Phase 1\n\n### Phase 3: C\n**Dependencies**: None\n\n### Phase 4: D\n**Dependencies**: Phase 3\n\n## Dependency Map\n\`\`\`\nPhase 1 ←──→ Phase 2\nPhase 3\n\nPhase 4\n\`\`\`\n`;
  const found = mismatches(text);
  // 1 → 2 sits on a two-way arrow that cannot be read: information. 3 → 4 has no line at all: a warning.
  assert.ok(found.some(([sev, msg]) => sev === 'information' && /Phase 2 depends on Phase 1/.test(msg)), JSON.stringify(found));
  assert.ok(found.some(([sev, msg]) => sev === 'warning' && /Phase 4 depends on Phase 3/.test(msg)), JSON.stringify(found));
});

test('prose under the map that states an order is compared with the Dependencies lines', () => {
  const order = (sentence: string) =>
    mismatches(`# Plan: x\n\n### Phase 1: A\n**Dependencies**: None\n\n### Phase 2: B\n**Dependencies**: Phase 1\n\n### Phase 3: C\n**Dependencies**: Phase 1\n\n## Dependency Map\n\`\`\`\nPhase 1 ──→ Phase 2\n   └──→ Phase 3\n\`\`\`\n\n${sentence}\n`);
  assert.ok(order('Phase 3 needs Phase 2.').some(([sev, msg]) => sev === 'warning' && /says Phase 3 needs Phase 2, but Phase 3's Dependencies line does not depend on it/.test(msg)));
  assert.ok(order('Phase 3 depends on **both** Phase 1 (schema) and Phase 2 (API).').some(([, msg]) => /says Phase 3 needs Phase 2,/.test(msg)));
  // What the lines agree with, and sentences that do not open with one phase and the verb, say nothing.
  assert.deepEqual(order('Phase 3 needs Phase 1 (the schema).'), []);
  assert.deepEqual(order('Phase 2 strictly depends on Phase 1 because the tests import it.'), []);
  assert.deepEqual(order('Nothing in Phase 3 needs Phase 2.'), []);
  assert.deepEqual(order('Phase 3 does not need Phase 2.'), []);
});
