// Parse fidelity on odd but legal markdown: the chunked parse equals a whole-document parse, lone CRs end lines,
// Mermaid links without spaces are read, and the Mermaid export cannot be turned into a directive by a title.
import { test } from 'node:test';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import assert from 'node:assert/strict';
import { parsePlan, checkPlan } from '../../src/model/index';
import { readMermaidMap } from '../../src/model/mermaidMap';
import { toMermaid } from '../../src/graph/analysis';
import { location } from '../../src/checks/report';
import type { PlanModel } from '../../src/model/types';

const shape = (m: PlanModel) => ({
  phases: m.phases.map((p) => ({ id: p.id, title: p.title, heading: p.heading, deps: p.dependencies?.dependsOn })),
  headings: m.headings.map((h) => [h.text, h.range.start.line]),
});

test('a definition-like line inside a paragraph is paragraph text, in the chunked parse as in the whole document', () => {
  const text = '# Plan: X\n\nSome text\n[a]: https://example.com\n\n### Phase 1: [a]\n**Dependencies**: None\n';
  const chunked = parsePlan(text);
  assert.equal(chunked.phases[0].title, '[a]');
  assert.deepEqual(shape(chunked), shape(parsePlan(text, { wholeDocument: true })));
  // A real definition (after a blank line) still resolves references in other chunks, as in the whole document.
  const real = '# Plan: X\n\nSome text\n\n[a]: https://example.com\n\n### Phase 1: [a]\n**Dependencies**: None\n';
  assert.equal(parsePlan(real).phases[0].title, 'a');
  assert.deepEqual(shape(parsePlan(real)), shape(parsePlan(real, { wholeDocument: true })));
  // After a list item or a quote the line is a lazy continuation; after a heading it is a definition.
  for (const [before, title] of [['- item', '[a]'], ['> quote', '[a]'], ['## Notes', 'a']] as const) {
    const t = `# Plan: X\n\n${before}\n[a]: https://example.com\n\n### Phase 1: [a]\n**Dependencies**: None\n`;
    assert.equal(parsePlan(t).phases[0].title, title, before);
    assert.deepEqual(shape(parsePlan(t)), shape(parsePlan(t, { wholeDocument: true })), before);
  }
});

test('a fence inside a list item ends with the item: what follows is read as in the whole document', () => {
  // An unindented line closes the list item and its code block: the definition after it is real, and the heading in
  // another chunk resolves it (found by npm test's random edits of the corpus).
  const fenced = (lines: string) =>
    `# Plan: X\n\n1. Get the name:\n   \`\`\`ts\n   const name = 1;\n${lines}\n\n### Phase 1: [a]\n**Dependencies**: None\n\n### Phase 2: B\n**Dependencies**: Phase 1\n`;
  const t = fenced('[a]: https://example.com\n   ```\n\n2. Next:\n   ```ts\n   next();\n   ```');
  assert.equal(parsePlan(t, { wholeDocument: true }).phases[0].title, 'a');
  assert.deepEqual(shape(parsePlan(t)), shape(parsePlan(t, { wholeDocument: true })));
  assert.deepEqual(shape(parsePlan(t, { splitChars: 1 } as never)), shape(parsePlan(t, { wholeDocument: true })));
  // Indented as the item's content, the line stays code: no definition.
  const inside = fenced('   [a]: https://example.com\n   ```');
  assert.equal(parsePlan(inside).phases[0].title, '[a]');
  assert.deepEqual(shape(parsePlan(inside)), shape(parsePlan(inside, { wholeDocument: true })));
  // A fence opened on the item's own line (`- \`\`\``) hides what looks like a heading inside it.
  const onMarker = '# Plan: X\n\n- ```md\n  ### Phase 9: Not a phase\n  ```\n\n### Phase 1: A\n**Dependencies**: None\n';
  assert.deepEqual(shape(parsePlan(onMarker)), shape(parsePlan(onMarker, { wholeDocument: true })));
  assert.deepEqual(shape(parsePlan(onMarker, { splitChars: 1 } as never)), shape(parsePlan(onMarker, { wholeDocument: true })));
});

test('a definition reaches a last chunk left open (an unclosed fence), as in the whole document', () => {
  // Found by npm run fuzz.
  const t = '# Plan: Fuzz\n\n[a]: https://example.com\n## [a]: x\nDependency Map\n```\n';
  const whole = parsePlan(t, { wholeDocument: true });
  assert.equal(whole.headings[1]?.text, 'a: x');
  assert.deepEqual(shape(parsePlan(t)), shape(whole));
  assert.deepEqual(parsePlan(t).headings.map((h) => h.range), whole.headings.map((h) => h.range));
});

