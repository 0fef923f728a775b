// docs/rules.md (and the README's rules table) are generated from the rules: they must match what the rules say now.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { RULES } from '../../src/model/index';

const root = path.resolve(__dirname, '../../..');

test('docs/rules.md and the README rules table are up to date (node scripts/gen-rules-doc.mjs)', () => {
  const r = spawnSync(process.execPath, ['scripts/gen-rules-doc.mjs', '--check'], { cwd: root, encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
});

test('docs/rules.md has one anchor per rule code (the diagnostics link to them)', () => {
  const doc = fs.readFileSync(path.join(root, 'docs/rules.md'), 'utf8');
  const codes = new Set(RULES.map((r) => r.code));
  // Examples are fenced, so headings inside them are not anchors; the rule headings are the ones named by a code.
  const headings = [...doc.matchAll(/^## (\S+)$/gm)].map((m) => m[1]).filter((h) => codes.has(h));
  assert.deepEqual(headings, [...codes]);
});
