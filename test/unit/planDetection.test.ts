// One answer each to "is this markdown a plan?" and "is it too big or binary to check?", whichever way a plan
// arrives: opened in the editor, found by the editor's background check of the workspace, found by
// `plan-author check <folder>`, or sent as text to the MCP server. The same files go through each path and the
// answers are compared.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parsePlan, findStatusFile, MAX_FILE_BYTES } from '../../src/model/index';
import { isPlanDocument, readsAsPlan, textGuard } from '../../src/model/planText';
import { nodeFileSystem } from '../../src/nodeFileSystem';
import { checkInlineText } from '../../src/mcp/files';
import { repoRoot } from './checkFixtures';

const CLI = path.join(repoRoot, 'dist/cli.js');

/** The files, and whether each is a plan (by its title, by its phases or steps, or not at all). */
const FILES: Record<string, { text: string; plan: boolean; title: boolean }> = {
  'implementation.md': { text: '# Implementation plan: search reindex\n\nWe will rebuild the index.\n', plan: true, title: true },
  'implementation-caps.md': { text: '#   Implementation   Plan — search\n\nText.\n', plan: true, title: true },
  'plan.md': { text: '# Plan: export CSV\n\nSoon.\n', plan: true, title: true },
  'pir.md': { text: '# PIR Plan: fix the login loop\n\n## Understanding\n\nIt loops.\n', plan: true, title: true },
  'lower.md': { text: '\n\n# plan for the week\n', plan: true, title: true },
  'phases.md': { text: '# Search reindex\n\n## Phase 1: Build\n\nBuild it.\n\n## Phase 2: Ship\n\n**Dependencies**: Phase 1\n', plan: true, title: false },
  'steps.md': { text: '# Rollout\n\n### Step 1: Prepare\n\nPrepare.\n\n### Step 2: Go\n\nGo.\n', plan: true, title: false },
  'planning.md': { text: '# Planning notes\n\nNot a plan.\n', plan: false, title: false },
  'readme.md': { text: '# Notes\n\nJust notes.\n', plan: false, title: false },
  'second-level.md': { text: '## Plan\n\nA second-level heading names no document.\n', plan: false, title: false },
  'no-space.md': { text: '#Plan\n\nNot a heading.\n', plan: false, title: false },
};

/** The editor, for a document opened outside planAuthor.planGlobs: the first 40 lines decide, before any parse. */
const editorOpens = (text: string) => isPlanDocument(false, () => text.split('\n').slice(0, 40).join('\n'));
/** The editor's background check, for a file found by planGlobs: parsed, then kept when it reads as a plan. */
const backgroundKeeps = (text: string) => readsAsPlan(parsePlan(text), text);

let dir: string;
before(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'plan-author-detect-'));
  for (const [name, f] of Object.entries(FILES)) fs.writeFileSync(path.join(dir, name), f.text);
});
after(() => fs.rmSync(dir, { recursive: true, force: true }));

function cliChecked(inputs: string[]): { checked: Set<string>; stderr: string; code: number | null } {
  const r = spawnSync(process.execPath, [CLI, 'check', '--format', 'json', ...inputs], { cwd: dir, encoding: 'utf8' });
  const checked = new Set<string>(JSON.parse(r.stdout || '{"files":[]}').files.map((f: { path: string }) => path.basename(f.path)));
  return { checked, stderr: r.stderr, code: r.status };
}

describe('plan detection: the editor, its background check and the CLI agree', () => {
  test('plan-author check <folder> checks exactly the files that read as plans', () => {
    const { checked } = cliChecked(['.']);
    assert.deepEqual([...checked].sort(), Object.keys(FILES).filter((n) => FILES[n].plan).sort());
  });

  test('the background check keeps the same files as the CLI', () => {
    const { checked } = cliChecked(['.']);
    for (const [name, f] of Object.entries(FILES)) assert.equal(backgroundKeeps(f.text), checked.has(name), name);
  });

  test('an opened document is a plan by its title exactly when the CLI and the background check say so by its title', () => {
    for (const [name, f] of Object.entries(FILES)) {
      assert.equal(editorOpens(f.text), f.title, name);
      // Whatever the editor checks when opened, the CLI and the background check check too.
      if (editorOpens(f.text)) assert.ok(backgroundKeeps(f.text), `${name}: opened as a plan, dropped by the background check`);
    }
  });
});

