import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { readDependencyMap, readMapLabel } from '../../src/model/dependencyMap';
import type { Position, Range } from '../../src/model/types';
import { sharedDir } from './checkFixtures';

type Reading = ReturnType<typeof readDependencyMap>;

const ORIGIN: Position = { line: 0, character: 0 };

function read(lines: string[], origin: Position = ORIGIN): Reading {
  return readDependencyMap(lines.join('\n'), origin);
}

/** The edges as sorted `from->to` strings. */
function edgeSet(r: Reading): string[] {
  return r.edges.map((e) => `${e.from}->${e.to}`).sort();
}

function nodeIds(r: Reading): string[][] {
  return r.nodes.map((n) => n.ids);
}

function unreadableText(r: Reading): string[] {
  return r.unreadable.map((u) => u.text);
}

function range(l1: number, c1: number, l2: number, c2: number): Range {
  return { start: { line: l1, character: c1 }, end: { line: l2, character: c2 } };
}

describe('readMapLabel', () => {
  test('reads single phase names, normalised', () => {
    assert.deepEqual(readMapLabel('Phase 1'), ['1']);
    assert.deepEqual(readMapLabel('Phase 2a'), ['2a']);
    assert.deepEqual(readMapLabel('phase_1'), ['1']);
    assert.deepEqual(readMapLabel('phase_2A'), ['2a']);
    assert.deepEqual(readMapLabel('PHASE 10'), ['10']);
    assert.deepEqual(readMapLabel('Phase 1.5'), ['1.5']);
  });

  test('descriptive text after the reference belongs to the label but names nothing', () => {
    assert.deepEqual(readMapLabel('Phase 1a (types, done)'), ['1a']);
    assert.deepEqual(readMapLabel('Phase 7 (V1 polish + packaging)'), ['7']);
    assert.deepEqual(readMapLabel('Phase 1: Input Tracking'), ['1']);
    assert.deepEqual(readMapLabel('phase_9 (docs) depends on all'), ['9']);
    assert.deepEqual(readMapLabel('Phase 5 (after Phase 3)'), ['5']);
  });

  test('reads groups, lists and ranges', () => {
    assert.deepEqual(readMapLabel('Phase 2b + 3 + 4'), ['2b', '3', '4']);
    assert.deepEqual(readMapLabel('Phases 1, 2'), ['1', '2']);
    assert.deepEqual(readMapLabel('Phases 3-6'), ['3', '4', '5', '6']);
    assert.deepEqual(readMapLabel('Phases 3–6'), ['3', '4', '5', '6']);
    assert.deepEqual(readMapLabel('Phase 1, Phase 2 and Phase 4'), ['1', '2', '4']);
    assert.deepEqual(readMapLabel('All V1 phases (1a, 1b, 2a, 2b, 3-6)'), ['1a', '1b', '2a', '2b', '3', '4', '5', '6']);
    assert.deepEqual(readMapLabel('Phases 2a-2c'), ['2a', '2c']);
  });

  test('text naming no phase is not a label', () => {
    assert.equal(readMapLabel('NO DEPENDENCIES'), undefined);
    assert.equal(readMapLabel('can run in parallel from Day 1'), undefined);
    assert.equal(readMapLabel('(all phases sequential)'), undefined);
    assert.equal(readMapLabel('Critical path'), undefined);
    assert.equal(readMapLabel('phased rollout 2'), undefined);
    assert.equal(readMapLabel('1'), undefined);
    assert.equal(readMapLabel(''), undefined);
  });
});

