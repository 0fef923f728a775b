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
