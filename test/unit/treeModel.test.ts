import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parsePlan } from '../../src/model/parse';
import { sharedDir } from './checkFixtures';
import {
  buildTree,
  cyclicPhases,
  dependents,
  itemAtLine,
  lensParts,
  neighborItem,
  objectiveLine,
  phaseSummary,
  progressDetail,
  progressText,
  statusByPhase,
  transitiveDependents,
  walk,
} from '../../src/navigation/treeModel';

const PLAN = `# Plan: Export Reports

## Phase Breakdown

### Phase 1: Streaming Writer
**Dependencies**: None

#### Objectives

- Write rows to CSV as they are read.

#### Deliverables
- [x] Writer
- [x] Tests

### Phase 2a: Export Endpoint
**Dependencies**: Phase 1

#### Objectives
<!-- why -->
Serve the export.

#### Deliverables
- [x] Route
- [ ] Integration tests
- [ ] Docs

### Phase 3: Polish
**Dependencies**: Phase 1, Phase 2a

#### Deliverables
- [ ] Nothing yet
`;

function tree(text: string, extra: Partial<Parameters<typeof buildTree>[0]> = {}) {
  const lines = text.split('\n');
  return buildTree({ model: parsePlan(text), lineText: (l) => lines[l] ?? '', key: 'file:///p.md', ...extra });
}

describe('buildTree', () => {
  test('the title is the root and the phases its children, in order', () => {
    const root = tree(PLAN);
    assert.equal(root.kind, 'plan');
    assert.equal(root.label, 'Plan: Export Reports');
    assert.deepEqual(
      root.children.map((c) => c.label),
      ['Phase 1: Streaming Writer', 'Phase 2a: Export Endpoint', 'Phase 3: Polish'],
    );
    assert.equal(root.description, '3 phases · 1 done');
  });

  test('progress from checkboxes, and the state it gives', () => {
    const root = tree(PLAN);
    assert.deepEqual(
      root.children.map((c) => [c.description, c.state]),
      [
        ['2/2', 'complete'],
        ['1/3', 'in-progress'],
        ['0/1', 'pending'],
      ],
    );
  });

  test('a row shows the id and the progress before the title, so a long title never hides the progress', () => {
    const long = PLAN.replace('Phase 2a: Export Endpoint', `Phase 2a: Export Endpoint ${'with a very long title '.repeat(6).trim()}`);
    const rows = tree(long).children.map((c) => c.row);
    assert.deepEqual(rows[0], { label: 'Phase 1 · 2/2', description: 'Streaming Writer' });
    assert.equal(rows[1]!.label, 'Phase 2a · 1/3');
    assert.ok(rows[1]!.description!.startsWith('Export Endpoint with a very long title'));
  });

  test('progress from status.yaml when there is one', () => {
    const status = {
      path: 'status.yaml',
      phases: [
        { id: 'phase_1', title: 'Streaming Writer', status: 'complete' },
        { id: 'phase_2a', title: 'Export Endpoint', status: 'in_progress' },
        { id: 'polish', title: 'Polish', status: 'pending' },
      ],
    };
    const root = tree(PLAN, { status });
    assert.deepEqual(
      root.children.map((c) => [c.description, c.state]),
      [
        ['done', 'complete'],
        ['in progress', 'in-progress'],
        ['pending', 'pending'],
      ],
    );
    assert.deepEqual([...statusByPhase(parsePlan(PLAN), status).keys()], ['1', '2a', '3']);
    // The tooltip and the CodeLens tell both.
    assert.equal(root.children[1].tooltip?.lines.at(-1), 'Progress: in progress (status.yaml) · 1/3 checked');
    const model = parsePlan(PLAN);
    assert.deepEqual(lensParts(model, model.phases[1], statusByPhase(model, status)).at(-1), { title: 'in progress' });
  });

  test('children: dependencies first, then subsections', () => {
    const root = tree(PLAN);
    const p3 = root.children[2];
    assert.deepEqual(
      p3.children.map((c) => [c.kind, c.label]),
      [
        ['dependency', 'Phase 1: Streaming Writer'],
        ['dependency', 'Phase 2a: Export Endpoint'],
        ['subsection', 'Deliverables'],
      ],
    );
    // A dependency's target is the heading of the phase it names.
    assert.equal(p3.children[0].target.start.line, root.children[0].target.start.line);
    assert.equal(p3.children[1].phaseId, '2a');
  });

  test('ids are stable across edits and unique', () => {
    const a = tree(PLAN);
    const b = tree(PLAN.replace('Serve the export.', 'Serve the export.\nMore words.\n'));
    assert.deepEqual([...walk(a)].map((n) => n.id), [...walk(b)].map((n) => n.id));
    const ids = [...walk(a)].map((n) => n.id);
    assert.equal(new Set(ids).size, ids.length);
    assert.ok(ids.every((id) => id.startsWith('file:///p.md#')));
    const dup = tree('# Plan: X\n\n### Phase 1: A\n\n### Phase 1: B\n');
    assert.equal(new Set(dup.children.map((c) => c.id)).size, 2);
  });

  test('a phase on a cycle, and a phase with an error finding', () => {
    const text = '# Plan: X\n\n### Phase 1: A\n**Dependencies**: Phase 2\n\n### Phase 2: B\n**Dependencies**: Phase 1\n\n### Phase 3: C\n**Dependencies**: Phase 9\n';
    const model = parsePlan(text);
    assert.deepEqual([...cyclicPhases(model)].sort(), ['1', '2']);
    const p3 = model.phases[2];
    const root = tree(text, { findings: [{ severity: 'error', range: p3.dependencies!.range }, { severity: 'warning', range: model.phases[0].heading }] });
    assert.deepEqual(root.children.map((c) => c.state), ['cycle', 'cycle', 'error']);
    const unknown = root.children[2].children[0];
    assert.equal(unknown.unknown, true);
    assert.equal(unknown.description, 'not in this plan');
  });

  test('steps when the plan has no phases', () => {
    const root = tree('# Plan: Fix\n\n## Steps\n\n### Step 1: Reproduce\n- [x] repro\n\n### Step 2: Fix it\n- [ ] fix\n');
    assert.deepEqual(root.children.map((c) => [c.kind, c.label, c.description]), [
      ['step', 'Step 1: Reproduce', '1/1'],
      ['step', 'Step 2: Fix it', '0/1'],
    ]);
    assert.equal(root.description, '2 steps · 1 done');
  });

  test('a plan without a title or phases', () => {
    const root = tree('Some notes\n', { fileName: 'notes.md' });
    assert.equal(root.label, 'notes.md');
    assert.deepEqual(root.children, []);
    assert.equal(root.description, 'no phases');
  });
});