describe('readDependencyMap: chains', () => {
  test("the template's map", () => {
    const r = read(['Phase 1 ──→ Phase 2 ──→ Phase 3', '             ↓', '         Phase 4 (optional)']);
    assert.deepEqual(nodeIds(r), [['1'], ['2'], ['3'], ['4']]);
    assert.deepEqual(
      r.nodes.map((n) => n.text),
      ['Phase 1', 'Phase 2', 'Phase 3', 'Phase 4 (optional)'],
    );
    assert.deepEqual(r.nodes[3].range, range(2, 9, 2, 27));
    assert.deepEqual(edgeSet(r), ['1->2', '2->3', '2->4']);
    assert.deepEqual(r.edges.find((e) => e.to === '2')!.range, range(0, 8, 0, 11));
    assert.deepEqual(r.edges.find((e) => e.to === '4')!.range, range(1, 13, 1, 14));
    assert.deepEqual(r.unreadable, []);
  });

  test('single-character arrows and a trailing parenthetical', () => {
    const r = read(['Phase 1 → Phase 2 → Phase 3 (sequential)']);
    assert.deepEqual(nodeIds(r), [['1'], ['2'], ['3']]);
    assert.equal(r.nodes[2].text, 'Phase 3 (sequential)');
    assert.deepEqual(edgeSet(r), ['1->2', '2->3']);
    assert.deepEqual(r.unreadable, []);
  });

  test('ASCII arrows: -->, ==>, ->, <--', () => {
    assert.deepEqual(edgeSet(read(['Phase 1 --> Phase 2 ==> Phase 3 -> Phase 4'])), ['1->2', '2->3', '3->4']);
    assert.deepEqual(edgeSet(read(['Phase 1 <-- Phase 2'])), ['2->1']);
    assert.deepEqual(edgeSet(read(['Phase 1-->Phase 2'])), ['1->2']);
  });

  test('other heads and lines: ⟶ ▶ > ━ ═ ←', () => {
    assert.deepEqual(edgeSet(read(['Phase 1 ⟶ Phase 2 ━━▶ Phase 3 ═══> Phase 4 > Phase 5'])), ['1->2', '2->3', '3->4', '4->5']);
    assert.deepEqual(edgeSet(read(['Phase 3 ←── Phase 2 ← Phase 1'])), ['1->2', '2->3']);
  });

  test('emoji arrows, with or without the variation selector', () => {
    const r = read(['Phase 1 ➡️ Phase 2 ➡ Phase 3', '          ⬇️', '       Phase 4']);
    assert.deepEqual(edgeSet(r), ['1->2', '2->3', '2->4']);
    assert.deepEqual(r.edges.find((e) => e.to === '2')!.range, range(0, 8, 0, 10));
  });

  test('a snake: a row read right to left after a downward turn', () => {
    const r = read(['Phase 1 ──→ Phase 2', '               │', '               ↓', 'Phase 4 ←── Phase 3']);
    assert.deepEqual(edgeSet(r), ['1->2', '2->3', '3->4']);
  });

  test('labels with colons and descriptions', () => {
    const r = read(['Phase 1: Setup ──→ Phase 2: Build the thing ──→ Phase 3 (ship, docs)']);
    assert.deepEqual(
      r.nodes.map((n) => n.text),
      ['Phase 1: Setup', 'Phase 2: Build the thing', 'Phase 3 (ship, docs)'],
    );
    assert.deepEqual(edgeSet(r), ['1->2', '2->3']);
  });

  test('ASCII look-alikes inside a label stay text', () => {
    const r = read(['Phase 1 (--dry-run, a/b, x + y) ──→ Phase 2 (post-V1, 3-6)']);
    assert.deepEqual(
      r.nodes.map((n) => n.text),
      ['Phase 1 (--dry-run, a/b, x + y)', 'Phase 2 (post-V1, 3-6)'],
    );
    assert.deepEqual(nodeIds(r), [['1'], ['2']]);
    assert.deepEqual(edgeSet(r), ['1->2']);
    assert.deepEqual(r.unreadable, []);
    const s = read(['Phase 1 (v) ──→ Phase 2 (^)', 'Phase 3 (v) ──→ Phase 4 (^)', 'Phase 5 (x|y) ──→ Phase 6']);
    assert.deepEqual(
      s.nodes.map((n) => n.text),
      ['Phase 1 (v)', 'Phase 2 (^)', 'Phase 3 (v)', 'Phase 4 (^)', 'Phase 5 (x|y)', 'Phase 6'],
    );
    assert.deepEqual(edgeSet(s), ['1->2', '3->4', '5->6']);
  });

  test('text on a line labels the line', () => {
    const r = read(['Phase 1 ──(needs the API)──→ Phase 2 ── note ──→ Phase 3']);
    assert.deepEqual(nodeIds(r), [['1'], ['2'], ['3']]);
    assert.deepEqual(edgeSet(r), ['1->2', '2->3']);
    assert.deepEqual(r.unreadable, []);
    // Without an arrowhead the line is read left to right, marked as assumed.
    const s = read(['Phase 1 ── note ── Phase 2']);
    assert.deepEqual(s.edges.map((e) => [e.from, e.to, e.assumed]), [['1', '2', true]]);
    assert.deepEqual(unreadableText(s), []);
  });

  test('a gap of two spaces before an arrow still touches the label', () => {
    assert.deepEqual(edgeSet(read(['Phase 3 (doctor)  ──→  Phase 4'])), ['3->4']);
  });
});

