// parsePlan(text, { previous }) re-parses only the chunks an edit touched; the result must be identical to a fresh
// whole-document parse. A property test: every corpus plan (and the project's fixtures) under thousands of random
// edits (typing, deleting, pasting, inserting and removing headings and fences).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parsePlan } from '../../src/model/index';
import type { PlanModel } from '../../src/model/types';
import { sharedDir } from './checkFixtures';

const corpus = join(sharedDir, 'corpus/plans');
const fixtures = resolve(__dirname, '../../../test/fixtures/model');
const sources: [string, string][] = [
  ...readdirSync(fixtures).map((f): [string, string] => [f, readFileSync(join(fixtures, f), 'utf8')]),
  ...(existsSync(corpus) ? readdirSync(corpus).map((f): [string, string] => [f, readFileSync(join(corpus, f), 'utf8')]) : []),
];

/** A small seeded PRNG (mulberry32) so that a failure can be replayed. */
function rng(seed: number) {
  return () => {
    seed |= 0;
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const CHARS = ['a', 'b', ' ', '\n', '#', '`', '~', '-', '*', '|', '[', ']', '(', ')', ':', '<', '>', '1', '2', '–', '!', '\t'];

function lineStarts(text: string): number[] {
  const out = [0];
  for (let i = 0; i < text.length; i++) if (text[i] === '\n') out.push(i + 1);
  return out;
}

export function randomEdit(text: string, r: () => number): { text: string; kind: string } {
  const pick = <T>(xs: T[]) => xs[Math.floor(r() * xs.length)];
  const at = Math.floor(r() * (text.length + 1));
  const starts = lineStarts(text);
  const line = pick(starts);
  const lineEnd = (s: number) => {
    const e = text.indexOf('\n', s);
    return e < 0 ? text.length : e + 1;
  };
  const kind = pick(['type', 'type', 'type', 'delete', 'paste', 'heading+', 'heading-', 'fence+', 'fence-', 'newline']);
  switch (kind) {
    case 'type':
      return { kind, text: text.slice(0, at) + pick(CHARS) + text.slice(at) };
    case 'newline':
      return { kind, text: text.slice(0, at) + '\n' + text.slice(at) };
    case 'delete': {
      const len = 1 + Math.floor(r() * 30);
      return { kind, text: text.slice(0, at) + text.slice(at + len) };
    }
    case 'paste': {
      const from = Math.floor(r() * text.length);
      const len = Math.floor(r() * 200);
      return { kind, text: text.slice(0, at) + text.slice(from, from + len) + text.slice(at) };
    }
    case 'heading+':
      return { kind, text: text.slice(0, line) + pick(['### Phase 9: New\n', '## Section\n', '#### Objectives\n', '# Plan: x\n', '**Dependencies**: Phase 1\n']) + text.slice(line) };
    case 'heading-': {
      const heads = starts.filter((s) => text[s] === '#');
      if (!heads.length) return { kind, text };
      const s = pick(heads);
      return { kind, text: text.slice(0, s) + text.slice(lineEnd(s)) };
    }
    case 'fence+':
      return { kind, text: text.slice(0, line) + pick(['```\n', '~~~\n', '```json\n', '    ```\n', '<!--\n', '-->\n', '<div>\n']) + text.slice(line) };
    default: {
      const fences = starts.filter((s) => /^\s*(```|~~~)/.test(text.slice(s, s + 8)));
      if (!fences.length) return { kind, text };
      const s = pick(fences);
      return { kind, text: text.slice(0, s) + text.slice(lineEnd(s)) };
    }
  }
}

test('incremental parse equals a whole-document parse after thousands of random edits', () => {
  let edits = 0;
  sources.forEach(([name, original], i) => {
    const r = rng(1000 + i);
    const steps = 36;
    let text = original;
    let model: PlanModel = parsePlan(text);
    for (let k = 0; k < steps; k++) {
      const e = randomEdit(text, r);
      text = e.text;
      model = parsePlan(text, { previous: model });
      edits++;
      const whole = parsePlan(text, { wholeDocument: true } as never);
      if (JSON.stringify(model) !== JSON.stringify(whole)) {
        assert.deepEqual(model, whole, `${name}: after edit ${k} (${e.kind}, seed ${1000 + i}) the incremental model differs`);
      }
    }
  });
  assert.ok(sources.length < 10 || edits >= 2000, `ran ${edits} edits`);
});

test('an edit inside one phase re-parses only that chunk', () => {
  const text = readFileSync(join(fixtures, 'forms.md'), 'utf8');
  const before = parsePlan(text);
  const edited = text.replace('- [ ] tests', '- [x] tests');
  const after = parsePlan(edited, { previous: before });
  assert.equal(after.phases[0].checkboxes[1].checked, true);
  // Unchanged chunks are reused as they were: the same mdast-derived values, so equal models elsewhere.
  assert.deepEqual(after.phases.slice(1), before.phases.slice(1));
});
