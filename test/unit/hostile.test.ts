// Hostile plans (bench/hostile.ts): each must cost about as much as its size, whatever its shape. Costs are
// counted in work done (characters handed to remark, edges, findings, bytes printed), never in wall-clock time,
// so that these tests pass or fail the same on a loaded machine; `npm run bench` prints the times.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parsePlan } from '../../src/model/index';
import { parseMarkdown, parseStats, MAX_NESTING } from '../../src/model/markdown';
import { SHAPES } from '../../bench/hostile';
import type { RootContent } from 'mdast';

const shape = (name: string) => SHAPES.find((s) => s.name === name)!;

function depth(nodes: RootContent[]): number {
  let max = 0;
  const stack: [RootContent, number][] = nodes.map((n) => [n, 1]);
  while (stack.length) {
    const [n, d] = stack.pop()!;
    max = Math.max(max, d);
    for (const c of (n as { children?: RootContent[] }).children ?? []) stack.push([c, d + 1]);
  }
  return max;
}

test('chunks that spill into the next are merged in one step: 1,000 of them cost about two parses of the text, not 500', () => {
  const text = shape('spilling fences').make(1000);
  const before = parseStats.chars;
  const model = parsePlan(text);
  const parsed = parseStats.chars - before;
  assert.equal(model.phases.length, 1000);
  assert.ok(parsed <= 4 * text.length, `remark read ${parsed} characters for a ${text.length}-character plan`);
  assert.deepEqual(
    model.phases.map((p) => p.title),
    parsePlan(text, { wholeDocument: true }).phases.map((p) => p.title),
  );
});

test('`>` nested 4,000 deep on one line parses without overflowing the stack, nested at most MAX_NESTING deep', () => {
  const text = shape('nested quotes').make(4000);
  const model = parsePlan(text);
  assert.equal(model.title?.text, 'Plan: Hostile');
  const nodes = parseMarkdown('>'.repeat(4000) + ' x\n');
  assert.ok(depth(nodes) <= MAX_NESTING + 3, `tree ${depth(nodes)} deep`);
});

test('`- ` nested 2,000 deep on one line is read as a list nested at most MAX_NESTING deep (micromark is quadratic in depth)', () => {
  const nodes = parseMarkdown('- '.repeat(2000) + 'x\n');
  const d = depth(nodes);
  assert.ok(d <= 2 * MAX_NESTING + 3, `tree ${d} deep`);
  // The levels kept are real lists: the nesting is cut, not dropped.
  assert.ok(d >= MAX_NESTING, `tree ${d} deep`);
});

test('a line of dashes and spaces stays a thematic break however long', () => {
  const nodes = parseMarkdown(`${'- '.repeat(100)}\n`);
  assert.equal(nodes[0].type, 'thematicBreak');
});

test('only the GFM the model reads: tables and task lists, no autolink literals (quadratic on a long paragraph)', () => {
  const nodes = parseMarkdown('| a | b |\n|---|---|\n| 1 | 2 |\n\n- [x] done\n\nsee www.example.com and https://example.com\n');
  assert.deepEqual(nodes.map((n) => n.type), ['table', 'list', 'paragraph']);
  assert.equal((nodes[1] as { children: { checked: boolean }[] }).children[0].checked, true);
  const para = nodes[2] as { children: RootContent[] };
  assert.deepEqual(para.children.map((c) => c.type), ['text']);
});