describe('readDependencyMap: vertical and branching', () => {
  test('vertical ASCII arrows: | v and ^', () => {
    const r = read(['Phase 1', '   |', '   v', 'Phase 2', '   ^', '   |', 'Phase 3']);
    assert.deepEqual(edgeSet(r), ['1->2', '3->2']);
    assert.deepEqual(r.unreadable, []);
  });

  test('vertical Unicode arrows: │ ↓ ▼ ↑ ┃', () => {
    const r = read(['Phase 1', '  │', '  ▼', 'Phase 2', '  ┃', '  ↓', 'Phase 3', '  ↑', 'Phase 4']);
    assert.deepEqual(edgeSet(r), ['1->2', '2->3', '4->3']);
  });

  test('a vertical arrow just past the end of a label reaches it', () => {
    const r = read(['Phase 1 ──→ Phase 2', '                   ↓', '               Phase 3']);
    assert.deepEqual(edgeSet(r), ['1->2', '2->3']);
    const s = read(['Phase 1', '       │', '       ▼', ' Phase 2']);
    assert.deepEqual(edgeSet(s), ['1->2']);
  });

  test('fan-out with ├ and └ under a label', () => {
    const r = read(['Phase 1 (core)', '   ├──→ Phase 2 (spawn)', '   └──→ Phase 3 (doctor)  ──→ Phase 4']);
    assert.deepEqual(edgeSet(r), ['1->2', '1->3', '3->4']);
    assert.deepEqual(r.unreadable, []);
  });

  test('fan-out with ┬ on the arrow', () => {
    const r = read(['Phase 1 ──┬──→ Phase 2', '          └──→ Phase 3']);
    assert.deepEqual(edgeSet(r), ['1->2', '1->3']);
  });

  test('fan-in with ┐ ┤ ┘ into one arrow', () => {
    const r = read([
      'phase_1 (store) ─────┐',
      '                     ├─→ phase_4 (core)',
      'phase_2 (gate) ──────┤',
      '        └─→ phase_3 ─┘',
    ]);
    assert.deepEqual(edgeSet(r), ['1->4', '2->3', '2->4', '3->4']);
  });

  test('rounded corners ╭ ╮ ╰ ╯', () => {
    const r = read(['Phase 1 ──╮', '          ╰──→ Phase 2', 'Phase 3 ──╯']);
    assert.deepEqual(edgeSet(r), ['1->2', '3->2']);
    const s = read(['Phase 1 ─╮', '         │', '         ╰─→ Phase 2']);
    assert.deepEqual(edgeSet(s), ['1->2']);
  });

  test('ASCII junctions with +', () => {
    const r = read(['Phase 1 --+--> Phase 3', '          |', 'Phase 2 --+']);
    assert.deepEqual(edgeSet(r), ['1->3', '2->3']);
  });

  test('diagonal arrows ↘ ↙ ↗ ↖', () => {
    const r = read(['Phase 1   Phase 2', '     ↘    ↙', '     Phase 3']);
    assert.deepEqual(edgeSet(r), ['1->3', '2->3']);
    const s = read(['     Phase 3', '     ↗    ↖', 'Phase 1   Phase 2']);
    assert.deepEqual(edgeSet(s), ['1->3', '2->3']);
  });

  test('diagonal lines \\ and / ending in an arrowhead', () => {
    const r = read(['  Phase 1', '   \\', '    ↘', '     Phase 2']);
    assert.deepEqual(edgeSet(r), ['1->2']);
    const s = read(['      Phase 1', '     /', '    ↙', 'Phase 2']);
    assert.deepEqual(edgeSet(s), ['1->2']);
  });

  test('a fan-out drawn as arrows starting under the first arrow', () => {
    const r = read([
      'Phase 1 ──→ Phase 2 (a)',
      '        ──→ Phase 3 (b) ──→ Phase 5',
      '         ──→ Phase 4 (c)',
      'Phase 6 ──→ Phase 7',
    ]);
    assert.deepEqual(edgeSet(r), ['1->2', '1->3', '1->4', '3->5', '6->7']);
  });

  test('stacked rows of arrows do not mix', () => {
    const r = read(['Phase 1 ──→ Phase 2', 'Phase 3 ──→ Phase 4']);
    assert.deepEqual(edgeSet(r), ['1->2', '3->4']);
  });
});

