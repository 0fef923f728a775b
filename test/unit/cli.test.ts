// The command-line checker, run as users run it: `node dist/cli.js …` in a child process.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import Ajv from 'ajv-draft-04';
import { RULES } from '../../src/model/index';
import { check, repoRoot, sharedDir } from './checkFixtures';

const CLI = path.join(repoRoot, 'dist/cli.js');
const corpus = path.join(sharedDir, 'corpus');
const SNAPSHOT = path.join(repoRoot, 'test/fixtures/corpus-findings.json');
const version: string = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8')).version;

function cli(args: string[], cwd = repoRoot) {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', maxBuffer: 64 << 20 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const F = 'test/fixtures/checks';
const CLEAN = `${F}/../workspace/plans/0001-sample-plan.md`;

describe('cli: usage', () => {
  test('--version prints the package version', () => {
    const r = cli(['--version']);
    assert.equal(r.code, 0);
    assert.equal(r.stdout.trim(), version);
  });

  test('--help prints usage and exits 0; no arguments is a usage error', () => {
    const r = cli(['--help']);
    assert.equal(r.code, 0);
    assert.match(r.stdout, /plan-author check \[options\]/);
    assert.match(r.stdout, /--format text\|json\|sarif/);
    const none = cli([]);
    assert.equal(none.code, 2);
    assert.match(none.stderr, /Usage:/);
  });

  for (const [args, message] of [
    [['check', '--bogus', CLEAN], /unknown option "--bogus"/],
    [['check', 'no/such/plan.md'], /no such file or folder: no\/such\/plan\.md/],
    [['check', 'no-such-dir/**/*.md'], /no markdown files match/],
    [['check'], /no files to check/],
    [['check', '--format', 'xml', CLEAN], /unknown format "xml"/],
    [['check', '--format'], /--format needs a value/],
    [['check', '--preset', 'nope', CLEAN], /unknown preset "nope"/],
    [['check', '--rule', 'no-such-rule=off', CLEAN], /unknown rule "no-such-rule"/],
    [['check', '--rule', 'placeholder=loud', CLEAN], /unknown level "loud"/],
    [['check', '--rule', 'placeholder', CLEAN], /--rule takes code=level/],
    [['check', '--time-limit', 'soon', CLEAN], /--time-limit takes a number of seconds/],
    [['check', '--max-memory', '8', CLEAN], /--max-memory takes a number of megabytes, at least 16/],
    [['frobnicate'], /unknown command "frobnicate"/],
    [['doc', 'no-such-rule'], /unknown rule "no-such-rule"/],
  ] as [string[], RegExp][]) {
    test(`exit 2: ${args.join(' ')}`, () => {
      const r = cli(args);
      assert.equal(r.code, 2, r.stderr);
      assert.match(r.stderr, /^plan-author: /);
      assert.match(r.stderr, message);
      assert.equal(r.stdout, '');
    });
  }

  test('rules lists every code with its severity', () => {
    const r = cli(['rules']);
    assert.equal(r.code, 0);
    for (const rule of RULES) assert.match(r.stdout, new RegExp(`^${rule.code}\\s+${rule.severity}\\s+\\S`, 'm'));
  });

  test('doc prints why, bad and good', () => {
    const rule = RULES.find((x) => x.code === 'missing-subsection')!;
    const r = cli(['doc', rule.code]);
    assert.equal(r.code, 0);
    assert.ok(r.stdout.includes(rule.doc.why));
    assert.match(r.stdout, /\nBad:\n {4}# Plan: X\n/);
    assert.match(r.stdout, /\nGood:\n/);
    assert.ok(r.stdout.includes('    #### Test Plan'));
  });
});

describe('cli: check', () => {
  test('text: path:line:col severity code message, a summary; exit 1 on errors', () => {
    const r = cli(['check', `${F}/dependencies.md`]);
    assert.equal(r.code, 1);
    const lines = r.stdout.trimEnd().split('\n');
    assert.match(lines[0], /^test\/fixtures\/checks\/dependencies\.md:14:\d+ error unknown-phase Phase 2 depends on Phase 7/);
    for (const l of lines.slice(0, -2)) assert.match(l, /^\S+:\d+:\d+ (error|warning|information) [a-z-]+ \S/);
    assert.equal(lines.at(-2), '');
    assert.equal(lines.at(-1), '4 problems (2 errors, 2 warnings, 0 information) in 1 file of 1 plan checked');
  });

  test('warnings only: exit 0', () => {
    const r = cli(['check', `${F}/0012-rate-limiter.md`]);
    assert.equal(r.code, 0);
    assert.match(r.stdout, /information missing-subsection Phase 2 has no "Test Plan"/);
  });

  test('--rule changes a severity or turns a rule off', () => {
    const r = cli(['check', '--format', 'json', '--rule', 'unknown-phase=warning', '--rule', 'self-dependency=off', `${F}/dependencies.md`]);
    assert.equal(r.code, 0);
    const codes = JSON.parse(r.stdout).files[0].findings.map((f: { code: string; severity: string }) => `${f.code}/${f.severity}`);
    assert.ok(codes.includes('unknown-phase/warning'));
    assert.ok(!codes.some((c: string) => c.startsWith('self-dependency')));
  });

  test('--preset replaces detection', () => {
    const auto = JSON.parse(cli(['check', '--format', 'json', `${F}/codev-no-json.md`]).stdout).files[0];
    const generic = JSON.parse(cli(['check', '--format', 'json', '--preset', 'generic', `${F}/codev-no-json.md`]).stdout).files[0];
    assert.equal(auto.preset, 'codev');
    assert.equal(generic.preset, 'generic');
    assert.ok(auto.findings.some((f: { code: string }) => f.code === 'phases-json-missing'));
    assert.ok(!generic.findings.some((f: { code: string }) => f.code === 'phases-json-missing'));
  });

  test('json: exactly the documented shape, 1-based positions, the same findings as the checker', () => {
    const file = `${F}/dependencies.md`;
    const r = cli(['check', '--format', 'json', file]);
    assert.equal(r.code, 1);
    const out = JSON.parse(r.stdout);
    assert.deepEqual(Object.keys(out), ['version', 'files']);
    assert.equal(out.version, 1);
    assert.equal(out.files.length, 1);
    const f = out.files[0];
    assert.deepEqual(Object.keys(f), ['path', 'preset', 'phases', 'findings']);
    assert.equal(f.path, file);
    assert.equal(f.preset, 'generic');
    assert.deepEqual(f.phases, [
      { id: '1', title: 'Local Store', line: 8, dependsOn: [] },
      { id: '2', title: 'Change Journal', line: 13, dependsOn: ['1', '7'] },
      { id: '3', title: 'Merge Engine', line: 18, dependsOn: ['2', '3'] },
      { id: '4', title: 'Sync Endpoint', line: 23, dependsOn: ['3', '5'] },
      { id: '5', title: 'Conflict UI', line: 28, dependsOn: [] },
    ]);
    const text = fs.readFileSync(path.join(repoRoot, file), 'utf8');
    const expected = check(text, { fileName: path.basename(file) }).findings;
    assert.equal(f.findings.length, expected.length);
    f.findings.forEach((x: Record<string, unknown>, i: number) => {
      assert.deepEqual(Object.keys(x), ['code', 'severity', 'message', 'line', 'column', 'endLine', 'endColumn']);
      const e = expected[i];
      assert.deepEqual(x, {
        code: e.code,
        severity: e.severity,
        message: e.message,
        line: e.range.start.line + 1,
        column: e.range.start.character + 1,
        endLine: e.range.end.line + 1,
        endColumn: e.range.end.character + 1,
      });
    });
    assert.deepEqual(f.findings[0], {
      code: 'unknown-phase',
      severity: 'error',
      message: 'Phase 2 depends on Phase 7, which this plan does not have',
      line: 14,
      column: 34,
      endLine: 14,
      endColumn: 35,
    });
  });

  test('json: ranges past the end of a line are clamped to it', () => {
    const r = cli(['check', '--format', 'json', `${F}/codev-no-json.md`]);
    const f = JSON.parse(r.stdout).files[0];
    const lines = fs.readFileSync(path.join(repoRoot, F, 'codev-no-json.md'), 'utf8').split('\n');
    for (const x of f.findings) assert.ok(x.endColumn <= lines[x.endLine - 1].length + 1, `${x.code} ends at column ${x.endColumn}`);
  });

  test('the status.yaml beside a plan is read, as in the editor', () => {
    const f = JSON.parse(cli(['check', '--format', 'json', `${F}/0007-status-drift.md`]).stdout).files[0];
    const drift = f.findings.filter((x: { code: string }) => x.code === 'status-drift');
    assert.equal(drift.length, 3);
    assert.match(drift[0].message, /checks\/0007-status-drift\.status\.yaml tracks "phase_4"/);
  });

  test('a folder: every plan below it, paths as given', () => {
    const r = cli(['check', '--format', 'json', `${F}/`]);
    const paths = JSON.parse(r.stdout).files.map((f: { path: string }) => f.path);
    const names = fs.readdirSync(path.join(repoRoot, F)).filter((n) => n.endsWith('.md')).sort();
    assert.deepEqual(paths, names.map((n) => `${F}/${n}`));
    assert.equal(r.code, 1);
  });

  test('a glob, and a file named twice is checked once', () => {
    const r = cli(['check', '--format', 'json', `${F}/codev-*.md`, `${F}/codev-no-json.md`]);
    const paths = JSON.parse(r.stdout).files.map((f: { path: string }) => f.path);
    assert.deepEqual(paths, [`${F}/codev-broken-json.md`, `${F}/codev-json-drift.md`, `${F}/codev-no-json.md`]);
    const deep = cli(['check', '--format', 'json', 'test/**/0012-*.md']);
    assert.deepEqual(JSON.parse(deep.stdout).files.map((f: { path: string }) => f.path), [`${F}/0012-rate-limiter.md`]);
  });

  test('glob syntax: {a,b}, [0-9], [!0-9], ?, **', () => {
    const paths = (g: string) => JSON.parse(cli(['check', '--format', 'json', g]).stdout).files.map((f: { path: string }) => path.basename(f.path));
    assert.deepEqual(paths(`${F}/{dependencies,pir-sections}.md`), ['dependencies.md', 'pir-sections.md']);
    assert.deepEqual(paths(`${F}/[0-9]*.md`), ['0007-status-drift.md', '0012-rate-limiter.md']);
    assert.deepEqual(paths(`${F}/[!0-9c]*.md`), ['dependencies.md', 'pir-sections.md']);
    assert.deepEqual(paths(`${F}/pir-section?.md`), ['pir-sections.md']);
    assert.deepEqual(paths('test/**/workspace/**/0001-*.md'), ['0001-sample-plan.md']);
  });

  describe('files it cannot check', () => {
    let dir: string;
    before(() => {
      dir = fs.mkdtempSync(path.join(os.tmpdir(), 'plan-author-cli-'));
      fs.writeFileSync(path.join(dir, 'binary.md'), Buffer.from([0x23, 0x20, 0x50, 0x00, 0x01, 0x02]));
      fs.writeFileSync(path.join(dir, 'huge.md'), `# Plan: Big\n\n${'word '.repeat(420_000)}\n`);
      fs.writeFileSync(path.join(dir, 'README.md'), '# Notes\n\nNot a plan.\n');
    });
    after(() => fs.rmSync(dir, { recursive: true, force: true }));

    test('binary and over 2 MB: a message per file on stderr, no crash, the rest is checked; exit 4 as they were named', () => {
      const r = cli(['check', '--format', 'json', path.join(dir, 'binary.md'), path.join(dir, 'huge.md'), CLEAN]);
      assert.equal(r.code, 4, r.stderr);
      assert.match(r.stderr, /binary\.md: not checked: binary file/);
      assert.match(r.stderr, /huge\.md: not checked: 2\.1 MB is over the 2 MB limit/);
      assert.deepEqual(JSON.parse(r.stdout).files.map((f: { path: string }) => f.path), [CLEAN]);
    });

    test('markdown found in a folder that is not a plan is skipped and counted', () => {
      const r = cli(['check', dir]);
      assert.equal(r.code, 0);
      assert.match(r.stdout, /No problems in 0 plans checked; 1 markdown file skipped \(not plans\)/);
    });
 
    test('a run where every file found was skipped exits 4', () => {
      const sub = path.join(dir, 'only-unreadable');
      fs.mkdirSync(sub);
      fs.copyFileSync(path.join(dir, 'binary.md'), path.join(sub, 'binary.md'));
      const r = cli(['check', sub]);
      assert.equal(r.code, 4, r.stderr);
      assert.match(r.stderr, /binary\.md: not checked: binary file/);
    });
  });

  test('a file whose check fails with an internal error: reported for it on stderr, the others checked and printed, exit 3', async () => {
    // The CLI's own bundle, in this process, with a check that fails on one file as a bug in a rule would.
    const { main, checkText } = require(CLI) as typeof import('../../src/cli');
    const failing = `${F}/dependencies.md`;
    const check: typeof checkText = (text, file, ...rest) => {
      if (file.endsWith('dependencies.md')) throw new RangeError('Maximum call stack size exceeded');
      return checkText(text, file, ...rest);
    };
    const files = [CLEAN, failing, `${F}/0012-rate-limiter.md`];
    const json = await main(['check', '--format', 'json', ...files], repoRoot, check);
    assert.equal(json.code, 3);
    assert.match(json.stderr, /^test\/fixtures\/checks\/dependencies\.md: internal error: RangeError: Maximum call stack size exceeded/m);
    assert.deepEqual(JSON.parse(json.stdout).files.map((f: { path: string }) => f.path), [files[0], files[2]]);
    // In text, the findings of the files after the failing one are printed; exit 3 outranks the errors found (1).
    const text = await main(['check', failing, `${F}/0012-rate-limiter.md`], repoRoot, check);
    assert.equal(text.code, 3);
    assert.match(text.stdout, /0012-rate-limiter\.md:\d+:\d+ information missing-subsection Phase 2 has no "Test Plan"/);
    // The same files without the failure: exit 1 (dependencies.md has errors), all three printed.
    const fine = await main(['check', '--format', 'json', ...files], repoRoot);
    assert.equal(fine.code, 1);
    assert.equal(JSON.parse(fine.stdout).files.length, 3);
  });

  describe('files that are not what they seem', { skip: process.platform === 'win32' && 'no FIFOs or /dev/zero' }, () => {
    let dir: string;
    const plan = '# Plan: Links\n\n### Phase 1: A\n**Dependencies**: None\n';
    before(() => {
      dir = fs.mkdtempSync(path.join(os.tmpdir(), 'plan-author-cli-'));
      for (const sub of ['fifo', 'zero', 'outside', 'inside']) fs.mkdirSync(path.join(dir, sub, 'plans'), { recursive: true });
      // A status.yaml that is a FIFO (reading it would wait forever) and one that links to /dev/zero (endless).
      fs.writeFileSync(path.join(dir, 'fifo/plans/0001-x.md'), plan);
      spawnSync('mkfifo', [path.join(dir, 'fifo/plans/0001-x.status.yaml')]);
      fs.writeFileSync(path.join(dir, 'zero/plans/0001-x.md'), plan);
      fs.symlinkSync('/dev/zero', path.join(dir, 'zero/plans/0001-x.status.yaml'));
      fs.symlinkSync('/dev/zero', path.join(dir, 'zero/plans/0002-zero.md'));
      // A plan that links out of the folder checked, and one that links inside it.
      fs.writeFileSync(path.join(dir, 'secret.md'), plan);
      fs.symlinkSync(path.join(dir, 'secret.md'), path.join(dir, 'outside/plans/0001-out.md'));
      fs.writeFileSync(path.join(dir, 'inside/real.md'), plan);
      fs.symlinkSync(path.join(dir, 'inside/real.md'), path.join(dir, 'inside/plans/0001-in.md'));
    });
    after(() => fs.rmSync(dir, { recursive: true, force: true }));
    const run = (args: string[], cwd: string) => {
      const r = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', timeout: 30_000 });
      return { code: r.status, stdout: r.stdout, stderr: r.stderr, timedOut: !!r.error };
    };

    test('a status.yaml that is a FIFO or a link to /dev/zero is not read: the plan is checked, the run ends', () => {
      for (const sub of ['fifo', 'zero']) {
        const r = run(['check', '--format', 'json', 'plans/0001-x.md'], path.join(dir, sub));
        assert.equal(r.timedOut, false, `${sub}: the CLI hung`);
        assert.equal(r.code, 0, r.stderr);
        assert.equal(JSON.parse(r.stdout).files.length, 1);
      }
    });

    test('a plan that links to /dev/zero is not read: named, exit 4; found in a folder, skipped', () => {
      const named = run(['check', 'plans/0002-zero.md'], path.join(dir, 'zero'));
      assert.equal(named.timedOut, false);
      assert.equal(named.code, 4, named.stderr);
      assert.match(named.stderr, /0002-zero\.md: not checked: a symbolic link to \/dev\/zero, outside the folders checked/);
      const found = run(['check', 'plans'], path.join(dir, 'zero'));
      assert.equal(found.code, 0, found.stderr);
      assert.match(found.stderr, /0002-zero\.md: not checked/);
      assert.match(found.stdout, /in 1 plan checked|No problems in 1 plan checked/);
    });

    test('a link out of the folders checked is not followed; a link inside them is', () => {
      const out = run(['check', 'plans'], path.join(dir, 'outside'));
      assert.equal(out.code, 4, out.stderr);
      assert.match(out.stderr, /0001-out\.md: not checked: a symbolic link to .*secret\.md, outside the folders checked/);
      const inside = run(['check', 'plans'], path.join(dir, 'inside'));
      assert.equal(inside.code, 0, inside.stderr);
      assert.match(inside.stdout, /1 plan checked/);
    });
  });
});

describe('cli: sarif', () => {
  test('valid SARIF 2.1.0 (the official schema, shipped by @microsoft/jest-sarif)', () => {
    const schemaFile = path.join(repoRoot, 'node_modules/@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json');
    const schema = JSON.parse(fs.readFileSync(schemaFile, 'utf8'));
    // The schema's `language` pattern is not valid with the `u` flag (a stray `]`), so patterns are compiled without it.
    const ajv = new Ajv({ allErrors: true, strict: false, validateFormats: false, unicodeRegExp: false });
    const validate = ajv.compile(schema);
    const r = cli(['check', '--format', 'sarif', `${F}/`]);
    assert.equal(r.code, 1);
    const log = JSON.parse(r.stdout) as { version: string; runs: any[] }; // eslint-disable-line @typescript-eslint/no-explicit-any
    assert.ok(validate(log), JSON.stringify(validate.errors?.slice(0, 5), null, 2));
    assert.equal(log.version, '2.1.0');
    const run = log.runs[0];
    const driver = run.tool.driver;
    assert.equal(driver.name, 'plan-author');
    assert.equal(driver.version, version);
    assert.match(driver.informationUri, /^https:\/\//);
    assert.deepEqual(driver.rules.map((x: { id: string }) => x.id), RULES.map((x) => x.code));
    for (const rule of driver.rules) {
      assert.ok(rule.shortDescription.text && rule.fullDescription.text && rule.help.text);
      assert.ok(['error', 'warning', 'note'].includes(rule.defaultConfiguration.level));
    }
    const json = JSON.parse(cli(['check', '--format', 'json', `${F}/`]).stdout);
    const total = json.files.reduce((n: number, f: { findings: unknown[] }) => n + f.findings.length, 0);
    assert.equal(run.results.length, total);
    for (const res of run.results) {
      assert.equal(driver.rules[res.ruleIndex].id, res.ruleId);
      assert.ok(['error', 'warning', 'note'].includes(res.level));
      const loc = res.locations[0].physicalLocation;
      assert.match(loc.artifactLocation.uri, /^test\/fixtures\/checks\/[\w.-]+\.md$/);
      assert.ok(loc.region.startLine >= 1 && loc.region.startColumn >= 1);
    }
    const info = run.results.find((x: { ruleId: string; level: string }) => x.level === 'note');
    assert.ok(!info || info.ruleId, 'information maps to note');
  });

  test('a rule turned off is disabled in the rule list', () => {
    const log = JSON.parse(cli(['check', '--format', 'sarif', '--rule', 'placeholder=off', '--rule', 'metadata=error', CLEAN]).stdout);
    const rules = log.runs[0].tool.driver.rules;
    assert.equal(rules.find((x: { id: string }) => x.id === 'placeholder').defaultConfiguration.enabled, false);
    assert.equal(rules.find((x: { id: string }) => x.id === 'metadata').defaultConfiguration.level, 'error');
  });
});

// ---------------------------------------------------------------------------------------------------------------
// Corpus snapshot: the findings on the real plans of ../shared/corpus. Plan text stays out of the repo: phase titles
// are left out and quoted parts of messages are elided (a hash of each full message catches any change).
// `UPDATE_SNAPSHOTS=1 node scripts/test.mjs unit` rewrites the snapshot.

interface JsonFile {
  path: string;
  preset: string;
  phases: { id: string; title: string; line: number; dependsOn: string[] }[];
  findings: { code: string; severity: string; message: string; line: number; column: number; endLine: number; endColumn: number }[];
}

function snapshotOf(files: JsonFile[]) {
  const hash = (s: string) => crypto.createHash('sha256').update(s).digest('hex').slice(0, 10);
  return files.map((f) => ({
    path: f.path,
    preset: f.preset,
    phases: f.phases.map((p) => `${p.id} @${p.line}${p.dependsOn.length ? ` ← ${p.dependsOn.join(', ')}` : ''}`),
    findings: f.findings.map(
      (x) => `${x.line}:${x.column}-${x.endLine}:${x.endColumn} ${x.severity} ${x.code} ${x.message.replace(/"[^"\n]*"/g, '"…"').replace(/\s*\n\s*/g, ' ')} #${hash(x.message)}`,
    ),
  }));
}

describe('cli: corpus snapshot', { skip: !fs.existsSync(path.join(corpus, 'plans')) && 'no corpus at ../shared/corpus' }, () => {
  test('findings on every corpus plan match test/fixtures/corpus-findings.json', () => {
    const r = cli(['check', '--format', 'json', 'plans'], corpus);
    assert.ok(r.code === 0 || r.code === 1, r.stderr);
    assert.equal(r.stderr, '');
    const out = JSON.parse(r.stdout) as { files: JsonFile[] };
    assert.equal(out.files.length, fs.readdirSync(path.join(corpus, 'plans')).filter((n) => n.endsWith('.md')).length);
    const snap = { version: 1, files: snapshotOf(out.files) };
    if (process.env.UPDATE_SNAPSHOTS) {
      fs.writeFileSync(SNAPSHOT, `${JSON.stringify(snap, null, 2)}\n`);
      return;
    }
    assert.ok(fs.existsSync(SNAPSHOT), 'no snapshot yet: run UPDATE_SNAPSHOTS=1 node scripts/test.mjs unit');
    const want = JSON.parse(fs.readFileSync(SNAPSHOT, 'utf8'));
    assert.deepEqual(snap, want, 'corpus findings changed; if the change is right, run UPDATE_SNAPSHOTS=1 node scripts/test.mjs unit and review the diff');
  });
});

describe('cli: a time and a memory limit per file', () => {
  const head = '# Plan: Hostile\n\n## Phases\n\n### Phase 1: A\n**Dependencies**: None\n\n';
  let dir: string;
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'plan-author-limits-'));
    // 8,000 setext headings: remark's cost grows with their square (over 20 s for these 32 KB).
    fs.writeFileSync(path.join(dir, 'slow.md'), head + 'a\n=\n'.repeat(8000));
    // 40,000 list items: hundreds of MB of syntax tree.
    fs.writeFileSync(path.join(dir, 'big.md'), head + '- item\n'.repeat(40000));
    fs.copyFileSync(path.join(repoRoot, CLEAN), path.join(dir, 'clean.md'));
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  const run = (args: string[]) => {
    const r = spawnSync(process.execPath, [CLI, ...args], { cwd: dir, encoding: 'utf8', maxBuffer: 64 << 20, timeout: 120_000 });
    assert.equal(r.signal, null, 'the checker was still running after two minutes');
    return { code: r.status, stdout: r.stdout, stderr: r.stderr, json: () => JSON.parse(r.stdout) as { files: { path: string; findings: { code: string; severity: string; message: string }[] }[] } };
  };

  /** Processes whose working folder is `dir` (Linux: /proc), as the checker's child processes are. */
  const processesIn = (folder: string) =>
    fs.readdirSync('/proc').filter((pid) => {
      if (!/^\d+$/.test(pid)) return false;
      try {
        return fs.readlinkSync(`/proc/${pid}/cwd`) === fs.realpathSync(folder);
      } catch {
        return false;
      }
    });

  test('a file whose check takes longer than --time-limit gets one information finding, and the next file is checked', async () => {
    const r = run(['check', '--format', 'json', '--time-limit', '1', 'slow.md', 'clean.md']);
    assert.equal(r.code, 0, r.stderr);
    const [slow, clean] = r.json().files;
    assert.deepEqual(
      slow.findings.map((f) => [f.code, f.severity]),
      [['too-complex', 'information']],
    );
    assert.match(slow.findings[0].message, /not checked: checking it took longer than the time limit of 1 s/);
    assert.equal(clean.path, 'clean.md');
    assert.ok(clean.findings.length > 0 && clean.findings.every((f) => f.code !== 'too-complex'));
    // The checker process that was stopped does not outlive the run (it would parse on for 20 s).
    if (process.platform === 'linux') {
      const deadline = Date.now() + 5000;
      while (processesIn(dir).length && Date.now() < deadline) await new Promise((res) => setTimeout(res, 50));
      assert.deepEqual(processesIn(dir), [], 'a checker process is still running');
    }
  });

  test('a run stopped by a signal (Ctrl+C, a CI timeout) ends with exit 128+n and takes its checker process with it', { skip: process.platform !== 'linux' && 'reads /proc' }, async () => {
    const child = spawn(process.execPath, [CLI, 'check', '--time-limit', '0', 'slow.md'], { cwd: dir, stdio: 'ignore' });
    const exited = new Promise<number | null>((res) => child.on('exit', (code) => res(code)));
    // The command line and the checker it started, both working in `dir`.
    const deadline = Date.now() + 30_000;
    while (processesIn(dir).length < 2 && Date.now() < deadline) await new Promise((res) => setTimeout(res, 50));
    assert.equal(processesIn(dir).length, 2, 'the checker process did not start');
    child.kill('SIGTERM');
    assert.equal(await exited, 143);
    // Left alone, the checker would read its 8,000 setext headings for 20 s more.
    const gone = Date.now() + 10_000;
    while (processesIn(dir).length && Date.now() < gone) await new Promise((res) => setTimeout(res, 50));
    assert.deepEqual(processesIn(dir), [], 'the checker process outlived the run');
  });

  test('a file whose check needs more than --max-memory gets one information finding, and the next file is checked', () => {
    const r = run(['check', '--format', 'json', '--time-limit', '0', '--max-memory', '48', 'big.md', 'clean.md']);
    assert.equal(r.code, 0, r.stderr);
    const [big, clean] = r.json().files;
    assert.deepEqual(
      big.findings.map((f) => [f.code, f.severity]),
      [['too-complex', 'information']],
    );
    assert.match(big.findings[0].message, /needed more than 48 MB of memory/);
    assert.ok(clean.findings.length > 0 && clean.findings.every((f) => f.code !== 'too-complex'));
    // The rule's setting applies to the note too.
    const off = run(['check', '--format', 'json', '--time-limit', '0', '--max-memory', '48', '--rule', 'too-complex=off', 'big.md']);
    assert.deepEqual(off.json().files[0].findings, []);
  });
});