describe('summaries', () => {
  test('tooltip: objective first line, dependencies, needed by, progress', () => {
    const model = parsePlan(PLAN);
    const lines = PLAN.split('\n');
    const s = phaseSummary(model, model.phases[0], { lineText: (l) => lines[l] });
    assert.equal(s.title, 'Phase 1: Streaming Writer');
    assert.deepEqual(s.lines, [
      'Write rows to CSV as they are read.',
      'Depends on: none',
      'Needed by: Phase 2a (Export Endpoint), Phase 3 (Polish)',
      'Progress: 2/2 checked',
    ]);
    // Comments are skipped; a paragraph line counts as the objective.
    assert.equal(objectiveLine(model.phases[1], (l) => lines[l]), 'Serve the export.');
    assert.equal(objectiveLine(model.phases[2], (l) => lines[l]), undefined);
    // A hard-wrapped line is read to its end, not past the next item.
    const wrapped = '# Plan: W\n\n### Phase 1: A\n\n#### Objective\n- Build the thing so\n  that it lasts.\n- Second item\n';
    const wl = wrapped.split('\n');
    assert.equal(objectiveLine(parsePlan(wrapped).phases[0], (l) => wl[l]), 'Build the thing so that it lasts.');
  });

  test('CodeLens parts', () => {
    const model = parsePlan(PLAN);
    assert.deepEqual(lensParts(model, model.phases[0]), [
      { title: 'no dependencies' },
      { title: 'needed by 2a, 3', ids: ['2a', '3'] },
      { title: '2/2 done' },
    ]);
    assert.deepEqual(lensParts(model, model.phases[2]), [{ title: 'depends on 1, 2a', ids: ['1', '2a'] }, { title: '0/1 done' }]);
  });

  test('dependents, direct and transitive', () => {
    const model = parsePlan(PLAN);
    assert.deepEqual(Object.fromEntries(dependents(model)), { '1': ['2a', '3'], '2a': ['3'] });
    assert.deepEqual([...transitiveDependents(model, '1')].sort(), ['2a', '3']);
    assert.deepEqual([...transitiveDependents(model, '3')], []);
  });

  test('progress text', () => {
    assert.equal(progressText({ done: 0, total: 0 }), '');
    assert.equal(progressText({ done: 3, total: 7 }), '3/7');
    assert.equal(progressText({ done: 0, total: 0, status: 'in_progress' }), 'in progress');
    assert.equal(progressText({ done: 3, total: 7, status: 'complete' }), 'done');
    assert.equal(progressDetail({ done: 3, total: 7, status: 'blocked_on_review' }), 'blocked on review (status.yaml) · 3/7 checked');
  });
});

describe('cursor and neighbours', () => {
  test('the item under a line, next and previous', () => {
    const root = tree(PLAN);
    const [p1, p2, p3] = root.children;
    const lineOf = (s: string) => PLAN.split('\n').findIndex((l) => l.includes(s));
    assert.equal(itemAtLine(root, 0), undefined);
    assert.equal(itemAtLine(root, lineOf('Write rows'))?.id, p1.id);
    assert.equal(itemAtLine(root, lineOf('Integration tests'))?.id, p2.id);
    assert.equal(neighborItem(root, 0, 1)?.id, p1.id);
    assert.equal(neighborItem(root, lineOf('Write rows'), 1)?.id, p2.id);
    assert.equal(neighborItem(root, p2.target.start.line, 1)?.id, p3.id);
    assert.equal(neighborItem(root, p3.target.start.line, 1), undefined);
    assert.equal(neighborItem(root, lineOf('Integration tests'), -1)?.id, p2.id);
    assert.equal(neighborItem(root, p2.target.start.line, -1)?.id, p1.id);
    assert.equal(neighborItem(root, p1.target.start.line, -1), undefined);
  });
});

describe('corpus', () => {
  const dir = path.join(sharedDir, 'corpus/plans');
  const plans = fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => f.endsWith('.md')) : [];
  test('every corpus plan gives a tree with one item per phase and unique ids', { skip: plans.length ? false : 'corpus not present' }, () => {
    for (const f of plans) {
      const text = fs.readFileSync(path.join(dir, f), 'utf8');
      const model = parsePlan(text);
      const lines = text.split('\n');
      const root = buildTree({ model, lineText: (l) => lines[l] ?? '', key: f });
      assert.equal(root.children.length, model.phases.length || model.steps.length, f);
      const ids = [...walk(root)].map((n) => n.id);
      assert.equal(new Set(ids).size, ids.length, `${f}: duplicate ids`);
      for (const c of root.children) assert.ok(c.label.length > 0, f);
    }
  });
});