test('lone CR line endings: positions, headings and Dependencies read as with LF', () => {
  const lf = '# Plan: X\n\n### Phase 1: A\n**Dependencies**: None\n\n### Phase 2: B\n**Dependencies**: Phase 1, Phase 7\n';
  const cr = lf.replace(/\n/g, '\r');
  const mixed = lf.replace(/\n/g, (_, i: number) => ['\r', '\r\n', '\n'][i % 3]);
  for (const text of [cr, mixed]) {
    const m = parsePlan(text);
    assert.deepEqual(shape(m), shape(parsePlan(lf)));
    assert.deepEqual(m.phases[1].dependencies!.dependsOn, ['1', '7']);
    const unknown = checkPlan(m, { text }).filter((f) => f.code === 'unknown-phase');
    assert.equal(unknown.length, 1);
    assert.equal(unknown[0].range.start.line, 6);
    // As the CLI, the MCP server and the chat tools report it: where they report it in the LF text, on line 7.
    const lfUnknown = checkPlan(parsePlan(lf), { text: lf }).find((f) => f.code === 'unknown-phase')!;
    assert.deepEqual(location(text, unknown[0]), location(lf, lfUnknown));
    assert.equal(location(text, unknown[0]).line, 7);
  }
  // A whole codev plan: every finding (Dependency Map, risk table, placeholders, subsections) as with LF.
  const plan = readFileSync(join(__dirname, '../../../test/fixtures/checks/dependencies.md'), 'utf8') + '\n## Dependency Map\n\n```\nPhase 1 ──→ Phase 3\nPhase 9 ──→ Phase 2\n```\n\n| Risk | Probability | Impact |\n|---|---|---|\n| x | Often | [Low/Medium/High] |\n';
  const findingsOf = (t: string) => checkPlan(parsePlan(t), { text: t }).map((f) => [f.code, f.message, f.range]);
  const want = findingsOf(plan);
  assert.ok(['map-mismatch', 'risk-level', 'unknown-phase'].every((c) => want.some((f) => f[0] === c)), JSON.stringify(want));
  assert.deepEqual(findingsOf(plan.replace(/\n/g, '\r')), want);
});

test('Mermaid links without spaces: P1-->P2, P2==>P3, P3-.->P4 (a hyphen inside an id stays part of it)', () => {
  const r = readMermaidMap('flowchart TD\nP1-->P2\nP2==>P3\nP3-.->P4\nphase-5[Phase 5: X]-->P4\n', { line: 0, character: 0 });
  assert.deepEqual(
    r.edges.map((e) => `${e.from}>${e.to}`),
    ['1>2', '2>3', '3>4', '5>4'],
  );
  assert.deepEqual(r.unreadable, []);
});