describe('readDependencyMap: groups', () => {
  test('group labels on either end of an arrow', () => {
    const r = read(['Phase 2b + 3 + 4 ──→ Phase 5 (commands)', 'Phases 1, 2 ──→ Phases 3-6', 'Phases 7–8 ──→ Phase 9']);
    assert.deepEqual(nodeIds(r), [['2b', '3', '4'], ['5'], ['1', '2'], ['3', '4', '5', '6'], ['7', '8'], ['9']]);
    assert.deepEqual(edgeSet(r), [
      '1->3', '1->4', '1->5', '1->6', '2->3', '2->4', '2->5', '2->6', '2b->5', '3->5', '4->5', '7->9', '8->9',
    ]);
  });

  test('"All … phases (list)" with lettered ids and a range', () => {
    const r = read(['All V1 phases (1a, 1b, 2a, 3-5) ──→ Phase 7 (V1 polish + packaging)']);
    assert.deepEqual(nodeIds(r), [['1a', '1b', '2a', '3', '4', '5'], ['7']]);
    assert.deepEqual(edgeSet(r), ['1a->7', '1b->7', '2a->7', '3->7', '4->7', '5->7']);
  });

  test('a group does not link to itself', () => {
    assert.deepEqual(edgeSet(read(['Phases 1-2 ──→ Phases 2-3'])), ['1->2', '1->3', '2->3']);
  });
});

describe('readDependencyMap: boxes', () => {
  test('Unicode boxes around labels', () => {
    const r = read([
      '┌─────────┐   ┌─────────┐',
      '│ Phase 1 │──→│ Phase 2 │',
      '└────┬────┘   └─────────┘',
      '     │',
      '     ▼',
      '╭─────────╮',
      '│ Phase 3 │',
      '│ (tests) │',
      '╰─────────╯',
    ]);
    assert.deepEqual(nodeIds(r), [['1'], ['2'], ['3']]);
    assert.deepEqual(edgeSet(r), ['1->2', '1->3']);
    assert.deepEqual(r.unreadable, []);
  });

  test('ASCII boxes around labels', () => {
    const r = read(['+---------+     +---------+', '| Phase 1 |---->| Phase 2 |', '+---------+     +---------+']);
    assert.deepEqual(edgeSet(r), ['1->2']);
    assert.deepEqual(r.unreadable, []);
  });

  test('a box around two labels is not a node frame', () => {
    const r = read(['┌───────────────────┐', '│ Phase 1   Phase 2 │', '└───────────────────┘']);
    assert.deepEqual(r.edges, []);
    assert.equal(r.unreadable.length, 1);
  });
});

