// Fixture plans with inline expectations: `<!-- expect: code -->` (or `<!-- expect: a, b -->`) at the end of the line
// a finding must start on. The comments are removed before the plan is checked, so they change neither headings
// nor code blocks; the rest of each line keeps its columns.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { checkPlan, parsePlan, readStatus, type Finding, type PlanModel, type CheckOptions } from '../../src/model/index';

export const repoRoot = path.resolve(__dirname, '../../..');
/** The shared test data (`shared/corpus`, `shared/corpus-teams`): beside the clone, or beside the folder holding it. */
export const sharedDir = [path.resolve(repoRoot, '../shared'), path.resolve(repoRoot, '../../shared')].find((d) => fs.existsSync(path.join(d, 'corpus'))) ?? path.resolve(repoRoot, '../shared');
export const fixturesDir = path.join(repoRoot, 'test/fixtures/checks');

const EXPECT = /[ \t]*<!--\s*expect:\s*([^>]*?)\s*-->/g;

export interface Fixture {
  name: string;
  file: string;
  /** The plan without the expectation comments. */
  text: string;
  /** `line:code` pairs, 1-based lines. */
  expected: Set<string>;
  options: CheckOptions;
}

export function readFixture(file: string): Fixture {
  const raw = fs.readFileSync(file, 'utf8');
  const expected = new Set<string>();
  const text = raw
    .split('\n')
    .map((line, i) =>
      line.replace(EXPECT, (_, codes: string) => {
        for (const c of codes.split(/[\s,]+/).filter(Boolean)) expected.add(`${i + 1}:${c}`);
        return '';
      }),
    )
    .join('\n');
  const statusFile = file.replace(/\.md$/, '.status.yaml');
  const status = fs.existsSync(statusFile) ? readStatus(fs.readFileSync(statusFile, 'utf8'), statusFile) : undefined;
  return { name: path.basename(file), file, text, expected, options: { fileName: path.basename(file), status, text } };
}

export function fixtureFiles(dir = fixturesDir): string[] {
  return fs
    .readdirSync(dir)
    .filter((n) => n.endsWith('.md'))
    .sort()
    .map((n) => path.join(dir, n));
}

export function check(text: string, options: CheckOptions = {}): { model: PlanModel; findings: Finding[] } {
  const model = parsePlan(text);
  return { model, findings: checkPlan(model, { ...options, text }) };
}

export const pairs = (findings: Finding[]) => new Set(findings.map((f) => `${f.range.start.line + 1}:${f.code}`));
