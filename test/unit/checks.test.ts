// Every rule: its documented bad example triggers it and the good one does not; a hand-written fixture finds it on
// the expected line; each quick fix removes the finding it fixes; "Fix all" applies cleanly.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { RULES, type Finding, type CheckOptions } from '../../src/model/index';
import { applyEdits, compatibleGroups, fixAll, offsetAt } from '../../src/checks/applyEdits';
import { check, fixtureFiles, pairs, readFixture } from './checkFixtures';

const fixtures = fixtureFiles().map(readFixture);

// Known bugs of the rules' fixes: listed tests still run, as `todo` (they print their failure without failing the
// suite); once a bug is fixed its entry goes. None are open.
const KNOWN_BUGS: Record<string, string> = {};
const known = (name: string) => (KNOWN_BUGS[name] ? { todo: `known bug: ${KNOWN_BUGS[name]}` } : {});

describe('rule docs', () => {
  test('there are rules, with unique codes', () => {
    assert.ok(RULES.length >= 20);
    assert.equal(new Set(RULES.map((r) => r.code)).size, RULES.length);
  });

  for (const rule of RULES) {
    describe(rule.code, () => {
      test('has a doc with why, bad and good', () => {
        assert.ok(rule.doc, `${rule.code} has no doc`);
        assert.ok(rule.doc.why?.trim(), `${rule.code}: doc.why is empty`);
        assert.ok(rule.doc.bad?.trim(), `${rule.code}: doc.bad is empty`);
        assert.ok(rule.doc.good?.trim(), `${rule.code}: doc.good is empty`);
        assert.ok(rule.description?.trim(), `${rule.code}: no description`);
        assert.match(rule.code, /^[a-z]+(-[a-z]+)*$/);
      });

      test('doc.bad yields the code', () => {
        const { findings } = check(rule.doc.bad, rule.doc.options);
        assert.ok(
          findings.some((f) => f.code === rule.code),
          `${rule.code}: doc.bad yields ${findings.map((f) => f.code).join(', ') || 'nothing'}`,
        );
      });

      test('doc.good does not yield the code', () => {
        const { findings } = check(rule.doc.good, rule.doc.options);
        const mine = findings.filter((f) => f.code === rule.code);
        assert.deepEqual(mine.map((f) => `${f.range.start.line + 1}: ${f.message}`), []);
      });
    });
  }
});

describe('fixtures (test/fixtures/checks)', () => {
  test('every rule has a fixture that expects it', () => {
    const covered = new Set(fixtures.flatMap((f) => [...f.expected].map((e) => e.split(':')[1])));
    const missing = RULES.map((r) => r.code).filter((c) => !covered.has(c));
    assert.deepEqual(missing, [], `rules without a fixture: ${missing.join(', ')}`);
  });

  test('expectations name known codes', () => {
    const codes = new Set(RULES.map((r) => r.code));
    for (const f of fixtures) for (const e of f.expected) assert.ok(codes.has(e.split(':')[1]), `${f.name}: unknown code in ${e}`);
  });

  for (const fx of fixtures) {
    test(fx.name, () => {
      const { findings } = check(fx.text, fx.options);
      const got = pairs(findings);
      const unexpected = [...got].filter((p) => !fx.expected.has(p));
      const missing = [...fx.expected].filter((p) => !got.has(p));
      const describe = (p: string) => {
        const [line, code] = p.split(':');
        const f = findings.find((x) => x.code === code && x.range.start.line + 1 === Number(line));
        return f ? `${p} (${f.message})` : p;
      };
      assert.deepEqual({ unexpected: unexpected.map(describe), missing }, { unexpected: [], missing: [] });
    });
  }
});

/** Each fix of each finding, applied alone: the finding it fixes is gone, and no error appears that was not there. */
function checkFixes(name: string, text: string, options: CheckOptions | undefined) {
  const { findings } = check(text, options);
  const fixable = findings.filter((f) => f.fixes?.length);
  for (const f of fixable) {
    for (const fix of f.fixes!) {
      const fixed = applyEdits(text, fix.edits);
      assert.notEqual(fixed, text, `${name}: "${fix.title}" changes nothing`);
      const after = check(fixed, options).findings;
      const still = after.filter((x) => x.code === f.code && x.message === f.message);
      assert.deepEqual(still.map((x) => x.message), [], `${name}: "${fix.title}" leaves ${f.code} in place`);
      assert.ok(after.filter((x) => x.code === f.code).length < findings.filter((x) => x.code === f.code).length, `${name}: "${fix.title}" does not reduce ${f.code}`);
      const errors = (list: Finding[]) => list.filter((x) => x.severity === 'error').length;
      assert.ok(errors(after) <= errors(findings), `${name}: "${fix.title}" introduces errors: ${after.filter((x) => x.severity === 'error').map((x) => x.message).join('; ')}`);
    }
  }
  return fixable.length;
}

