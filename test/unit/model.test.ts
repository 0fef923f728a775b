// The plan model on fixtures the project writes itself: every heading and dependency form, exact phases and edges.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parsePlan, readDependencyValue } from '../../src/model/index';
import type { PlanModel } from '../../src/model/types';

const fixture = (name: string) => readFileSync(join(__dirname, '../../../test/fixtures/model', name), 'utf8');
const lineOf = (text: string, needle: string) => text.split('\n').findIndex((l) => l.includes(needle));
const deps = (m: PlanModel) => Object.fromEntries(m.phases.map((p) => [p.id, p.dependencies?.dependsOn ?? null]));

test('every phase heading form becomes a phase, with its id as written and its level', () => {
  const text = fixture('forms.md');
  const m = parsePlan(text);
  assert.deepEqual(
    m.phases.map((p) => [p.id, p.title, p.level]),
    [
      ['1', 'Foundation', 3],
      ['2', 'Storage', 3],
      ['2a', 'Indexes', 3],
      ['2b', 'Migrations', 3],
      ['3', 'Sync', 3],
      ['4', 'Cleanup', 3],
      ['5', 'Docs', 3],
      ['6', 'Telemetry', 3],
      ['7', 'Rollout', 3],
      ['8', 'Handover', 3],
      ['9', 'Level-two phase', 2],
    ],
  );
});

test('a phase heading inside a code fence is not a phase', () => {
  const m = parsePlan(fixture('forms.md'));
  assert.equal(m.phases.some((p) => p.id === '10'), false);
  assert.equal(m.codeBlocks.length, 1);
  assert.equal(m.codeBlocks[0].lang, 'md');
});

test('every dependency form resolves to the right phase ids', () => {
  const m = parsePlan(fixture('forms.md'));
  assert.deepEqual(deps(m), {
    '1': [],
    '2': ['1'],
    '2a': ['1', '2'],
    '2b': ['1', '2', '2a'],
    '3': ['1', '2', '2a', '2b'],
    '4': ['1', '2', '2a', '2b', '3'],
    '5': [],
    '6': ['2a'],
    '7': ['0', '6'],
    '8': [],
    '9': ['2a', '2b', '3'],
  });
  const byId = new Map(m.phases.map((p) => [p.id, p]));
  assert.equal(byId.get('1')!.dependencies!.none, true);
  assert.equal(byId.get('5')!.dependencies!.none, true, 'None (…) is None: the parenthetical is prose');
  assert.equal(byId.get('4')!.dependencies!.allPrevious, true);
  assert.deepEqual(byId.get('8')!.dependencies!.unread.map((u) => u.text), ['the decision above']);
  assert.deepEqual(byId.get('6')!.dependencies!.unread, [], 'prose after references is not unread');
  assert.equal(byId.get('2b')!.dependencies!.refs[0].via, 'range');
});

test('dependency ranges point at the text that produced each reference', () => {
  const text = fixture('forms.md');
  const m = parsePlan(text);
  const lines = text.split('\n');
  const slice = (r: { start: { line: number; character: number }; end: { line: number; character: number } }) =>
    lines[r.start.line].slice(r.start.character, r.end.character);
  const p2a = m.phases.find((p) => p.id === '2a')!;
  assert.deepEqual(p2a.dependencies!.refs.map((r) => slice(r.range)), ['1', '2']);
  assert.equal(slice(p2a.dependencies!.valueRange), 'Phase 1, Phase 2');
  assert.equal(p2a.dependencies!.raw, 'Phase 1, Phase 2');
  const p8 = m.phases.find((p) => p.id === '8')!;
  assert.equal(slice(p8.dependencies!.unread[0].range), 'the decision above');
  const p7 = m.phases.find((p) => p.id === '7')!;
  assert.equal(p7.dependencies!.range.start.line, lineOf(text, '**Dependencies**: Phase 0 merged'), 'found on the second line of a paragraph');
  assert.equal(slice(p2a.idRange), '2a');
  assert.equal(p2a.heading.start.line, lineOf(text, '### Phase 2a: Indexes'));
});

test('phase ranges end before the next heading of the same or a higher level', () => {
  const text = fixture('forms.md');
  const m = parsePlan(text);
  const p8 = m.phases.find((p) => p.id === '8')!;
  const p9 = m.phases.find((p) => p.id === '9')!;
  assert.equal(p8.range.end.line, lineOf(text, '**Dependencies**: the decision above'));
  assert.ok(p9.range.end.line < lineOf(text, '## Risk Analysis'));
  assert.ok(p9.range.end.line >= lineOf(text, '```md') + 2, 'the fenced block belongs to phase 9');
});

test('checkboxes, metadata, front matter, tables and change log', () => {
  const text = fixture('forms.md');
  const m = parsePlan(text);
  const p1 = m.phases[0];
  assert.deepEqual(p1.checkboxes.map((c) => [c.text, c.checked]), [['scaffold', true], ['tests', false]]);
  assert.deepEqual(m.metadata.map((f) => [f.key, f.value]), [['ID', '0042'], ['Status', 'draft'], ['Created', '2026-11-20']]);
  assert.equal(m.frontmatter?.range.start.line, 0);
  assert.equal(m.frontmatter?.range.end.line, 3);
  assert.equal(m.title?.text, 'Plan: Every form a real plan uses');
  assert.deepEqual(m.risks.map((r) => [r.risk.text, r.probability?.text, r.impact?.text]), [['Slow disks', 'Low', 'High'], ['Drift', 'M', 'L']]);
  assert.equal(m.tables.find((t) => t.kind === 'risk')?.heading, 'Risk Analysis');
  assert.deepEqual(m.changeLog.map((r) => r.date?.text), ['2026-11-20']);
  assert.deepEqual(m.sections.map((s) => s.title), ['Metadata', 'Phase Breakdown', 'Phase 9: Level-two phase', 'Risk Analysis', 'Change Log']);
  assert.equal(m.preset, 'codev-legacy');
});

