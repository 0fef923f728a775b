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