describe('readDependencyMap: what is not read', () => {
  test('prose lines and labels naming no phase are unreadable, never nodes', () => {
    const r = read(['(all phases sequential)', 'Critical path: Phase 1 → Phase 2', '', 'NO DEPENDENCIES']);
    assert.deepEqual(nodeIds(r), [['1'], ['2']]);
    assert.deepEqual(edgeSet(r), ['1->2']);
    assert.deepEqual(unreadableText(r), ['(all phases sequential)', 'NO DEPENDENCIES']);
    assert.deepEqual(r.unreadable[1].range, range(3, 0, 3, 15));
  });

  test('an annotation after a label is reported with its line', () => {
    const r = read(['Phase 6 (review) ── NO DEPENDENCIES ── can run in parallel from Day 1']);
    assert.deepEqual(nodeIds(r), [['6']]);
    assert.deepEqual(r.edges, []);
    assert.deepEqual(unreadableText(r), ['── NO DEPENDENCIES ── can run in parallel from Day 1']);
    assert.deepEqual(r.unreadable[0].range, range(0, 17, 0, 69));
  });

  test('phases named in a description are not read as edges, and say so', () => {
    const r = read(['Phase 5 (see Phase 3) ──→ Phase 6', 'Phase 7 is like Phase 1 and Phase 2']);
    assert.deepEqual(nodeIds(r), [['5'], ['6'], ['7']]);
    assert.deepEqual(edgeSet(r), ['5->6']);
    assert.deepEqual(unreadableText(r), ['Phase 3)', 'Phase 1 and Phase 2']);
    assert.deepEqual(r.unreadable[0].range, range(0, 13, 0, 21));
  });

  test('a description saying what a phase comes after is read as edges', () => {
    const r = read(['Phase 1 ──→ Phase 4 (Docs) [after 2+3]', 'Phase 5 (after Phase 4)', 'Phase 7 depends on Phase 1 and Phase 2']);
    assert.deepEqual(edgeSet(r), ['1->4', '1->7', '2->4', '2->7', '3->4', '4->5']);
    assert.deepEqual(unreadableText(r), []);
  });

  test('arrows between things that are not phases', () => {
    const r = read(['1 ──→ 2', 'Setup ──→ Phase 2']);
    assert.deepEqual(r.edges, []);
    assert.deepEqual(unreadableText(r), ['1 ──→ 2', 'Setup ──→']);
  });

  test('arrows missing a source or a target, undirected and two-way lines', () => {
    const r = read(['Phase 1 ───── Phase 2', 'Phase 3 ──→', '──→ Phase 4', 'Phase 5 ←──→ Phase 6', '   ↓', '']);
    // The undirected line is read left to right and marked as assumed; nothing else makes an edge.
    assert.deepEqual(r.edges.map((e) => [e.from, e.to, e.assumed]), [['1', '2', true]]);
    assert.deepEqual(unreadableText(r), ['──→', '──→', '←──→', '↓']);
    // What could not be read says which labels it touches.
    assert.deepEqual(r.unreadable.map((u) => u.nodes ?? []), [['3'], ['4'], ['5', '6'], ['5']]);
  });

  test('a dangling arrowhead of a readable bus is reported, the rest read', () => {
    const r = read(['Phase 1 ──┬──→ Phase 2', '          └──→']);
    assert.deepEqual(edgeSet(r), ['1->2']);
    assert.deepEqual(unreadableText(r), ['└──→']);
  });

  test('an arrow landing on nothing below is unreadable', () => {
    const r = read(['Phase 1', '  ↓', '', 'Phase 2']);
    assert.deepEqual(r.edges, []);
    assert.deepEqual(unreadableText(r), ['↓']);
  });

  test('empty and blank drawings', () => {
    assert.deepEqual(read(['']), { nodes: [], edges: [], unreadable: [] });
    assert.deepEqual(read(['   ', '\t']), { nodes: [], edges: [], unreadable: [] });
  });
});

describe('readDependencyMap: ranges', () => {
  test('document ranges: the origin character counts on the first row only', () => {
    const r = read(['Phase 1 ──→ Phase 2', '  ↓', 'Phase 3'], { line: 40, character: 6 });
    assert.deepEqual(r.nodes[0].range, range(40, 6, 40, 13));
    assert.deepEqual(r.nodes[1].range, range(40, 18, 40, 25));
    assert.deepEqual(r.nodes[2].range, range(42, 0, 42, 7));
    assert.deepEqual(r.edges.find((e) => e.to === '2')!.range, range(40, 14, 40, 17));
    assert.deepEqual(r.edges.find((e) => e.to === '3')!.range, range(41, 2, 41, 3));
  });

  test('columns are code points, characters are UTF-16 units', () => {
    // 🚀 is one cell but two UTF-16 units: the ↓ in column 15 stands under `Phase 2` (columns 14–20).
    const r = read(['🚀 Phase 1 ──→ Phase 2', '               ↓', '             Phase 3']);
    assert.deepEqual(r.nodes[0].text, '🚀 Phase 1');
    assert.deepEqual(r.nodes[0].range, range(0, 0, 0, 10));
    assert.deepEqual(r.nodes[1].range, range(0, 15, 0, 22));
    assert.deepEqual(edgeSet(r), ['1->2', '2->3']);
  });

  test('CRLF line ends', () => {
    const r = readDependencyMap('Phase 1 ──→ Phase 2\r\n  ↓\r\nPhase 3\r\n', ORIGIN);
    assert.deepEqual(edgeSet(r), ['1->2', '1->3']);
    assert.deepEqual(r.nodes[1].range, range(0, 12, 0, 19));
  });
});

