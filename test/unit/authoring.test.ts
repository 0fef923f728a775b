import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { escapeSnippet, fillTemplate, findSpec, localDate, nextNumber, planFileName, PLACEHOLDER, slugify, specLinkMarkdown, toSnippet } from '../../src/authoring/newPlan';
import { getPreset, PRESET_IDS, templatePlaceholders, PLACEHOLDER as MODEL_PLACEHOLDER } from '../../src/model/presets';

describe('nextNumber', () => {
  test('an empty folder starts at 0001', () => {
    assert.equal(nextNumber([]), '0001');
    assert.equal(nextNumber(['README.md', 'notes.txt']), '0001');
  });
  test('zero-padded folder: padded to the width used', () => {
    assert.equal(nextNumber(['0001-a.md', '0002-b.md', '0006-c.md']), '0007');
    assert.equal(nextNumber(['001-a.md', '009-b.md']), '010');
    assert.equal(nextNumber(['0999-a.md']), '1000');
  });
  test('plain folder: no padding', () => {
    assert.equal(nextNumber(['41-a.md', '7-b.md']), '42');
    assert.equal(nextNumber(['1-a.md']), '2');
  });
  test('gaps do not matter: one more than the highest', () => {
    assert.equal(nextNumber(['0001-a.md', '0040-b.md', '0003-c.md']), '0041');
  });
  test('mixed styles: padding wins when any number is padded', () => {
    assert.equal(nextNumber(['0350-a.md', '364-b.md', '1470-c.md']), '1471');
    assert.equal(nextNumber(['0007-a.md', '12-b.md']), '0013');
  });
  test('files that are not plans are ignored', () => {
    assert.equal(nextNumber(['0003-a.md', '9999-notes.txt', 'README.md', 'draft-0100.md', '0100-x.md.bak', '50.md']), '0004');
  });
});

describe('slugify', () => {
  test('lowercase ASCII, punctuation to dashes, trimmed', () => {
    assert.equal(slugify('Export Reports as CSV'), 'export-reports-as-csv');
    assert.equal(slugify('  --Hello,   World!! -- '), 'hello-world');
    assert.equal(slugify('v2.0: API / CLI (beta)'), 'v2-0-api-cli-beta');
    assert.equal(slugify("Don't re-run `npm ci`"), 'don-t-re-run-npm-ci');
  });
  test('diacritics stripped, special letters spelled out', () => {
    assert.equal(slugify('Über café naïve'), 'uber-cafe-naive');
    assert.equal(slugify('Straße Øresund Łódź'), 'strasse-oresund-lodz');
    assert.equal(slugify('ＦＵＬＬ width'), 'full-width');
  });
  test('no ASCII letters gives an empty slug, and a file name that still works', () => {
    assert.equal(slugify('計画 🚀'), '');
    assert.equal(planFileName('0007', '計画'), '0007-plan.md');
    assert.equal(planFileName('42', 'CSV export'), '42-csv-export.md');
  });
  test('long titles are cut at a word boundary', () => {
    const s = slugify('Consolidate session creation across the tower and the dashboard');
    assert.ok(s.length <= 40, s);
    assert.equal(s, 'consolidate-session-creation-across-the');
    assert.equal(slugify('a'.repeat(60)), 'a'.repeat(40));
    assert.equal(slugify('one two three', 7), 'one-two');
    assert.equal(slugify('abc-defgh', 6), 'abc');
  });
});