describe('quick fixes', () => {
  let total = 0;
  for (const rule of RULES) {
    test(`fixes in the doc.bad of ${rule.code}`, known(`fixes in the doc.bad of ${rule.code}`), () => {
      total += checkFixes(`${rule.code} doc.bad`, rule.doc.bad, rule.doc.options);
    });
  }
  for (const fx of fixtures) {
    test(`fixes in ${fx.name}`, known(`fixes in ${fx.name}`), () => {
      total += checkFixes(fx.name, fx.text, fx.options);
    });
  }
  test('some fixes were exercised', () => {
    assert.ok(total >= 10, `only ${total} fixable findings`);
  });

  test('adding a missing subsection puts it after the one it follows, with a blank line', () => {
    const fx = fixtures.find((f) => f.name === '0012-rate-limiter.md')!;
    const { findings } = check(fx.text, fx.options);
    const f = findings.find((x) => x.code === 'missing-subsection')!;
    const fixed = applyEdits(fx.text, f.fixes![0].edits);
    const lines = fixed.split('\n');
    const at = lines.indexOf('#### Test Plan', lines.indexOf('### Phase 2: Middleware'));
    assert.ok(at > 0);
    assert.equal(lines[at - 1], '');
    assert.match(lines[at - 2], /Over-limit requests get 429/);
    assert.ok(lines.indexOf('#### Rollback Strategy', at) > at);
  });

  for (const fx of [...fixtures, ...RULES.map((r) => ({ name: `${r.code} doc.bad`, text: r.doc.bad, options: r.doc.options }))]) {
    test(`fix all in ${fx.name}: no overlap, fewer findings, no new errors`, known(`fix all in ${fx.name}`), () => {
      const { findings } = check(fx.text, fx.options);
      const all = fixAll(fx.text, findings);
      if (!all.fixes.length) return;
      const fixed = applyEdits(fx.text, all.edits);
      const after = check(fixed, fx.options).findings;
      const count = (list: Finding[]) => list.filter((x) => x.fixes?.some((y) => y.preferred)).length;
      assert.ok(count(after) < count(findings), `${fx.name}: ${count(findings)} fixable before, ${count(after)} after`);
      // Errors and duplicates, counted per code (their messages name lines, which the fixes move).
      const tally = (list: Finding[]) => {
        const m = new Map<string, number>();
        for (const x of list) if (x.severity === 'error' || x.code.startsWith('duplicate-')) m.set(x.code, (m.get(x.code) ?? 0) + 1);
        return m;
      };
      const b = tally(findings);
      const grown = [...tally(after)].filter(([code, n]) => n > (b.get(code) ?? 0)).map(([code, n]) => `${code}: ${b.get(code) ?? 0} → ${n}`);
      assert.deepEqual(grown, [], `${fx.name}: fix all adds problems:\n${after.map((x) => `  ${x.range.start.line + 1} ${x.code}: ${x.message}`).join('\n')}`);
    });
  }
});

describe('rule details', () => {
  test('metadata: an ID of the template form plan-YYYY-MM-DD-slug is not compared with the file number', () => {
    const plan = (id: string) => `# Plan: X\n\n## Metadata\n- **ID**: ${id}\n- **Created**: 2026-01-15\n`;
    const codes = (id: string) => check(plan(id), { fileName: '0001-csv-export.md' }).findings.filter((f) => f.code === 'metadata').map((f) => f.message);
    assert.deepEqual(codes('plan-2026-01-15-csv-export'), []);
    assert.deepEqual(codes('plan-2026-01-15-1-csv-export'), []);
    assert.deepEqual(codes('0001'), []);
    assert.equal(codes('plan-2026-01-15-7-csv-export').length, 1);
    assert.equal(codes('0007').length, 1);
  });
});

describe('applyEdits', () => {
  const text = 'one\r\ntwo\nthree';
  const at = (line: number, character: number) => ({ line, character });
  const r = (a: [number, number], b: [number, number]) => ({ start: at(...a), end: at(...b) });

  test('offsets clamp to the line (before CRLF) and to the text', () => {
    assert.equal(offsetAt(text, at(0, 99)), 3);
    assert.equal(offsetAt(text, at(1, 1)), 6);
    assert.equal(offsetAt(text, at(2, Number.MAX_SAFE_INTEGER)), text.length);
    assert.equal(offsetAt(text, at(9, 0)), text.length);
  });

  test('replaces, inserts and deletes against the original text', () => {
    assert.equal(applyEdits(text, [{ range: r([0, 0], [0, 3]), newText: 'ONE' }, { range: r([2, 0], [2, 0]), newText: '> ' }]), 'ONE\r\ntwo\n> three');
    assert.equal(applyEdits(text, [{ range: r([1, 0], [2, 0]), newText: '' }]), 'one\r\nthree');
  });

  test('edits at one insertion point keep their order', () => {
    const e = (t: string) => ({ range: r([1, 0], [1, 0]), newText: t });
    assert.equal(applyEdits(text, [e('a'), e('b'), e('c')]), 'one\r\nabctwo\nthree');
  });

  test('overlapping edits throw; compatibleGroups drops the later one', () => {
    const a = { edits: [{ range: r([0, 0], [1, 2]), newText: 'x' }] };
    const b = { edits: [{ range: r([1, 1], [1, 3]), newText: 'y' }] };
    const c = { edits: [{ range: r([2, 0], [2, 0]), newText: 'z' }] };
    assert.throws(() => applyEdits(text, [...a.edits, ...b.edits]), /overlapping/);
    assert.deepEqual(compatibleGroups(text, [a, b, c]), [a, c]);
    // An insertion at the boundary of a replacement does not overlap it.
    assert.deepEqual(compatibleGroups(text, [a, { edits: [{ range: r([1, 2], [1, 2]), newText: 'w' }] }]).length, 2);
  });
});
