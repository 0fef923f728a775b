// Precision: plans written to reproduce what real plans do (sloppy maps, elaborated JSON titles, summary headings,
// bold-label subsections, free-form JSON) must yield exactly their `<!-- expect: -->` findings; over the real plans of
// ../shared/corpus and ../shared/corpus-teams, every error and every agreement warning must be one that was checked by
// reading the plan (REVIEWED below), and no phase gets more than one missing-subsection finding.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { check, fixtureFiles, pairs, readFixture, repoRoot, sharedDir } from './checkFixtures';
import { readStatus, statusCandidates, type Finding } from '../../src/model/index';

const precisionDir = path.join(repoRoot, 'test/fixtures/precision');

describe('precision corpus (test/fixtures/precision)', () => {
  const fixtures = fixtureFiles(precisionDir).map(readFixture);
  test('there are plans for each pattern', () => assert.ok(fixtures.length >= 10, `${fixtures.length} plans`));
  for (const fx of fixtures) {
    test(fx.name, () => {
      const { findings } = check(fx.text, fx.options);
      const got = pairs(findings);
      const show = (p: string) => {
        const [line, code] = p.split(':');
        const f = findings.find((x) => x.code === code && x.range.start.line + 1 === Number(line));
        return f ? `${p} ${f.severity} (${f.message})` : p;
      };
      const unexpected = [...got].filter((p) => !fx.expected.has(p)).map(show);
      const missing = [...fx.expected].filter((p) => !got.has(p));
      assert.deepEqual({ unexpected, missing }, { unexpected: [], missing: [] });
      for (const f of findings) assert.doesNotMatch(f.message, /\n/, `${f.code}: the message is one line`);
    });
  }
});

// Recall: plans written to reproduce real disagreements that were missed or only said as information. Each expected
// finding must be there at warning (or error), and no other finding may warn: a sure reading warns, nothing else does.
const recallDir = path.join(repoRoot, 'test/fixtures/recall');

describe('recall corpus (test/fixtures/recall)', () => {
  const fixtures = fixtureFiles(recallDir).map(readFixture);
  test('there are plans for the patterns', () => assert.ok(fixtures.length >= 2, `${fixtures.length} plans`));
  for (const fx of fixtures) {
    test(fx.name, () => {
      const { findings } = check(fx.text, fx.options);
      const key = (f: Finding) => `${f.range.start.line + 1}:${f.code}`;
      const loud = findings.filter((f) => f.severity === 'warning' || f.severity === 'error');
      const missing = [...fx.expected].filter((p) => !loud.some((f) => key(f) === p)).map((p) => {
        const quiet = findings.find((f) => key(f) === p);
        return quiet ? `${p} only ${quiet.severity} (${quiet.message})` : p;
      });
      const unexpected = loud.filter((f) => !fx.expected.has(key(f))).map((f) => `${key(f)} ${f.severity} (${f.message})`);
      assert.deepEqual({ unexpected, missing }, { unexpected: [], missing: [] });
    });
  }
});

// Errors and agreement warnings on the real plans, each checked by reading the plan: `file:line code`.
const REVIEWED: Record<string, string> = {
  // The JSON's first title says "Phase 1a" where the heading says Phase 1, and Phase 1b depends on "Phase 1a".
  'corpus/plans/0602-vscode-extension.md:38 phases-json-drift': 'the JSON numbers the first phase 1a, the heading 1',
  'corpus/plans/0602-vscode-extension.md:113 unknown-phase': 'Phase 1b depends on Phase 1a; the heading says Phase 1',
  'corpus/plans/0602-vscode-extension.md:721 map-mismatch': 'the map draws Phase 1a where the heading says Phase 1',
  // The map fans Phase 2b and Phase 3 out of Phase 1b (arrows under its first arrow); their lines say Phase 2a.
  'corpus/plans/0602-vscode-extension.md:722 map-mismatch': 'Phase 2b hangs from Phase 1b in the map, from Phase 2a in its line',
  'corpus/plans/0602-vscode-extension.md:723 map-mismatch': 'Phase 3 hangs from Phase 1b in the map, from Phase 2a in its line',
};
const AGREEMENT = new Set(['map-mismatch', 'phases-json-drift', 'duplicate-phase']);

function plans(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return e.name === 'projects' || e.name === 'status' ? [] : plans(p);
    return e.name.endsWith('.md') && !/^(README|LICENSE)/.test(e.name) ? [p] : [];
  });
}

function statusFor(file: string) {
  for (const c of statusCandidates(file)) {
    const hit = c.glob ? (fs.existsSync(c.path) ? fs.readdirSync(c.path).sort().find((n) => c.glob!.test(n)) : undefined) : undefined;
    const p = c.glob ? (hit ? `${c.path}/${hit}/status.yaml` : '') : c.path;
    if (p && fs.existsSync(p)) {
      const s = readStatus(fs.readFileSync(p, 'utf8'), p);
      if (s) return s;
    }
  }
  return undefined;
}

describe('precision on real plans (../shared/corpus, ../shared/corpus-teams)', { skip: !fs.existsSync(path.join(sharedDir, 'corpus')) && 'no ../shared here' }, () => {
  const files = [...plans(path.join(sharedDir, 'corpus/plans')), ...plans(path.join(sharedDir, 'corpus-teams'))];
  const found = new Map<string, Finding>();
  const perPhase: string[] = [];
  for (const file of files) {
    const text = fs.readFileSync(file, 'utf8');
    const { model, findings } = check(text, { fileName: path.basename(file), status: statusFor(file) });
    const rel = path.relative(sharedDir, file);
    for (const f of findings) {
      if (f.severity === 'error' || (f.severity === 'warning' && AGREEMENT.has(f.code))) found.set(`${rel}:${f.range.start.line + 1} ${f.code}`, f);
    }
    for (const p of model.phases) {
      const n = findings.filter((f) => f.code === 'missing-subsection' && f.range.start.line === p.heading.start.line).length;
      if (n > 1) perPhase.push(`${rel} Phase ${p.id}: ${n}`);
    }
  }
  test('the plans are there', () => assert.ok(files.length >= 70, `${files.length} plans`));
  test('every error and agreement warning is one checked by reading the plan', () => {
    const unreviewed = [...found].filter(([k]) => !REVIEWED[k]).map(([k, f]) => `${k} ${f.severity}: ${f.message}`);
    assert.deepEqual(unreviewed, []);
  });
  test('every reviewed defect is still found', () => {
    assert.deepEqual(Object.keys(REVIEWED).filter((k) => !found.has(k)), []);
  });
  test('at most one missing-subsection finding per phase', () => assert.deepEqual(perPhase, []));
});
