import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parsePlan } from '../../src/model/parse';
import { dependencyCompletion, findMentions, mentionsAt, phaseAtLine } from '../../src/navigation/phaseRefs';
import { sharedDir } from './checkFixtures';

const PLAN = `# Plan: Mentions

## Phases (Machine Readable)

\`\`\`json
{"phases": [
  {"id": "phase_1", "title": "Base"},
  {"id": "phase_2a", "title": "Middle"},
  {"id": "polish", "title": "Polish"}
]}
\`\`\`

## Phase Breakdown

### Phase 1: Base
**Dependencies**: None

Prose that names Phase 2a and phase_3, but not Phases or Phase 2and.

### Phase 2a: Middle
**Dependencies**: Phase 1

### Phase 3: Polish
**Dependencies**: Phase 1, 2a

## Dependency Map
\`\`\`
Phase 1 ──→ Phase 2a ──→ Phase 3
\`\`\`
`;

const lines = PLAN.split('\n');
const show = (m: { id: string; range: { start: { line: number; character: number }; end: { character: number } }; kind: string }) =>
  `${m.id} ${m.kind} ${lines[m.range.start.line].slice(m.range.start.character, m.range.end.character)}`;

describe('findMentions', () => {
  const model = parsePlan(PLAN);
  const all = findMentions(model, PLAN);

  test('every mention, in document order, with its kind', () => {
    assert.deepEqual(all.map(show), [
      '1 json phase_1',
      '2a json phase_2a',
      '3 json "polish"',
      '1 heading Phase 1',
      '2a text Phase 2a',
      '3 text phase_3',
      '2a heading Phase 2a',
      '1 dependency Phase 1',
      '3 heading Phase 3',
      '1 dependency Phase 1',
      '2a dependency 2a',
      '1 map Phase 1',
      '2a map Phase 2a',
      '3 map Phase 3',
    ]);
  });

  test('mentionsAt finds the mention under a position, none elsewhere', () => {
    const line = lines.findIndex((l) => l.startsWith('Prose'));
    const col = lines[line].indexOf('Phase 2a') + 3;
    assert.deepEqual(mentionsAt(all, { line, character: col }).map((m) => m.id), ['2a']);
    assert.deepEqual(mentionsAt(all, { line, character: 0 }), []);
  });

  test('ids of the headings are mentions of kind heading, one per phase', () => {
    assert.deepEqual(all.filter((m) => m.kind === 'heading').map((m) => m.id), ['1', '2a', '3']);
  });
});

describe('dependencyCompletion', () => {
  const text = `# Plan: C

### Phase 1: A
**Dependencies**: None

### Phase 2: B
**Dependencies**: Phase 1

### Phase 3: C
**Dependencies**: Phase 2

### Phase 4: D
**Dependencies**: 
`;
  const model = parsePlan(text);
  const tl = text.split('\n');
  const lineOf = (heading: string) => tl.findIndex((l) => l.startsWith(heading)) + 1;

  test('offers nothing off a Dependencies line', () => {
    assert.equal(dependencyCompletion(model, '### Phase 1: A', { line: 2, character: 5 }), undefined);
    assert.equal(dependencyCompletion(model, 'Dependencies are nice', { line: 2, character: 12 }), undefined);
  });

  test('never the phase itself nor one that depends on it (a cycle)', () => {
    const line = lineOf('### Phase 1');
    const c = dependencyCompletion(model, '**Dependencies**: ', { line, character: 18 });
    // 2 and 3 depend on 1 (3 through 2); 4 does not.
    assert.deepEqual(c?.phases.map((p) => p.id), ['4']);
    const l2 = lineOf('### Phase 2');
    const c2 = dependencyCompletion(model, '**Dependencies**: Phase 1, ', { line: l2, character: 27 });
    // Phase 2 is itself, 3 depends on 2, 1 is already listed: only 4 remains.
    assert.deepEqual(c2?.phases.map((p) => p.id), ['4']);
  });

  test('a phase with nothing depending on it gets every other phase; the typed prefix is replaced', () => {
    const line = lineOf('### Phase 4');
    assert.equal(phaseAtLine(model, line)?.id, '4');
    const c = dependencyCompletion(model, '**Dependencies**: Pha', { line, character: 21 });
    assert.deepEqual(c?.phases.map((p) => p.id), ['1', '2', '3']);
    assert.deepEqual(c?.replace, { start: { line, character: 18 }, end: { line, character: 21 } });
    // `Phase 2` being typed is not "already listed".
    const c2 = dependencyCompletion(model, '**Dependencies**: Phase 2', { line, character: 25 });
    assert.deepEqual(c2?.phases.map((p) => p.id), ['1', '2', '3']);
  });

  test('list items and other key spellings', () => {
    const line = lineOf('### Phase 4');
    for (const s of ['- **Dependencies**: ', '**Depends on**: ', '__Dependencies__: ', '**Dependencies:** ']) {
      assert.ok(dependencyCompletion(model, s, { line, character: s.length }), s);
    }
  });
});

describe('corpus', () => {
  const dir = path.join(sharedDir, 'corpus/plans');
  const plans = fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => f.endsWith('.md')) : [];
  test('every dependency ref and heading of every corpus plan is found as a mention', { skip: plans.length ? false : 'corpus not present' }, () => {
    for (const f of plans) {
      const text = fs.readFileSync(path.join(dir, f), 'utf8');
      const model = parsePlan(text);
      const all = findMentions(model, text);
      for (const p of model.phases) {
        assert.ok(all.some((m) => m.kind === 'heading' && m.id === p.id && m.range.start.line === p.heading.start.line), `${f}: heading of phase ${p.id}`);
        for (const r of p.dependencies?.refs ?? []) {
          assert.ok(all.some((m) => m.id === r.id && m.range.start.line === r.range.start.line), `${f}: ref ${r.id} of phase ${p.id}`);
        }
      }
    }
  });
});
