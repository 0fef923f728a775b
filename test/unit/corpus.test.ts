// The model over every real plan of ../shared/corpus/plans (present in CI): invariants for all of them, and for a
// dozen plans chosen to cover the forms, the exact phases and edges, written by hand from reading each plan.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parsePlan } from '../../src/model/index';
import type { PlanModel, Range } from '../../src/model/types';
import { sharedDir } from './checkFixtures';

const corpus = join(sharedDir, 'corpus/plans');
const present = existsSync(corpus);
const files = present ? readdirSync(corpus).filter((f) => f.endsWith('.md')).sort() : [];
const read = (f: string) => readFileSync(join(corpus, f), 'utf8');

/** `### Phase 2a: …` headings outside fenced code, found by a plain line scan independent of the parser. */
function phaseHeadingLines(text: string): number[] {
  const out: number[] = [];
  let fence: string | null = null;
  text.split('\n').forEach((line, i) => {
    const f = /^\s*(`{3,}|~{3,})/.exec(line);
    if (f) {
      if (!fence) fence = f[1][0];
      else if (f[1][0] === fence && /^\s*(`{3,}|~{3,})\s*$/.test(line)) fence = null;
      return;
    }
    if (!fence && /^#{2,6}\s+Phase\s+\d+(\.\d+)?[a-z]?\b/i.test(line)) out.push(i);
  });
  return out;
}

function checkRange(r: Range, lines: string[], what: string) {
  assert.ok(r.start.line >= 0 && r.end.line < lines.length, `${what}: lines inside the document`);
  assert.ok(r.start.line < r.end.line || (r.start.line === r.end.line && r.start.character <= r.end.character), `${what}: ordered`);
  assert.ok(r.end.character <= lines[r.end.line].length + 1, `${what}: end inside its line`);
}

test('the corpus is there (CI has ../shared beside the clone)', { skip: !present && !process.env.CI ? 'no ../shared/corpus here' : false }, () => {
  assert.ok(files.length >= 50, `expected the corpus plans, found ${files.length}`);
});

for (const f of files) {
  test(`corpus invariants: ${f}`, () => {
    const text = read(f);
    const lines = text.split('\n');
    const m: PlanModel = parsePlan(text);
    assert.deepEqual(m.phases.map((p) => p.heading.start.line), phaseHeadingLines(text), 'every Phase heading outside code becomes a phase');
    for (const h of m.headings) checkRange(h.range, lines, `heading ${h.text}`);
    for (const s of m.sections) {
      checkRange(s.range, lines, `section ${s.title}`);
      checkRange(s.body, lines, `section body ${s.title}`);
    }
    let prev = -1;
    for (const p of m.phases) {
      assert.ok(p.heading.start.line > prev, 'phases in document order');
      prev = p.heading.start.line;
      for (const r of [p.heading, p.range, p.idRange]) checkRange(r, lines, `phase ${p.id}`);
      for (const s of p.subsections) checkRange(s.range, lines, `subsection ${s.title}`);
      if (p.dependencies) {
        checkRange(p.dependencies.range, lines, `dependencies of ${p.id}`);
        for (const r of p.dependencies.refs) checkRange(r.range, lines, `ref ${r.id}`);
      }
    }
    for (const b of m.codeBlocks) checkRange(b.range, lines, 'code block');
    if (m.dependencyMap) for (const e of m.dependencyMap.edges) checkRange(e.range, lines, 'map edge');
    // Chunked parsing gives exactly what one whole-document remark parse gives.
    assert.deepEqual(m, parsePlan(text, { wholeDocument: true } as never));
  });
}

type Expect = { preset: string; phases: Record<string, string[] | null>; steps?: string[] };
const expected: Record<string, Expect> = {
  '0048-markdown-preview.md': { preset: 'codev-legacy', phases: { 1: [], 2: ['1'], 3: ['2'], 4: ['3'], 5: ['4'], 6: ['5'], 7: ['6'] } },
  '0098-port-registry-removal.md': { preset: 'codev', phases: { 1: [], 2: ['1'], 3: ['2'] } },
  '0107-tower-cloud-registration-ui.md': { preset: 'codev', phases: { 1: [], 2: ['1'], 3: ['2'], 4: [] } },
  '0110-messaging-infrastructure.md': { preset: 'codev', phases: { 1: [], 2: ['1'], 3: ['2'], 4: ['1', '2', '3'] } },
  '0127-tower-async-handlers.md': { preset: 'codev', phases: { 1: [], 2: ['1'] } },
  '0602-vscode-extension.md': {
    preset: 'codev',
    phases: { 1: [], '1b': ['1a'], '2a': ['1b'], '2b': ['2a'], 3: ['2a'], 4: ['2b'], 5: ['2b', '3', '4'], 6: [], 7: ['2a', '2b', '3', '4', '5', '6'], 8: ['2a'], 9: ['3'] },
  },
  '1280-prompt-surface-judgment-not-ru.md': { preset: 'codev', phases: { 0: [], 1: ['0'], 2: null, 3: [], 4: ['3'], 5: null, 6: null, 7: null, 8: null, 9: null, 10: null } },
  '1313-afx-send-mailbox-first-delivery.md': {
    preset: 'codev',
    phases: { 1: [], 2: [], 3: ['2'], 4: ['1', '2'], 5: ['4'], 6: ['4'], 7: ['1', '4'], 8: ['7'], 9: ['1', '2', '3', '4', '5', '6', '7', '8'] },
  },
  '1338-retire-gemini-cli-as-a-builder.md': { preset: 'codev', phases: { 1: [], 2: ['1'], 3: ['1'], 4: ['3'] } },
  '1470-automatic-builder-context-refr.md': { preset: 'codev', phases: { 1: [], 2: ['1'], 3: [], 4: ['3'], 5: ['4'], 6: ['2'], 7: [], 8: ['1', '2', '3', '4', '5', '6', '7'] } },
  '446-codev-update-agent.md': { preset: 'codev', phases: { 1: [], 2: ['1'], 3: ['1', '2'] } },
  '0041-e2e-test-suite.md': { preset: 'generic', phases: { 1: null, 2: null, 3: null, 4: null, 5: null, 6: null, 7: null, 8: null, 9: null, 10: null } },
  '0006-tutorial-mode.md': { preset: 'generic', phases: {}, steps: ['1', '2', '3', '4', '5'] },
  '1073-vscode-keyboard-shortcut-to-fo.md': { preset: 'codev-pir', phases: {}, steps: ['1', '2', '3', '4', '5'] },
};

for (const [f, want] of Object.entries(expected)) {
  test(`corpus exact phases and edges: ${f}`, { skip: present ? false : 'no corpus' }, () => {
    const m = parsePlan(read(f));
    assert.equal(m.preset, want.preset);
    const got = Object.fromEntries(m.phases.map((p) => [p.id, p.dependencies ? p.dependencies.dependsOn : null]));
    assert.deepEqual(got, Object.fromEntries(Object.entries(want.phases)));
    assert.deepEqual(m.phases.map((p) => p.id), Object.keys(want.phases).sort((a, b) => parseFloat(a) - parseFloat(b) || a.localeCompare(b)));
    if (want.steps) assert.deepEqual(m.steps.map((s) => s.id), want.steps);
  });
}

test('1280: the dependency that names no phase is kept raw as unread', { skip: present ? false : 'no corpus' }, () => {
  const m = parsePlan(read('1280-prompt-surface-judgment-not-ru.md'));
  assert.deepEqual(m.phases.find((p) => p.id === '3')!.dependencies!.unread.map((u) => u.text), ['the P6 mechanism decision above.']);
});