describe('readDependencyMap: large and adversarial drawings', () => {
  // No timing is asserted here (timings belong in `npm run bench`); the timeout only turns a hang (catastrophic
  // regex backtracking, a quadratic walk gone wrong) into a failure instead of a stuck suite.
  test('are read without hanging, with every edge of a long drawing', { timeout: 60_000 }, () => {
    const rows: string[] = [];
    for (let i = 0; i < 500; i++) rows.push(`Phase ${3 * i} (step ${i}) ──→ Phase ${3 * i + 1} ──┬──→ Phase ${3 * i + 2}`, '');
    const big = rows.join('\n');
    const wide = [
      'phase '.repeat(5000),
      '-'.repeat(20000),
      '┌'.repeat(5000) + '─'.repeat(5000),
      ('Phases 1, 2, ' + '3, '.repeat(5000)).trimEnd(),
      '│\n'.repeat(5000),
      '+-'.repeat(10000),
      'a  '.repeat(10000),
    ].join('\n');
    assert.equal(readDependencyMap(big, ORIGIN).edges.length, 1000);
    const r = readDependencyMap(wide, ORIGIN);
    assert.equal(r.edges.length, 0, 'nothing in the adversarial drawing is an edge');
  });
});

// The real plans of the corpus, read at run time when the folder is there.
const repoRoot = path.resolve(__dirname, '../../..');
const corpusDir = path.join(sharedDir, 'corpus/plans');
const haveCorpus = existsSync(corpusDir);

interface Block {
  file: string;
  raw: string;
  origin: Position;
  /** Lines of the content, without fences. */
  lines: string[];
}

