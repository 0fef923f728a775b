// `plan-author mcp` as an agent meets it: `node dist/cli.js mcp <folders>` in a child process, driven by the official
// SDK's client over stdio. Every tool is called on real plans and checked against `plan-author check --format json`;
// bad input gets a tool error and the server answers the next call.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { RULES } from '../../src/model/index';
import { repoRoot } from './checkFixtures';

const CLI = path.join(repoRoot, 'dist/cli.js');
const MCP_FIXTURES = path.join(repoRoot, 'test/fixtures/mcp');
const WORKSPACE = path.join(repoRoot, 'test/fixtures/workspace');
const CHECKS = path.join(repoRoot, 'test/fixtures/checks');
const CORPUS = path.resolve(repoRoot, '../shared/corpus');
const READY = 'plans/0031-ready-phases.md';

interface ToolResult {
  isError?: boolean;
  content: { type: string; text?: string }[];
  structuredContent?: Record<string, any>;
}

let client: Client;
let tmp: string;
let stderr = '';

async function call(name: string, args: Record<string, unknown>): Promise<ToolResult> {
  return (await client.callTool({ name, arguments: args })) as ToolResult;
}

const textOf = (r: ToolResult) => r.content.map((c) => c.text ?? '').join('\n');

/** A tool result that is not an error, with its structured content. */
async function ok(name: string, args: Record<string, unknown>) {
  const r = await call(name, args);
  assert.ok(!r.isError, `${name} ${JSON.stringify(args).slice(0, 200)} failed: ${textOf(r)}`);
  assert.ok(r.structuredContent, `${name} returned no structured content`);
  return { text: textOf(r), data: r.structuredContent! };
}

function cliJson(files: string[], cwd = repoRoot) {
  const r = spawnSync(process.execPath, [CLI, 'check', '--format', 'json', ...files], { cwd, encoding: 'utf8', maxBuffer: 64 << 20 });
  assert.ok(r.status === 0 || r.status === 1, r.stderr);
  return JSON.parse(r.stdout) as { files: { path: string; findings: Record<string, unknown>[] }[] };
}

/** Applies 1-based edits (end column exclusive) to a text, last first. */
function applyEdits(text: string, edits: { line: number; column: number; endLine: number; endColumn: number; newText: string }[]): string {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text[i] === '\n') starts.push(i + 1);
  const offset = (line: number, column: number) => starts[line - 1] + column - 1;
  const sorted = [...edits].sort((a, b) => offset(b.line, b.column) - offset(a.line, a.column));
  let out = text;
  for (const e of sorted) out = out.slice(0, offset(e.line, e.column)) + e.newText + out.slice(offset(e.endLine, e.endColumn));
  return out;
}

before(async () => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'plan-author-mcp-'));
  fs.copyFileSync(path.join(MCP_FIXTURES, READY), path.join(tmp, 'copy.md'));
  fs.writeFileSync(path.join(tmp, 'huge.md'), `# Plan: Huge\n\n${'- [ ] a line of a very long plan\n'.repeat(170_000)}`);
  fs.writeFileSync(path.join(tmp, 'binary.md'), Buffer.from([0x23, 0x20, 0x50, 0x00, 0x01, 0x02, 0x0a]));
  fs.mkdirSync(path.join(tmp, 'folder.md'));
  fs.symlinkSync(path.join(repoRoot, 'package.json'), path.join(tmp, 'link-out.md'));
  const roots = [MCP_FIXTURES, tmp, WORKSPACE, CHECKS, ...(fs.existsSync(CORPUS) ? [CORPUS] : [])];
  const transport = new StdioClientTransport({ command: process.execPath, args: [CLI, 'mcp', ...roots], cwd: repoRoot, stderr: 'pipe' });
  transport.stderr?.on('data', (d) => (stderr += String(d)));
  client = new Client({ name: 'plan-author-test', version: '1.0.0' });
  await client.connect(transport);
});

after(async () => {
  await client?.close();
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
});