describe('fillTemplate', () => {
  test('codev: title and specification link', () => {
    const t = getPreset('codev').template;
    const out = fillTemplate(t, { title: 'CSV Export', id: '0007', date: '2026-11-25', specLink: '[codev/specs/0007-csv.md](../specs/0007-csv.md)' });
    assert.match(out, /^# Plan: CSV Export\n/);
    assert.match(out, /^\*\*Specification\*\*: \[codev\/specs\/0007-csv\.md\]\(\.\.\/specs\/0007-csv\.md\)$/m);
    // Only the title line and the metadata lines change.
    assert.equal(out.split('\n').length, t.split('\n').length);
    assert.ok(out.includes('### Phase 1: [Descriptive Name]'));
  });
  test('without a spec the placeholder stays', () => {
    const out = fillTemplate(getPreset('codev').template, { title: 'X' });
    assert.match(out, /^\*\*Specification\*\*: \[Link to codev\/specs\/XXXX-name\.md\]$/m);
  });
  test('legacy: ID, Created, but not the expert review date nor the change log', () => {
    const out = fillTemplate(getPreset('codev-legacy').template, { title: 'CSV Export', id: '0007', date: '2026-11-25' });
    assert.match(out, /^- \*\*ID\*\*: 0007$/m);
    assert.match(out, /^- \*\*Created\*\*: 2026-11-25$/m);
    assert.match(out, /^\*\*Date\*\*: \[YYYY-MM-DD\]$/m);
    assert.match(out, /^\| \[Date\] \|/m);
    assert.match(out, /^- \*\*Specification\*\*: \[Link to codev\/specs\/spec-file\.md\]$/m);
  });
  test('legacy without an id: the date goes into the ID too', () => {
    const out = fillTemplate(getPreset('codev-legacy').template, { date: '2026-11-25' });
    assert.match(out, /^- \*\*ID\*\*: plan-2026-11-25-\[short-name\]$/m);
    assert.match(out, /^# Plan: \[Title\]$/m);
  });
  test('PIR: the short title', () => {
    assert.match(fillTemplate(getPreset('codev-pir').template, { title: 'Fix the login' }), /^# PIR Plan: Fix the login\n/);
  });
});

describe('toSnippet', () => {
  test('placeholders become numbered tab stops in reading order', () => {
    assert.equal(toSnippet('# Plan: [Title]\n\n[Summary here]\n'), '# Plan: ${1:[Title]}\n\n${2:[Summary here]}\n');
  });
  test('$, } and \\ are escaped, in text and in placeholders', () => {
    assert.equal(toSnippet('Cost: $5 {a} C:\\x'), 'Cost: \\$5 {a\\} C:\\\\x');
    assert.equal(toSnippet('[Price in $ {USD}]'), '${1:[Price in \\$ {USD\\}]}');
    assert.equal(escapeSnippet('${1:x}'), '\\${1:x\\}');
  });
  test('links, images, checkboxes and footnotes are not placeholders', () => {
    const text = '- [ ] [Deliverable]\n- [x] done\n[a link](x.md) ![img](y.png) [^1] [ref]: z\n';
    assert.equal(toSnippet(text), '- [ ] ${1:[Deliverable]}\n- [x] done\n[a link](x.md) ![img](y.png) [^1] [ref]: z\n');
  });
  test('a phase title in the phases JSON and in its heading is one tab stop', () => {
    const text = '{"id": "phase_1", "title": "[Name]"},\n{"id": "phase_2", "title": "[Name]"}\n### Phase 1: [Name]\n[Goal]\n### Phase 2: [Name]\n### Phase 3: [Name]\n';
    assert.equal(
      toSnippet(text),
      '{"id": "phase_1", "title": "${1:[Name]}"\\},\n{"id": "phase_2", "title": "${2:[Name]}"\\}\n### Phase 1: ${1:[Name]}\n${3:[Goal]}\n### Phase 2: ${2:[Name]}\n### Phase 3: ${4:[Name]}\n',
    );
    const codev = toSnippet(getPreset('codev').template);
    assert.match(codev, /"phase_1", "title": "\$\{4:\[Descriptive Name\]\}"/);
    assert.match(codev, /"phase_2", "title": "\$\{5:\[Descriptive Name\]\}"/);
    assert.match(codev, /^### Phase 1: \$\{4:\[Descriptive Name\]\}$/m);
    assert.match(codev, /^### Phase 2: \$\{5:\[Descriptive Name\]\}$/m);
  });

  test('every preset: the tab stops are exactly the template placeholders', () => {
    assert.equal(PLACEHOLDER.source, MODEL_PLACEHOLDER.source);
    for (const id of PRESET_IDS) {
      const p = getPreset(id);
      const snippet = toSnippet(p.template);
      const stops = [...snippet.matchAll(/\$\{\d+:((?:\\.|[^\\}])*)\}/g)].map((m) => m[1].replace(/\\(.)/g, '$1'));
      assert.deepEqual([...new Set(stops)].sort(), [...templatePlaceholders(p.template)].sort(), id);
      // Unescaping the snippet gives the template back.
      const plain = snippet.replace(/\$\{\d+:((?:\\.|[^\\}])*)\}/g, '$1').replace(/\\(.)/g, '$1');
      assert.equal(plain, p.template, id);
    }
  });
});

describe('helpers', () => {
  test('findSpec: by number, whatever the padding', () => {
    assert.equal(findSpec('0007', ['0006-a.md', '0007-csv.md', '0008-b.md']), '0007-csv.md');
    assert.equal(findSpec('0007', ['7-csv.md']), '7-csv.md');
    assert.equal(findSpec('42', ['0042-x.md', '42-y.md']), '42-y.md');
    assert.equal(findSpec('0009', ['0007-csv.md', 'README.md']), undefined);
  });
  test('specLinkMarkdown encodes the path', () => {
    assert.equal(specLinkMarkdown('codev/specs/0007-a b.md', '../specs/0007-a b.md'), '[codev/specs/0007-a b.md](../specs/0007-a%20b.md)');
  });
  test('localDate', () => {
    assert.equal(localDate(new Date(2026, 0, 5)), '2026-01-05');
  });
});

// ---------------------------------------------------------------------------------------------
// Renumbering

import { compareIds, isValidPhaseId, renumberedIds, renumberPlan } from '../../src/authoring/renumber';
import { parsePlan } from '../../src/model/parse';
import { checkPlan, renderDependencyMap } from '../../src/checks/index';
import type { PlanModel, Range } from '../../src/model/types';

function applyEdits(text: string, edits: { range: Range; newText: string }[]): string {
  const lines = text.split('\n');
  const starts: number[] = [];
  let o = 0;
  for (const l of lines) {
    starts.push(o);
    o += l.length + 1;
  }
  const off = (p: { line: number; character: number }) => starts[p.line] + p.character;
  let out = text;
  for (const e of [...edits].sort((a, b) => off(b.range.start) - off(a.range.start))) {
    out = out.slice(0, off(e.range.start)) + e.newText + out.slice(off(e.range.end));
  }
  return out;
}

const renderMap = (phases: { id: string; dependsOn: string[] }[]) =>
  renderDependencyMap({ phases: phases.map((p) => ({ id: p.id, dependencies: { dependsOn: p.dependsOn } })) } as unknown as PlanModel);

function renumber(text: string, mapping?: Record<string, string>) {
  const r = renumberPlan(parsePlan(text), text, { mapping, renderMap });
  return { ...r, text: applyEdits(text, r.edits) };
}

function codes(text: string): string[] {
  return checkPlan(parsePlan(text), { text }).map((f) => f.code);
}

const FENCE = '```';
/** Phase 2 of a four-phase plan was deleted: 1, 3, 4 remain, with every kind of reference. */
const GAP = `# Plan: Sample

## Phases (Machine Readable)

${FENCE}json
{
  "phases": [
    {"id": "phase_1", "title": "Setup"},
    {"id": "phase_3", "title": "Writer"},
    {"id": "phase_4", "title": "Endpoint"}
  ]
}
${FENCE}

## Phase Breakdown

### Phase 1: Setup
**Dependencies**: None

### Phase 3: Writer
**Dependencies**: Phase 1

The writer reads the settings from Phase 1 and feeds Phase 4; see https://example.com/phase-3/notes and [notes](docs/phase-4.md).

${FENCE}ts
// Phase 3 sample: phase_4 stays
${FENCE}

### Phase 4: Endpoint
**Dependencies**: Phases 1, 3

Phases 1–4 must be merged first.

## Dependency Map
${FENCE}
Phase 1 ──→ Phase 3 ──→ Phase 4
${FENCE}
`;

describe('renumberedIds', () => {
  test('listed order from 1, or from 0 when the plan starts at 0', () => {
    assert.deepEqual(renumberedIds([{ id: '1' }, { id: '3' }, { id: '4' }]), ['1', '2', '3']);
    assert.deepEqual(renumberedIds([{ id: '0' }, { id: '2' }]), ['0', '1']);
    assert.deepEqual(renumberedIds([{ id: '3' }, { id: '2' }, { id: '1' }]), ['1', '2', '3']);
  });
  test('lettered and decimal groups stay groups and keep their letters: only numbers change', () => {
    assert.deepEqual(renumberedIds([{ id: '1' }, { id: '3a' }, { id: '3b' }, { id: '5' }]), ['1', '2a', '2b', '3']);
    assert.deepEqual(renumberedIds([{ id: '1' }, { id: '3b' }, { id: '3d' }]), ['1', '2b', '2d']);
    assert.deepEqual(renumberedIds([{ id: '1' }, { id: '1b' }, { id: '2a' }, { id: '2b' }, { id: '3' }]), ['1', '1b', '2a', '2b', '3']);
    assert.deepEqual(renumberedIds([{ id: '1' }, { id: '3' }, { id: '3.1' }, { id: '3.3' }]), ['1', '2', '2.1', '2.3']);
    assert.deepEqual(renumberedIds([{ id: '2a' }, { id: '3a' }]), ['1a', '2a']);
  });
  test('duplicate ids get their own numbers', () => {
    assert.deepEqual(renumberedIds([{ id: '1' }, { id: '2' }, { id: '2' }, { id: '3' }]), ['1', '2', '3', '4']);
    assert.deepEqual(renumberedIds([{ id: '2a' }, { id: '2a' }]), ['1a', '2a']);
  });
  test('ids', () => {
    assert.ok(isValidPhaseId('2a') && isValidPhaseId('12') && isValidPhaseId('4.1'));
    assert.ok(!isValidPhaseId('two') && !isValidPhaseId('2ab') && !isValidPhaseId('') && !isValidPhaseId('Phase 2'));
    assert.deepEqual(['3', '2b', '10', '2', '2a'].sort(compareIds), ['2', '2a', '2b', '3', '10']);
  });
});

describe('renumberPlan', () => {
  test('after a deleted phase: headings, Dependencies, ranges, map, JSON and prose follow', () => {
    const r = renumber(GAP);
    const out = r.text;
    assert.match(out, /^### Phase 2: Writer\n\*\*Dependencies\*\*: Phase 1$/m);
    assert.match(out, /^### Phase 3: Endpoint\n\*\*Dependencies\*\*: Phases 1, 2$/m);
    assert.match(out, /"id": "phase_2", "title": "Writer"/);
    assert.match(out, /"id": "phase_3", "title": "Endpoint"/);
    assert.match(out, /^Phase 1 ──→ Phase 2 ──→ Phase 3$/m);
    assert.match(out, /settings from Phase 1 and feeds Phase 3;/);
    assert.match(out, /^Phases 1–3 must be merged first\.$/m);
    // Addresses and code blocks other than the map and the JSON are left alone.
    assert.ok(out.includes('https://example.com/phase-3/notes and [notes](docs/phase-4.md)'));
    assert.ok(out.includes('// Phase 3 sample: phase_4 stays'));
    assert.deepEqual([...r.mapping], [['1', '1'], ['3', '2'], ['4', '3']]);
    assert.deepEqual(r.left, []);
    const kinds = new Set(r.edits.map((e) => e.kind));
    assert.deepEqual([...kinds].sort(), ['dependencies', 'heading', 'json', 'map', 'prose']);
    for (const c of ['unknown-phase', 'phases-json-drift', 'map-mismatch', 'phase-numbering']) assert.ok(!codes(out).includes(c), `${c} in ${codes(out)}`);
  });

  test('renumbering twice changes nothing the second time', () => {
    const once = renumber(GAP).text;
    assert.deepEqual(renumberPlan(parsePlan(once), once).edits, []);
  });

  test('swaps are simultaneous: 3 → 2 and 2 → 3 do not chain', () => {
    const text = `# Plan: Swap

### Phase 1: A
**Dependencies**: None

### Phase 3: C
**Dependencies**: Phase 1

Unlike Phase 2, Phase 3 needs only Phase 1.

### Phase 2: B
**Dependencies**: Phase 3
`;
    const out = renumber(text).text;
    assert.match(out, /^### Phase 2: C\n\*\*Dependencies\*\*: Phase 1$/m);
    assert.match(out, /^Unlike Phase 3, Phase 2 needs only Phase 1\.$/m);
    assert.match(out, /^### Phase 3: B\n\*\*Dependencies\*\*: Phase 2$/m);
  });

  test('a reference to a deleted phase moves to the phase before the gap; the map is redrawn; the JSON entry goes', () => {
    const text = `# Plan: Chain

## Phases (Machine Readable)

${FENCE}json
{
  "phases": [
    {"id": "phase_1", "title": "A"},
    {"id": "phase_2", "title": "B"},
    {"id": "phase_3", "title": "C"},
    {"id": "phase_4", "title": "D"}
  ]
}
${FENCE}

### Phase 1: A
**Dependencies**: None

### Phase 3: C
**Dependencies**: Phase 2

C replaces what Phase 2 did.

### Phase 4: D
**Dependencies**: Phase 1, Phase 2, Phase 3

## Dependency Map
${FENCE}
Phase 1 ──→ Phase 2 ──→ Phase 3 ──→ Phase 4
${FENCE}
`;
    assert.ok(codes(text).includes('unknown-phase'));
    const r = renumber(text);
    const out = r.text;
    assert.match(out, /^### Phase 2: C\n\*\*Dependencies\*\*: Phase 1$/m);
    assert.match(out, /^### Phase 3: D\n\*\*Dependencies\*\*: Phase 1, Phase 2$/m);
    assert.ok(!out.includes('"phase_4"'));
    assert.match(out, /\{"id": "phase_2", "title": "C"\},\n {4}\{"id": "phase_3", "title": "D"\}\n {2}\]/);
    assert.match(out, /^Phase 1 ──→ Phase 2 ──→ Phase 3$/m);
    // The sentence about the deleted phase is left for the author, and reported.
    assert.match(out, /^C replaces what Phase 2 did\.$/m);
    assert.deepEqual(r.left.map((l) => [l.id, l.range.start.line]), [['2', 21]]);
    for (const c of ['unknown-phase', 'phases-json-drift', 'map-mismatch', 'self-dependency']) assert.ok(!codes(out).includes(c), `${c} in ${codes(out)}`);
    // The judgment calls are marked, for the refactor preview to leave unchecked.
    assert.deepEqual(
      r.edits.filter((e) => e.guess).map((e) => [e.kind, e.range.start.line]),
      [['json', 8], ['dependencies', 19], ['dependencies', 24], ['map', 28]],
    );
    // Without a map renderer, a map around a deleted phase is left alone rather than renumbered wrong.
    const plain = renumberPlan(parsePlan(text), text);
    assert.ok(!plain.edits.some((e) => e.kind === 'map'));
  });

  test('Dependencies: ranges recomputed, a deleted first phase dropped, a line left empty says None', () => {
    const text = `# Plan: Ranges

### Phase 2: B
**Dependencies**: Phase 1

### Phase 3: C
**Dependencies**: Phases 1, 2

### Phase 5: E
**Dependencies**: Phases 2–3

### Phase 6: F
**Dependencies**: Phases 2-5 (all of them)
`;
    const out = renumber(text).text;
    assert.match(out, /^### Phase 1: B\n\*\*Dependencies\*\*: None$/m);
    assert.match(out, /^### Phase 2: C\n\*\*Dependencies\*\*: Phase 1$/m);
    assert.match(out, /^### Phase 3: E\n\*\*Dependencies\*\*: Phases 1–2$/m);
    assert.match(out, /^### Phase 4: F\n\*\*Dependencies\*\*: Phases 1-3 \(all of them\)$/m);
    assert.ok(!codes(out).includes('unknown-phase'), String(codes(out)));
  });

  test('lettered groups keep their letters', () => {
    const text = `# Plan: Letters

### Phase 1: A
**Dependencies**: None

### Phase 3a: B
**Dependencies**: Phase 1

### Phase 3b: C
**Dependencies**: Phase 1

### Phase 4: D
**Dependencies**: Phases 3a, 3b

## Dependency Map
${FENCE}
Phase 1 ──→ Phase 3a + 3b ──→ Phase 4
${FENCE}
`;
    const out = renumber(text).text;
    assert.match(out, /^### Phase 2a: B$/m);
    assert.match(out, /^### Phase 2b: C$/m);
    assert.match(out, /^### Phase 3: D\n\*\*Dependencies\*\*: Phases 2a, 2b$/m);
    assert.match(out, /^Phase 1 ──→ Phase 2a \+ 2b ──→ Phase 3$/m);
  });

  test('rename by mapping touches only that phase; unknown ids are reported, not guessed', () => {
    const text = `# Plan: Rename

### Phase 1: A
**Dependencies**: None

### Phase 2: B
**Dependencies**: Phase 1, Phase 9

Phase 2 and phase_2 and Phase 21 and Phase 2a.
`;
    const r = renumber(text, { '2': '5' });
    assert.match(r.text, /^### Phase 5: B\n\*\*Dependencies\*\*: Phase 1, Phase 9$/m);
    assert.match(r.text, /^Phase 5 and phase_5 and Phase 21 and Phase 2a\.$/m);
    assert.deepEqual(r.edits.map((e) => e.kind), ['heading', 'prose', 'prose']);
    assert.deepEqual(r.left.map((l) => l.id).sort(), ['21', '2a', '9']);
  });

  test('no change, no edits', () => {
    const text = '# Plan: X\n\n### Phase 1: A\n**Dependencies**: None\n\n### Phase 2: B\n**Dependencies**: Phase 1\n\nSee Phase 1.\n';
    assert.deepEqual(renumberPlan(parsePlan(text), text).edits, []);
  });

  test('the corpus forms: Phase #2, Phases 1 and 2, Phase 2 through 3, CRLF lines', () => {
    const text = '# Plan: X\r\n\r\n### Phase 2: A\r\n**Dependencies**: None\r\n\r\n### Phase 3: B\r\n**Dependencies**: Phase 2\r\n\r\n### Phase 4: C\r\n**Dependencies**: Phases 2 and 3\r\n\r\nSee Phase #2, Phases 2 and 3, Phase 2 through 4.\r\n';
    const out = renumber(text).text;
    assert.ok(out.includes('### Phase 1: A\r\n'));
    assert.ok(out.includes('**Dependencies**: Phases 1 and 2\r\n'));
    assert.ok(out.includes('See Phase #1, Phases 1 and 2, Phase 1 through 3.\r\n'));
  });
});

// ---------------------------------------------------------------------------------------------
// Add Phase

import { addPhaseEdits, NEW_PHASE_TITLE } from '../../src/authoring/addPhase';

function addPhase(text: string) {
  const model = parsePlan(text);
  const r = addPhaseEdits(model, text, getPreset(model.preset), getPreset);
  const out = applyEdits(text, r.edits);
  const line = out.split('\n')[r.titleRange.start.line];
  assert.equal(line.slice(r.titleRange.start.character, r.titleRange.end.character), NEW_PHASE_TITLE, 'titleRange');
  return { ...r, text: out, model: parsePlan(out) };
}

describe('addPhaseEdits', () => {
  test('codev: every subsection, Dependencies on the last phase, the JSON entry, nothing for the checks to add', () => {
    const text = fillTemplate(getPreset('codev').template, { title: 'X' }).replace(/\[Descriptive Name\]/g, 'Named');
    const r = addPhase(text);
    assert.equal(r.id, '3');
    const p = r.model.phases[2];
    assert.equal(p.id, '3');
    assert.deepEqual(p.dependencies?.dependsOn, ['2']);
    assert.deepEqual(p.subsections.map((s) => s.title), getPreset('codev').subsectionSets[0]);
    assert.deepEqual(r.model.phasesJson?.phases?.map((e) => e.id), ['phase_1', 'phase_2', 'phase_3']);
    // The new phase sits in the Phase Breakdown, before Risks.
    assert.ok(p.range.end.line < r.model.sections.find((s) => s.title.startsWith('Risks'))!.heading.start.line);
    const found = codes(r.text);
    for (const c of ['missing-subsection', 'phases-json-drift', 'phases-json-invalid', 'unknown-phase', 'phase-numbering']) assert.ok(!found.includes(c), `${c} in ${found}`);
    assert.equal(r.edits.length, 2);
  });

  test('legacy layout: the plan\'s subsection set and spelling, no blank line under the heading, the --- rule between phases', () => {
    const text = `# Plan: Y

## Metadata
- **ID**: 1

## Phase Breakdown

### Phase 1: A
**Dependencies**: None

#### Objectives
- a

#### Deliverables
- [ ] a

#### Implementation Details
How.

#### Success Criteria
- [ ] a

#### Test Plan
- unit

#### Rollback Strategy
Revert.

#### Risks
- none

---

### Phase 2b: B
**Dependencies**: Phase 1

#### Objectives
- b

---

## Dependency Map
${FENCE}
Phase 1 ──→ Phase 2b
${FENCE}
`;
    const r = addPhase(text);
    assert.equal(r.id, '3');
    assert.ok(r.text.includes(`#### Objectives\n- b\n\n---\n\n### Phase 3: ${NEW_PHASE_TITLE}\n**Dependencies**: Phase 2b\n\n#### Objectives\n`), r.text);
    const p = r.model.phases[2];
    assert.deepEqual(p.subsections.map((s) => s.title), ['Objectives', 'Deliverables', 'Implementation Details', 'Success Criteria', 'Test Plan', 'Rollback Strategy', 'Risks']);
    assert.ok(r.text.includes('---\n\n## Dependency Map'));
    // The map's chain goes on to the new phase.
    assert.ok(r.text.includes('Phase 1 ──→ Phase 2b ──→ Phase 3\n'), r.text);
    assert.ok(!codes(r.text).includes('map-mismatch'), String(codes(r.text)));
    assert.equal(r.edits.length, 2);
  });

  test('a map before the phases, whose last phase ends no line: a new line with the new arrow', () => {
    const text = `# Plan: M\n\n## Dependency Map\n${FENCE}\nPhase 2 ←── Phase 1\n${FENCE}\n\n### Phase 1: A\n**Dependencies**: None\n\n### Phase 2: B\n**Dependencies**: Phase 1\n`;
    const r = addPhase(text);
    assert.ok(r.text.includes(`Phase 2 ←── Phase 1\nPhase 2 ──→ Phase 3\n${FENCE}`), r.text);
    assert.deepEqual(r.model.dependencyMap?.edges.map((e) => `${e.from}>${e.to}`).sort(), ['1>2', '2>3']);
  });

  test('generic: the template\'s phase body', () => {
    const r = addPhase(getPreset('generic').template);
    assert.equal(r.id, '3');
    assert.ok(r.text.includes(`### Phase 3: ${NEW_PHASE_TITLE}\n\n**Dependencies**: Phase 2\n\n- [ ] [First task]\n\n## Risks`), r.text);
  });

  test('a plan without phases gets Phase 1 at the end of its phases section', () => {
    const r = addPhase('# Plan: Z\n\n## Phase Breakdown\n\nTo do.\n\n## Risks\n\n- none\n');
    assert.equal(r.id, '1');
    assert.equal(r.model.phases.length, 1);
    assert.ok(r.text.includes(`To do.\n\n### Phase 1: ${NEW_PHASE_TITLE}`), r.text);
    assert.ok(r.model.phases[0].range.end.line < r.model.sections[1].heading.start.line);
  });

  test('an inline phases JSON gets its entry inline', () => {
    const text = `# Plan: J\n\n## Phases (Machine Readable)\n\n${FENCE}json\n{"phases": [{"id": "phase_1", "title": "A"}, {"id": "phase_2", "title": "B"}]}\n${FENCE}\n\n### Phase 1: A\n\n**Dependencies**: None\n\n### Phase 2: B\n\n**Dependencies**: Phase 1\n`;
    const r = addPhase(text);
    assert.ok(r.text.includes(`{"id": "phase_2", "title": "B"}, {"id": "phase_3", "title": "${NEW_PHASE_TITLE}"}]}`), r.text);
    assert.deepEqual(r.model.phasesJson?.phases?.map((e) => e.phaseId), ['1', '2', '3']);
  });
});

// ---------------------------------------------------------------------------------------------
// The corpus: real plans (read from ../shared/corpus, never copied here).

import * as fs from 'node:fs';
import * as path from 'node:path';

const corpusPlans = path.resolve(__dirname, '../../../../shared/corpus/plans');

describe('authoring on the corpus', { skip: !fs.existsSync(corpusPlans) && 'no corpus at ../shared/corpus' }, () => {
  const files = fs.existsSync(corpusPlans) ? fs.readdirSync(corpusPlans).filter((f) => f.endsWith('.md')) : [];

  test('numbering the corpus folder: one more than the highest, padded like its padded names', () => {
    const max = Math.max(...files.map((f) => parseInt(f, 10)));
    assert.equal(nextNumber(files), String(max + 1).padStart(4, '0'));
  });

  test('renumbering every plan: edits never overlap, a second run changes nothing, no new unknown-phase, no lost phase', () => {
    let changed = 0;
    for (const f of files) {
      const text = fs.readFileSync(path.join(corpusPlans, f), 'utf8');
      const model = parsePlan(text);
      const r = renumberPlan(model, text, { renderMap });
      const sorted = [...r.edits];
      for (let i = 1; i < sorted.length; i++) {
        const a = sorted[i - 1].range.end;
        const b = sorted[i].range.start;
        assert.ok(a.line < b.line || (a.line === b.line && a.character <= b.character), `${f}: overlapping edits`);
      }
      const out = applyEdits(text, r.edits);
      const after = parsePlan(out);
      assert.equal(after.phases.length, model.phases.length, f);
      if (!r.edits.length) continue;
      changed++;
      const again = renumberPlan(after, out, { renderMap });
      assert.deepEqual(again.edits.map((e) => [e.kind, e.range.start.line, e.newText]), [], `${f}: second run`);
      const unknown = (t: string) => codes(t).filter((c) => c === 'unknown-phase').length;
      assert.ok(unknown(out) <= unknown(text), `${f}: unknown-phase ${unknown(text)} → ${unknown(out)}`);
    }
    assert.ok(changed < files.length / 2, `most corpus plans are numbered in order already (${changed} of ${files.length} changed)`);
  });

  test('Add Phase on every plan with phases: the new phase parses with the next id', () => {
    for (const f of files) {
      const text = fs.readFileSync(path.join(corpusPlans, f), 'utf8');
      const model = parsePlan(text);
      if (!model.phases.length) continue;
      const r = addPhaseEdits(model, text, getPreset(model.preset), getPreset);
      const after = parsePlan(applyEdits(text, r.edits));
      assert.equal(after.phases.length, model.phases.length + 1, f);
      assert.equal(after.phases[after.phases.length - 1].id, r.id, f);
      // Add Phase keeps a phases JSON in its own section; one under another heading (0075) is left as it is.
      if (model.phasesJson?.phases?.length && !model.phasesJson.error && !model.phasesJson.elsewhere) {
        assert.ok(!after.phasesJson?.error, `${f}: ${after.phasesJson?.error?.message}`);
        assert.equal(after.phasesJson?.phases?.length, model.phasesJson.phases.length + 1, f);
      }
    }
  });
});