/** The first fenced block after `## Dependency Map`, before the next level-2 heading. */
function mapBlock(file: string): Block | undefined {
  const lines = readFileSync(path.join(corpusDir, file), 'utf8').split('\n').map((l) => l.replace(/\r$/, ''));
  const h = lines.findIndex((l) => /^##\s+Dependency Map\b/i.test(l));
  if (h < 0) return undefined;
  let open = h + 1;
  while (open < lines.length && !/^\s*(```|~~~)/.test(lines[open])) {
    if (/^##\s/.test(lines[open])) return undefined;
    open++;
  }
  if (open >= lines.length) return undefined;
  const fence = lines[open].trim().slice(0, 3);
  let close = open + 1;
  while (close < lines.length && !lines[close].trim().startsWith(fence)) close++;
  const content = lines.slice(open + 1, close);
  return { file, raw: content.join('\n'), origin: { line: open + 1, character: 0 }, lines: content };
}

function within(b: Block, r: Range): boolean {
  const ok = (p: Position) => {
    const row = p.line - b.origin.line;
    return row >= 0 && row < b.lines.length && p.character >= 0 && p.character <= b.lines[row].length;
  };
  const ordered = r.start.line < r.end.line || (r.start.line === r.end.line && r.start.character < r.end.character);
  return ok(r.start) && ok(r.end) && ordered;
}

describe('readDependencyMap: corpus', { skip: haveCorpus ? false : `no corpus at ${corpusDir}` }, () => {
  const blocks = haveCorpus
    ? readdirSync(corpusDir)
        .filter((f) => f.endsWith('.md'))
        .sort()
        .map(mapBlock)
        .filter((b): b is Block => !!b)
    : [];
  const byId = (prefix: string) => blocks.find((b) => b.file.startsWith(prefix + '-'));

  test('every corpus map reads without throwing, ranges inside the block', () => {
    assert.ok(blocks.length >= 10, `found ${blocks.length} maps`);
    for (const b of blocks) {
      const r = readDependencyMap(b.raw, b.origin);
      for (const n of r.nodes) {
        assert.ok(within(b, n.range), `${b.file}: node ${n.text}`);
        assert.ok(n.ids.length > 0, `${b.file}: node ${n.text}`);
        const row = n.range.start.line - b.origin.line;
        assert.equal(b.lines[row].slice(n.range.start.character, n.range.end.character), n.text, b.file);
      }
      for (const e of r.edges) assert.ok(within(b, e.range), `${b.file}: edge ${e.from}->${e.to}`);
      for (const u of r.unreadable) assert.ok(within(b, u.range), `${b.file}: unreadable ${u.text}`);
    }
  });

  // Edge sets read from each drawing by hand.
  const expected: Record<string, { edges: string[]; unreadable: string[] }> = {
    // A snake: 1→2→3→4, a ↓ under Phase 4, then a row read right to left 5→6→7. The ↓ is drawn over
    // `Phase 6 (Styling)` (the text of Phase 5 starts further right), so the drawing says 4→6.
    '0048': { edges: ['1->2', '2->3', '3->4', '4->6', '5->6', '6->7'], unreadable: [] },
    '0098': { edges: ['1->2', '2->3'], unreadable: [] },
    // Phase 4 stands alone, with a note after a line: no edge, the note is not read.
    '0107': { edges: ['1->2', '2->3'], unreadable: ['── independent, sequenced last for commit clarity'] },
    '0110': { edges: ['1->2', '2->3', '3->4'], unreadable: [] },
    '0350': { edges: ['1->2'], unreadable: [] },
    '403': { edges: ['1->2'], unreadable: [] },
    // Two arrows starting under the arrow out of Phase 1b fan out from it; a group `Phase 2b + 3 + 4`; Phase 6
    // stands alone with a note; `All V1 phases (1a, 1b, 2a, 2b, 3-6)` all lead to Phase 7.
    '0602': {
      edges: [
        '1a->1b', '1b->2a', '1b->2b', '1b->3', '2b->4', '2b->5', '3->5', '4->5', '2a->8', '3->9',
        '1a->7', '1b->7', '2a->7', '2b->7', '3->7', '4->7', '5->7', '6->7',
      ],
      unreadable: ['── NO DEPENDENCIES ── can run in parallel from Day 1'],
    },
    '1307': { edges: ['1->2', '2->3'], unreadable: [] },
    // phase_1, phase_2 and phase_3 (via the ┘ after it) join the bus into phase_4; phase_2 also leads to phase_3
    // (the └ under its label); phase_4 leads to 5, and (the └ under its label's end) to 6 and 7; 7 leads to 8.
    // The ↘ hangs in blank space (nothing at its tail), and the `←───┘` into phase_9 rises into blank space: both
    // point at phase_9 from nowhere. The label's own note, `depends on all`, links every label above it to
    // phase_9 (as assumed edges).
    '1313': {
      edges: ['1->4', '2->4', '3->4', '2->3', '4->5', '4->6', '4->7', '7->8', ...['1', '2', '3', '4', '5', '6', '7', '8'].map((n) => `${n}->9`)],
      unreadable: ['↘', '←──────────────┘'],
    },
    '1338': { edges: ['1->2', '1->3', '3->4'], unreadable: [] },
    '778': { edges: ['1->2'], unreadable: [] },
  };
  for (const [id, want] of Object.entries(expected)) {
    test(`corpus map ${id} reads as drawn`, () => {
      const b = byId(id);
      assert.ok(b, `no map in plan ${id}`);
      const r = readDependencyMap(b.raw, b.origin);
      assert.deepEqual(edgeSet(r), [...want.edges].sort());
      assert.deepEqual(unreadableText(r), want.unreadable);
    });
  }

  test('corpus map 0602 nodes, groups included', () => {
    const r = readDependencyMap(byId('0602')!.raw, byId('0602')!.origin);
    assert.deepEqual(nodeIds(r), [
      ['1a'], ['1b'], ['2a'], ['2b'], ['4'], ['3'], ['2b', '3', '4'], ['5'], ['2a'], ['8'], ['3'], ['9'], ['6'],
      ['1a', '1b', '2a', '2b', '3', '4', '5', '6'], ['7'],
    ]);
    assert.equal(r.nodes[0].text, 'Phase 1a (types, done)');
  });

  test('corpus map 1313 reads phase_N labels with their descriptions', () => {
    const r = readDependencyMap(byId('1313')!.raw, byId('1313')!.origin);
    assert.deepEqual(
      r.nodes.map((n) => n.text),
      [
        'phase_1 (mailbox store)', 'phase_4 (delivery core)', 'phase_5 (fast triggers)', 'phase_2 (gate+profiles)',
        'phase_6 (cron)', 'phase_3 (agy)', 'phase_7 (inbox+broadcasts)', 'phase_8 (indicators)',
        'phase_9 (docs) depends on all',
      ],
    );
  });

  test('every simple chain in the corpus reads fully', () => {
    for (const b of blocks) {
      if (b.lines.filter((l) => l.trim()).length !== 1) continue;
      const r = readDependencyMap(b.raw, b.origin);
      assert.deepEqual(r.unreadable, [], b.file);
      assert.equal(r.edges.length, r.nodes.length - 1, b.file);
    }
  });
});

describe('readDependencyMap: hand-drawn slack', () => {
  test('a corner one column left or right of the line above it still joins it', () => {
    assert.deepEqual(edgeSet(read(['Phase 1', '  │', '   └──→ Phase 2'])), ['1->2']);
    assert.deepEqual(edgeSet(read(['Phase 1', '    │', '   └──→ Phase 2'])), ['1->2']);
    assert.deepEqual(edgeSet(read(['Phase 1 ──┬──→ Phase 2', '         │', '          └──→ Phase 3'])), ['1->2', '1->3']);
    // Two columns off is not a slip: nothing is guessed.
    assert.deepEqual(edgeSet(read(['Phase 1', ' │', '   └──→ Phase 2'])), []);
  });

  test('an arrow after wide padding still starts at the label before it', () => {
    const r = read(['Phase 1 (Foundation)        ──→ Phase 2', 'Phase 3                ──→      Phase 4']);
    assert.deepEqual(edgeSet(r), ['1->2', '3->4']);
    assert.deepEqual(r.unreadable, []);
  });

  test('a plain vertical line between labels reads top to bottom, as assumed', () => {
    const r = read(['Phase 1 ──→ Phase 2', '               │', '            Phase 3', '               │', '            Phase 4']);
    assert.deepEqual(edgeSet(r), ['1->2', '2->3', '3->4']);
    assert.deepEqual(r.edges.filter((e) => e.assumed).map((e) => `${e.from}->${e.to}`), ['2->3', '3->4']);
    // A tree drawn with ├── and └── from one label.
    assert.deepEqual(edgeSet(read(['Phase 1', '  ├── Phase 2', '  └── Phase 3'])), ['1->2', '1->3']);
  });

  test('a caption under a label is part of its node', () => {
    const r = read(['Phase 1 (Setup)', '  creates the schema', '    │', '    ▼', 'Phase 2 (API)']);
    assert.deepEqual(edgeSet(r), ['1->2']);
    assert.deepEqual(r.unreadable, []);
    const s = read(['Phase 1 (metadata)   Phase 2 (shims)   Phase 3 (smoke)', '  (foundation)         (runtime)         (installed)', '       └──────────────────┴────────────────↗']);
    assert.deepEqual(edgeSet(s), ['1->3', '2->3']);
  });

  test('a diagonal arrowhead beside the end of another arrow merges into it', () => {
    const r = read(['Phase 1 (pyproject) ──→ Phase 3 (smoke tests)', 'Phase 2 (shims) ──────↗']);
    assert.deepEqual(edgeSet(r), ['1->3', '2->3']);
    assert.deepEqual(r.unreadable, []);
  });

  test('an "(all above)" note: every label drawn above leads to the node, as assumed', () => {
    const r = read(['Phase 1   Phase 2   Phase 3', '            │', '            ▼', '         Phase 4 (all above)']);
    assert.deepEqual(edgeSet(r), ['1->4', '2->4', '3->4']);
    assert.deepEqual(r.edges.filter((e) => !e.assumed).map((e) => `${e.from}->${e.to}`), ['2->4']);
    assert.deepEqual(edgeSet(read(['Phase 1 ──→ Phase 2', '   Phase 3', '   (after all of the above)'])), ['1->2', '1->3', '2->3']);
  });
});