describe('mcp: the server', () => {
  test('lists five read-only tools, each with an input and an output schema', async () => {
    const { tools } = await client.listTools();
    assert.deepEqual(tools.map((t) => t.name).sort(), ['check_plan', 'explain_rule', 'new_plan', 'plan_outline', 'ready_phases']);
    for (const t of tools) {
      assert.equal(t.inputSchema.type, 'object', t.name);
      assert.equal(t.outputSchema?.type, 'object', `${t.name} has an output schema`);
      assert.ok((t.description ?? '').length > 40, `${t.name} says what it does`);
      assert.equal(t.annotations?.readOnlyHint, true, `${t.name} is marked read-only`);
      assert.equal(t.annotations?.destructiveHint, false, `${t.name} is marked non-destructive`);
    }
    const check = tools.find((t) => t.name === 'check_plan')!;
    assert.deepEqual(Object.keys(check.inputSchema.properties ?? {}).sort(), ['fileName', 'path', 'preset', 'rules', 'text']);
    assert.match(stderr, /MCP server on stdio/);
  });
});

describe('mcp: check_plan', () => {
  test('the findings of every fixture and corpus plan are the CLI JSON\'s, plus the quick fixes', async () => {
    const files = [
      ...fs.readdirSync(CHECKS).filter((f) => f.endsWith('.md')).map((f) => path.join(CHECKS, f)),
      path.join(WORKSPACE, 'checks/0003-image-thumbnails.md'),
      path.join(WORKSPACE, 'tracked/plans/0009-tracked-plan.md'),
      ...(fs.existsSync(CORPUS) ? fs.readdirSync(path.join(CORPUS, 'plans')).filter((f) => f.endsWith('.md')).map((f) => path.join(CORPUS, 'plans', f)) : []),
    ];
    const expected = cliJson(files);
    assert.equal(expected.files.length, files.length);
    let withFixes = 0;
    for (const [i, file] of files.entries()) {
      const { text, data } = await ok('check_plan', { path: file });
      assert.equal(data.version, 1);
      assert.equal(data.files.length, 1);
      const got = data.files[0];
      const withoutFixes = { ...got, findings: got.findings.map(({ fixes, ...f }: { fixes: unknown[] }) => f) };
      assert.deepEqual(withoutFixes, expected.files[i], `${file}: same as plan-author check --format json`);
      for (const f of got.findings) {
        assert.ok(text.includes(`${f.line}:${f.column} ${f.severity} ${f.code}`), `${file}: the text lists ${f.code} at ${f.line}:${f.column}`);
        for (const fix of f.fixes) {
          withFixes++;
          assert.ok(fix.description.startsWith(fix.title), `${file}: a fix's description starts with its title`);
          assert.match(fix.description, /\b(insert|replace|delete) "/, `${file}: ${fix.description}`);
          assert.ok(fix.edits.length > 0);
        }
      }
      const counts = { error: 0, warning: 0, information: 0 } as Record<string, number>;
      for (const f of got.findings) counts[f.severity]++;
      assert.deepEqual(data.counts, counts);
    }
    assert.ok(withFixes > 5, `quick fixes were described (${withFixes})`);
  });

  test('check → fix loop: applying a described quick fix to the text makes its finding go away', async () => {
    const file = path.join(WORKSPACE, 'checks/0003-image-thumbnails.md');
    const before = (await ok('check_plan', { path: file })).data.files[0];
    const finding = before.findings.find((f: any) => f.code === 'missing-subsection' && /Test Plan/.test(f.message));
    assert.ok(finding, 'the fixture misses a Test Plan subsection');
    const fix = finding.fixes.find((x: any) => x.preferred) ?? finding.fixes[0];
    assert.ok(fix, 'the finding carries a quick fix');
    assert.match(fix.description, /insert ".*Test Plan/);
    const fixed = applyEdits(fs.readFileSync(file, 'utf8'), fix.edits);
    const after = (await ok('check_plan', { text: fixed, fileName: path.basename(file) })).data.files[0];
    assert.ok(!after.findings.some((f: any) => f.code === 'missing-subsection' && f.message === finding.message), 'the finding is gone');
    // The subsection inserted is the template's, with its placeholders for the author to fill in.
    const others = (list: any[]) => list.filter((f) => f.code !== 'placeholder').map((f) => `${f.code}: ${f.message}`);
    assert.deepEqual(others(after.findings), others(before.findings).filter((m) => m !== `${finding.code}: ${finding.message}`));
    assert.ok(after.findings.some((f: any) => f.code === 'placeholder' && f.line > finding.line), 'the new placeholders are reported');
  });

  test('plan text instead of a path: the same findings; rules and preset apply', async () => {
    const file = path.join(CHECKS, 'dependencies.md');
    const byPath = (await ok('check_plan', { path: file })).data.files[0];
    const byText = (await ok('check_plan', { text: fs.readFileSync(file, 'utf8'), fileName: 'dependencies.md' })).data.files[0];
    assert.deepEqual(byText.findings, byPath.findings);
    assert.equal(byText.path, 'dependencies.md');
    assert.ok(byPath.findings.some((f: any) => f.code === 'unknown-phase'));
    const off = (await ok('check_plan', { path: file, rules: { 'unknown-phase': 'off' } })).data.files[0];
    assert.ok(!off.findings.some((f: any) => f.code === 'unknown-phase'), 'a rule turned off');
    const codev = (await ok('check_plan', { path: file, preset: 'codev' })).data.files[0];
    assert.equal(codev.preset, 'codev');
    assert.equal(cliJson(['--preset', 'codev', file]).files[0].findings.length, codev.findings.length);
  });

  test('a relative path is read from the first folder; the reported path is the one given', async () => {
    const { data } = await ok('check_plan', { path: READY });
    assert.equal(data.files[0].path, READY);
    assert.deepEqual(data.files[0].phases.map((p: any) => p.id), ['1', '2', '3', '4', '5', '6']);
  });
});

describe('mcp: plan_outline and ready_phases', () => {
  test('plan_outline: phases with lines, dependencies and checkbox progress; waves, critical path, Mermaid', async () => {
    const { text, data } = await ok('plan_outline', { path: READY });
    const cli = cliJson([path.join(MCP_FIXTURES, READY)]).files[0] as any;
    assert.equal(data.title, 'Plan: Ready Phases');
    assert.equal(data.preset, cli.preset);
    assert.deepEqual(
      data.phases.map((p: any) => ({ id: p.id, title: p.title, line: p.line, dependsOn: p.dependsOn })),
      cli.phases,
    );
    const byId = Object.fromEntries(data.phases.map((p: any) => [p.id, p]));
    assert.deepEqual(byId['1'].progress, { state: 'complete', source: 'checkboxes', checked: 2, checkboxes: 2, text: '2/2' });
    assert.equal(byId['2'].progress.state, 'in-progress');
    assert.equal(byId['3'].progress.state, 'pending');
    assert.deepEqual(byId['5'].unknownDependencies, ['9']);
    assert.equal(byId['1'].endLine, 9, 'the last line of the phase\'s text');
    assert.deepEqual(data.waves, [['1', '5', '6'], ['2', '3'], ['4']]);
    assert.deepEqual(data.criticalPath, ['1', '2', '4']);
    assert.equal(data.maxParallel, 3);
    assert.match(data.mermaid, /^flowchart TD\n/);
    for (const p of data.phases) assert.ok(data.mermaid.includes(`"${p.id}: ${p.title}`), `Mermaid draws phase ${p.id}`);
    assert.match(data.mermaid, /9: unknown phase/);
    assert.match(text, /Critical path: 1 → 2 → 4/);
    assert.ok(text.includes('```mermaid\nflowchart TD'));
  });

  test('plan_outline: progress from status.yaml comes before the checkboxes', async () => {
    const { data } = await ok('plan_outline', { path: path.join(WORKSPACE, 'tracked/plans/0009-tracked-plan.md') });
    assert.match(data.statusFile, /9-tracked-plan\/status\.yaml$/);
    assert.deepEqual(
      data.phases.map((p: any) => [p.id, p.progress.state, p.progress.source, p.progress.status]),
      [
        ['1', 'complete', 'status.yaml', 'complete'],
        ['2', 'in-progress', 'status.yaml', 'in_progress'],
      ],
    );
  });

  test('ready_phases: what can start now in plan order, what waits and for what', async () => {
    const { text, data } = await ok('ready_phases', { path: READY });
    assert.deepEqual(
      data.ready.map((r: any) => [r.id, r.state]),
      [
        ['2', 'in-progress'],
        ['3', 'pending'],
        ['6', 'pending'],
      ],
    );
    assert.deepEqual(data.blocked, [
      { id: '4', title: 'Reports', line: 22, waitingFor: [{ id: '2', state: 'in-progress' }, { id: '3', state: 'pending' }] },
      { id: '5', title: 'Archive', line: 27, waitingFor: [{ id: '9', state: 'unknown' }] },
    ]);
    assert.deepEqual(data.complete, ['1']);
    assert.match(text, /3 phases ready to start/);
    assert.match(text, /Phase 5: Archive waits for 9 \(no such phase\)/);
    const tracked = (await ok('ready_phases', { path: path.join(WORKSPACE, 'tracked/plans/0009-tracked-plan.md') })).data;
    assert.deepEqual(tracked.ready.map((r: any) => [r.id, r.state]), [['2', 'in-progress']], 'status.yaml says phase 1 is complete');
  });
});

describe('mcp: new_plan and explain_rule', () => {
  test('new_plan: the template filled in, nothing written, and it checks clean but for its placeholders', async () => {
    const before = fs.readdirSync(MCP_FIXTURES, { recursive: true }).length;
    const { text, data } = await ok('new_plan', { template: 'codev', title: 'CSV export', number: '0042', date: '2026-12-02' });
    assert.equal(fs.readdirSync(MCP_FIXTURES, { recursive: true }).length, before, 'no file written');
    assert.equal(data.fileName, '0042-csv-export.md');
    assert.match(data.text, /^# Plan: CSV export$/m);
    assert.ok(!data.text.includes('[YYYY-MM-DD]') || !/\*\*(Created|Updated)\*\*/.test(data.text), 'dates filled in');
    assert.ok(data.placeholders.includes('[Descriptive Name]'));
    assert.ok(text.includes(data.text), 'the text carries the plan');
    assert.match(text, /Nothing was written/);
    const check = (await ok('check_plan', { text: data.text, fileName: data.fileName })).data.files[0];
    assert.equal(check.preset, 'codev');
    const codes = new Set(check.findings.map((f: any) => f.code));
    assert.ok(codes.has('placeholder'), 'the placeholders are reported');
    for (const c of ['missing-section', 'section-order', 'missing-subsection', 'phases-json-missing', 'phases-json-invalid']) assert.ok(!codes.has(c), `no ${c} on a fresh plan`);
  });

  test('explain_rule: every rule\'s doc with its bad and good example', async () => {
    for (const r of RULES) {
      const { text, data } = await ok('explain_rule', { code: r.code });
      assert.deepEqual(data, { code: r.code, severity: r.severity, description: r.description, why: r.doc.why, bad: r.doc.bad, good: r.doc.good });
      assert.ok(text.includes(r.doc.why) && text.includes(r.doc.bad.trim()) && text.includes(r.doc.good.trim()));
    }
  });
});

describe('mcp: bad input gets a tool error, and the server answers the next call', () => {
  const cases: [string, string, Record<string, unknown>, RegExp][] = [
    ['a path outside the folders', 'check_plan', { path: '/etc/hostname' }, /outside the folders this server may read/],
    ['a relative path leading out', 'plan_outline', { path: '../../../package.json' }, /outside the folders/],
    ['a link inside leading out', 'check_plan', { path: 'link-out.md' }, /outside the folders/],
    ['no such file', 'check_plan', { path: 'plans/no-such-plan.md' }, /no such file/],
    ['a folder', 'check_plan', { path: 'plans' }, /is a folder/],
    ['a folder named .md', 'ready_phases', { path: 'folder.md' }, /is a folder/],
    ['a 5 MB file', 'check_plan', { path: 'huge.md' }, /5\.\d MB, over the 2 MB limit/],
    ['a binary file', 'plan_outline', { path: 'binary.md' }, /binary data/],
    ['binary text', 'check_plan', { text: '# Plan\u0000' }, /binary data/],
    ['a path that is not a string', 'check_plan', { path: 3 }, /Invalid arguments for tool check_plan/],
    ['neither path nor text', 'check_plan', {}, /either "path".*or "text"/],
    ['both path and text', 'ready_phases', { path: READY, text: '# Plan' }, /not both/],
    ['an unknown preset', 'check_plan', { path: READY, preset: 'waterfall' }, /Invalid arguments/],
    ['an unknown rule', 'check_plan', { path: READY, rules: { 'no-such-rule': 'off' } }, /unknown rule "no-such-rule"/],
    ['a new plan without a title', 'new_plan', { template: 'codev' }, /Invalid arguments for tool new_plan/],
    ['an unknown template', 'new_plan', { template: 'waterfall', title: 'X' }, /Invalid arguments/],
    ['an unknown rule to explain', 'explain_rule', { code: 'placeholders' }, /unknown rule "placeholders" \(did you mean "placeholder"\?\)/],
  ];
  for (const [what, tool, args, message] of cases) {
    test(what, async () => {
      // The relative paths of these cases are read from the first folder; the temporary files live in the second.
      const inTmp = typeof args.path === 'string' && /^(link-out|huge|binary|folder)\.md$/.test(args.path);
      const a = inTmp ? { ...args, path: path.join(tmp, args.path as string) } : args;
      const r = await call(tool, a);
      assert.equal(r.isError, true, `${what}: ${textOf(r)}`);
      assert.match(textOf(r), message);
      const next = await ok('check_plan', { path: READY });
      assert.equal(next.data.files[0].phases.length, 6, 'the server still answers');
    });
  }

  test('a named pipe is not read (reading it would wait for a writer forever): a tool error', { skip: process.platform === 'win32' && 'no FIFOs' }, async () => {
    const fifo = path.join(tmp, 'pipe.md');
    spawnSync('mkfifo', [fifo]);
    const r = (await client.callTool({ name: 'check_plan', arguments: { path: fifo } }, undefined, { timeout: 20_000 })) as ToolResult;
    assert.equal(r.isError, true, textOf(r));
    assert.match(textOf(r), /pipe\.md is not a regular file/);
    const next = await ok('check_plan', { path: READY });
    assert.equal(next.data.files[0].phases.length, 6, 'the server still answers');
  });

  test('a plan too complex to check within the time limit: a tool error after the limit, and the server answers the next call', async () => {
    // 8,000 setext headings (32 KB): remark's cost grows with the square of their number (over 20 s here).
    const text = `# Plan: Hostile\n\n## Phases\n\n### Phase 1: A\n**Dependencies**: None\n\n${'a\n=\n'.repeat(8000)}`;
    const r = (await client.callTool({ name: 'check_plan', arguments: { text } }, undefined, { timeout: 120_000 })) as ToolResult;
    assert.equal(r.isError, true, textOf(r).slice(0, 300));
    assert.match(textOf(r), /took longer than 10 s and was stopped/);
    const next = await ok('check_plan', { path: READY });
    assert.equal(next.data.files[0].phases.length, 6, 'the server still answers');
  });

  test('a file copied into a second folder is read there by its absolute path', async () => {
    const { data } = await ok('check_plan', { path: path.join(tmp, 'copy.md') });
    assert.equal(data.files[0].phases.length, 6);
  });
});

describe('mcp: starting the server', () => {
  test('a folder that does not exist is a usage error (exit 2)', () => {
    const r = spawnSync(process.execPath, [CLI, 'mcp', path.join(repoRoot, 'no-such-folder')], { encoding: 'utf8', input: '' });
    assert.equal(r.status, 2);
    assert.match(r.stderr, /no such folder/);
    assert.equal(r.stdout, '', 'nothing on stdout, which belongs to the protocol');
  });

  test('plan-author --help names the mcp command', () => {
    const r = spawnSync(process.execPath, [CLI, '--help'], { encoding: 'utf8' });
    assert.match(r.stdout, /plan-author mcp \[folders…\]/);
  });
});