test('ranges lie inside the document and are ordered', () => {
  const text = fixture('forms.md');
  const m = parsePlan(text);
  const lines = text.split('\n');
  for (const p of m.phases) {
    for (const r of [p.heading, p.range, p.idRange, ...(p.dependencies ? [p.dependencies.range, p.dependencies.valueRange] : [])]) {
      assert.ok(r.start.line <= r.end.line && r.end.line < lines.length);
      assert.ok(r.end.character <= lines[r.end.line].length);
    }
  }
});

test('steps of a free-form plan and numbered changes of a PIR plan are steps, not phases', () => {
  const free = parsePlan(fixture('steps.md'));
  assert.equal(free.preset, 'generic');
  assert.deepEqual(free.phases, []);
  assert.deepEqual(free.steps.map((s) => [s.id, s.title]), [['1', 'Add the type'], ['2', 'Wire the command']]);
  const pir = parsePlan(fixture('pir.md'));
  assert.equal(pir.preset, 'codev-pir');
  assert.deepEqual(pir.phases, []);
  assert.deepEqual(pir.steps.map((s) => [s.id, s.title]), [['1', 'Serialize saves'], ['2', 'Add a regression test']]);
});

test('the phases JSON: parsed, or the JSON error with its position', () => {
  const text = fixture('codev.md');
  const m = parsePlan(text);
  assert.equal(m.preset, 'codev');
  const pj = m.phasesJson!;
  assert.ok(pj.error, 'the trailing comma is an error');
  assert.equal(pj.error!.range.start.line, lineOf(text, '"Second",}'));
  const fixed = parsePlan(text.replace('"Second",}', '"Second"}'));
  assert.deepEqual(fixed.phasesJson!.phases!.map((p) => [p.id, p.phaseId, p.title]), [['phase_1', '1', 'First'], ['phase_2', '2', 'Second']]);
  assert.equal(fixed.phasesJson!.isFirstBlock, true);
  assert.deepEqual(m.metadata.map((f) => f.key), ['Specification']);
  const p1 = m.phases[0];
  assert.deepEqual(p1.subsections.map((s) => [s.title, s.empty]), [['Objective', false], ['Files to Create / Modify', true], ['Test Plan', false]]);
});

test('the Dependency Map block is kept raw with the edges read from it', () => {
  const m = parsePlan(fixture('codev.md'));
  assert.equal(m.dependencyMap?.raw, 'Phase 1 ──→ Phase 2');
  assert.deepEqual(m.dependencyMap!.edges.map((e) => [e.from, e.to]), [['1', '2']]);
});

test('the preset can be set instead of detected', () => {
  const m = parsePlan(fixture('steps.md'), { preset: 'codev' });
  assert.equal(m.preset, 'codev');
  assert.equal(m.presetSource, 'option');
});

test('readDependencyValue: lenient reading, unread kept raw', () => {
  const ids = (v: string) => readDependencyValue(v).refs.map((r) => r.id ?? `${r.from}-${r.to}`);
  assert.deepEqual(ids('Phase 1, Phase 2'), ['1', '2']);
  assert.deepEqual(ids('Phases 1, 2, 3'), ['1', '2', '3']);
  assert.deepEqual(ids('Phases 1–3'), ['1-3']);
  assert.deepEqual(ids('Phases 2a, 2b, 3'), ['2a', '2b', '3']);
  assert.deepEqual(ids('phase_2 and phase_3'), ['2', '3']);
  assert.deepEqual(ids('Phase 2b (most commands), Phase 3 (terminal commands)'), ['2b', '3']);
  assert.deepEqual(ids('Phase 1, Phase 2 (Phase 3 recommended first)'), ['1', '2']);
  assert.deepEqual(ids('1, 2'), ['1', '2']);
  assert.equal(readDependencyValue('None.').none, true);
  assert.equal(readDependencyValue('None. **Ships first** (M0b).').none, true);
  assert.equal(readDependencyValue('(none)').none, true);
  assert.deepEqual(readDependencyValue('').unread, [{ start: 0, end: 0 }]);
  assert.deepEqual(readDependencyValue('TBD').unread, [{ start: 0, end: 3 }]);
});

test('hostile and odd input never throws', () => {
  for (const text of ['', '\u0000\u0001binary', '# Plan: <script>alert(1)</script>\n### Phase 1: <img src=x onerror=alert(1)>\n**Dependencies**: Phase 1, Phase 99', '```\nunclosed fence\n### Phase 1: x', '<!--\n### Phase 1: hidden\n', '#'.repeat(5000), '### Phase 1: a\n'.repeat(2000)]) {
    const m = parsePlan(text);
    assert.ok(Array.isArray(m.phases));
  }
  assert.equal(parsePlan('```\nunclosed fence\n### Phase 1: x').phases.length, 0);
  assert.equal(parsePlan('<!--\n### Phase 1: hidden\n-->\n').phases.length, 0);
  assert.equal(parsePlan('### Phase 1: a\n'.repeat(2000)).phases.length, 2000);
});

test('a note between the phase id and its title goes after the title', () => {
  const m = parsePlan('# Plan: x\n\n### Phase 1 (Week 1): Setup\n**Dependencies**: None\n\n### Phase 2 (optional) — Polish\n**Dependencies**: Phase 1\n');
  assert.deepEqual(m.phases.map((p) => [p.id, p.title]), [['1', 'Setup (Week 1)'], ['2', 'Polish (optional)']]);
});