test('the Mermaid export writes the plan title in a comment that cannot become a directive', () => {
  for (const title of ["%%{init: {'theme':'dark'}}%%", 'A\n%%{init: {"flowchart": {"htmlLabels": true}}}%%', 'x } %% {']) {
    const out = toMermaid({ title, nodes: [], edges: [] });
    const lines = out.split('\n');
    assert.equal(lines[0], 'flowchart TD');
    assert.match(lines[1], /^ {2}%% [^%{}\n]*$/);
    assert.ok(!/%%\s*\{/.test(out.slice(out.indexOf('\n'))), out);
  }
});

test('a line of a no-break space is text, not a blank line: the paragraph goes on, in every chunking as in the whole document', () => {
  // Found by `npm run fuzz` (seed 20261202): the scan took the line for blank (trim() drops U+00A0) and cut before "?",
  // so that the Dependencies value ended early in the chunked parse of a long plan.
  const text = '# Plan: Fuzz\n\n## Phase 2a: \n**Dependencies**: None\n\u00a0\n?\n';
  const whole = parsePlan(text, { wholeDocument: true } as never);
  assert.equal(whole.phases[0].dependencies!.raw, 'None\n\u00a0\n?');
  assert.deepEqual(parsePlan(text, { splitChars: 1 } as never), whole);
  // The same past 20,000 characters of one section, where the scan cuts long chunks before paragraphs.
  const long = `# Plan: Long\n\n## Notes\n\n${'Some words in a paragraph.\n\n'.repeat(800)}### Phase 1: A\n**Dependencies**: None\n\u00a0\nmore\n\n\`\`\`\ncode\n\`\`\`\u00a0\n\n### Phase 2: B\n`;
  assert.deepEqual(parsePlan(long), parsePlan(long, { wholeDocument: true } as never));
  assert.equal(parsePlan(long).phases[0].dependencies!.raw, 'None\n\u00a0\nmore');
});

test('a byte order mark that starts the text: positions count it, the heading after it is read, and an edit before or after it reads as a fresh parse', () => {
  // Found by `npm run fuzz`: remark drops a BOM that starts its input, and one offset of every position with it, so
  // that the whole-document parse put "## Phase 0" a character early (on the line before) and an edit at the start
  // of the text gave another model than a fresh parse.
  const text = '\ufeff# Plan: Fuzz\n\n## Phase 0: A\n**Dependencies**: None\n';
  for (const model of [parsePlan(text), parsePlan(text, { wholeDocument: true } as never), parsePlan(text, { splitChars: 1 } as never)]) {
    assert.equal(model.title?.text, 'Plan: Fuzz');
    assert.deepEqual(model.title?.range, { start: { line: 0, character: 1 }, end: { line: 0, character: 13 } });
    assert.deepEqual(model.phases.map((p) => [p.id, p.title, p.range.start]), [['0', 'A', { line: 2, character: 0 }]]);
  }
  // The BOM typed at the start of a plan, and text typed before a BOM.
  const plain = '# Plan: Fuzz\n\n## Phase 0: \n';
  const withBom = '\ufeff\n# Plan: Current\n\n## Phase 1: First\n\n**Dependencies**: None\n\n## Phase 2: Second\n\n**Dependencies**: Phase 1\n';
  for (const [before, after] of [
    [plain, `\ufeff${plain}`],
    [withBom, `**Dependencies**: Phases 2a-0${withBom}`],
    [`\ufeff${plain}`, plain],
  ]) {
    const whole = parsePlan(after, { wholeDocument: true } as never);
    assert.deepEqual(parsePlan(after, { previous: parsePlan(before) }), whole);
    assert.deepEqual(parsePlan(after, { previous: parsePlan(before, { splitChars: 1 } as never), splitChars: 1 } as never), whole);
  }
  // Front matter, then a BOM: the heading after it is where it is written.
  const fm = '---\ntitle: x\n---\n\ufeff# Plan: After\n';
  assert.deepEqual(parsePlan(fm).title?.range.start, { line: 3, character: 1 });
});

test('a line that reads as a definition but heads a table is the table header, in every chunking as in the whole document', () => {
  // Found by `npm run fuzz`: the scan took "[a]: x" for a definition, so that the chunked parse read "[a]" in the
  // header cell as a link (text "a: x").
  const text = '# Plan: Fuzz\n[a]: x\n|---|\n\n## Phase 1: See [a]\n**Dependencies**: None\n';
  const whole = parsePlan(text, { wholeDocument: true } as never);
  assert.equal(whole.tables[0]?.header[0]?.text, '[a]: x');
  assert.equal(whole.phases[0].title, 'See [a]');
  for (const model of [parsePlan(text), parsePlan(text, { splitChars: 1 } as never), parsePlan(text, { previous: parsePlan('# Plan: Fuzz\n\n|---|---|\n') })]) assert.deepEqual(model, whole);
  // Over a row that is not its delimiter (other cell counts), the line is a definition, as before.
  const def = '# Plan: Fuzz\n[a]: x\n|---|---|\n\n## Phase 1: See [a]\n**Dependencies**: None\n';
  assert.equal(parsePlan(def, { wholeDocument: true } as never).phases[0].title, 'See a');
  assert.deepEqual(parsePlan(def), parsePlan(def, { wholeDocument: true } as never));
});

test('a Dependency Map section whose only line is a Unicode space: the heading is not read as its drawing, and every range is well formed', () => {
  // Found by `npm run fuzz`: a line of U+3000 (text for markdown, blank for the section's extent) left the section
  // without body lines, and its heading line was read as the drawing, with a finding that ended before it started.
  for (const space of ['\u3000', '\u2003', '\u00a0', '\ufeff']) {
    const text = `# Plan: Fuzz\n\n## Phase 2a: \n## Dependency Map\n${space}\n`;
    const model = parsePlan(text);
    assert.equal(model.dependencyMap?.raw, '', JSON.stringify(space));
    for (const f of checkPlan(model, { text })) {
      const { start, end } = f.range;
      assert.ok(start.line < end.line || (start.line === end.line && start.character <= end.character), `${f.code} ${JSON.stringify(f.range)}`);
    }
  }
});