describe('the size guard: files on disk and texts in memory, one limit in bytes', () => {
  // 'é' is two bytes in UTF-8: one more than the limit in bytes, half of it in characters.
  const over = 'é'.repeat(MAX_FILE_BYTES / 2) + 'x';
  const at = 'é'.repeat(MAX_FILE_BYTES / 2);
  const binary = '# Plan: x\n\u0000\n';

  test('a text one byte over the limit: the CLI does not read the file; the editor, the tools and the MCP server refuse the text', () => {
    fs.writeFileSync(path.join(dir, 'over.txt.md'), over);
    try {
      const r = cliChecked(['over.txt.md']);
      assert.equal(r.code, 4);
      assert.match(r.stderr, /over\.txt\.md: not checked: .*over the 2 MB limit/);
      assert.deepEqual(textGuard(over, MAX_FILE_BYTES), { why: 'too-big', bytes: MAX_FILE_BYTES + 1, maxBytes: MAX_FILE_BYTES });
      assert.throws(() => checkInlineText(over), /over the 2 MB limit/);
    } finally {
      fs.rmSync(path.join(dir, 'over.txt.md'));
    }
  });

  test('a text exactly at the limit passes everywhere', () => {
    assert.equal(textGuard(at, MAX_FILE_BYTES), undefined);
    assert.equal(checkInlineText(at), at);
  });

  test('binary data (NUL) is refused everywhere', () => {
    fs.writeFileSync(path.join(dir, 'binary.md'), binary);
    try {
      const r = cliChecked(['binary.md']);
      assert.equal(r.code, 4);
      assert.match(r.stderr, /binary/);
      assert.deepEqual(textGuard(binary, MAX_FILE_BYTES), { why: 'binary' });
      assert.throws(() => checkInlineText(binary), /binary data/);
    } finally {
      fs.rmSync(path.join(dir, 'binary.md'));
    }
  });
});

describe('the status file: the CLI finds the one the core lookup finds', () => {
  test('two project folders match the plan number: both take the first in name order', async () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'plan-author-status-'));
    try {
      fs.mkdirSync(path.join(root, 'plans'));
      const plan = path.join(root, 'plans', '0042-search.md');
      fs.writeFileSync(plan, '# Plan: search\n\n## Phase 1: A\n\nA.\n\n## Phase 2: B\n\nB.\n');
      for (const [folder, phase] of [['0042-z', 'phase_9'], ['0042-a', 'phase_1']]) {
        fs.mkdirSync(path.join(root, 'projects', folder), { recursive: true });
        fs.writeFileSync(path.join(root, 'projects', folder, 'status.yaml'), `plan_phases:\n  - id: ${phase}\n    status: complete\n`);
      }
      const core = await findStatusFile(nodeFileSystem, plan.split(path.sep).join('/'), { roots: [root] });
      assert.deepEqual(core?.phases.map((p) => p.id), ['phase_1']);
      const r = spawnSync(process.execPath, [CLI, 'check', '--format', 'json', 'plans'], { cwd: root, encoding: 'utf8' });
      const findings = JSON.parse(r.stdout).files[0].findings as { code: string }[];
      // The status file of 0042-a lists phase 1 only: status-drift names phase 2 as missing from it, not phase 9.
      const drift = findings.filter((f) => f.code === 'status-drift');
      assert.ok(drift.length > 0, 'status-drift reported');
      assert.ok(!JSON.stringify(drift).includes('9'), JSON.stringify(drift));
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });
});
