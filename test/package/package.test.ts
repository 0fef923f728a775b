// What users install, tested as they install it: the CLI from `npm pack` (installed offline from the tarball into an
// empty folder and run with npx), and the .vsix from `npm run package` (unpacked and inspected; the `vsix` suite then
// runs the integration tests against it installed in a real VS Code). Runs after the other suites: packing makes
// production bundles in dist/.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '../../..');
const VSIX = path.join(ROOT, 'out/plan-author.vsix');
const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
const kb = (n: number) => `${(n / 1024).toFixed(0)} KB`;

function sh(cmd: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = {}) {
  const r = spawnSync(cmd, args, { cwd, encoding: 'utf8', maxBuffer: 64 << 20, env: { ...process.env, npm_config_update_notifier: 'false', npm_config_fund: 'false', npm_config_audit: 'false', ...env } });
  return { code: r.status, stdout: r.stdout ?? '', stderr: r.stderr ?? '', all: `${r.stdout ?? ''}${r.stderr ?? ''}` };
}

describe('npm package: the command-line checker', () => {
  let tmp: string;
  let app: string;
  let tarball: string;
  let packed: { path: string; size: number }[];

  before(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'plan-author-npm-'));
    const r = sh('npm', ['pack', '--json', '--pack-destination', tmp], ROOT);
    assert.equal(r.code, 0, `npm pack failed:\n${r.all}`);
    const json = r.stdout.slice(r.stdout.indexOf('[')); // prepack's build prints before the JSON
    const [info] = JSON.parse(json);
    tarball = path.join(tmp, info.filename);
    packed = info.files;
    console.log(`npm package: ${info.filename}, ${kb(info.size)} packed, ${kb(info.unpackedSize)} unpacked, ${packed.length} files`);
    app = path.join(tmp, 'app');
    fs.mkdirSync(app);
    fs.writeFileSync(path.join(app, 'package.json'), '{ "private": true }\n');
  });
  after(() => fs.rmSync(tmp, { recursive: true, force: true }));

  test('ships only what runs: the bundled CLI, its manifest, README, licence and notices', () => {
    assert.deepEqual(packed.map((f) => f.path).sort(), ['LICENSE', 'README.md', 'THIRD-PARTY-NOTICES.md', 'dist/cli.js', 'package.json']);
    assert.deepEqual(pkg.bin, { 'plan-author': './dist/cli.js' });
  });

  test('installs from the tarball into an empty folder with no network (everything it runs is bundled)', () => {
    assert.equal(pkg.dependencies, undefined, 'package.json has "dependencies": dist/cli.js bundles its libraries, list them under devDependencies');
    const r = sh('npm', ['install', '--offline', '--no-package-lock', tarball], app);
    assert.equal(r.code, 0, `npm install of the tarball failed:\n${r.all}`);
    assert.ok(fs.existsSync(path.join(app, 'node_modules/.bin/plan-author')), 'no node_modules/.bin/plan-author after install');
  });

  test('npx plan-author check --format json gives the documented JSON; exit 1 when a finding is an error', () => {
    fs.copyFileSync(path.join(ROOT, 'samples/0008-search-reindex.md'), path.join(app, 'plan.md'));
    const r = sh('npx', ['--no-install', 'plan-author', 'check', '--format', 'json', 'plan.md'], app, { npm_config_offline: 'true' });
    assert.equal(r.code, 1, r.all);
    const out = JSON.parse(r.stdout);
    assert.equal(out.version, 1);
    assert.equal(out.files.length, 1);
    const [file] = out.files;
    assert.equal(file.path, 'plan.md');
    assert.equal(typeof file.preset, 'string');
    assert.ok(file.phases.length >= 3, `phases: ${JSON.stringify(file.phases)}`);
    assert.deepEqual(Object.keys(file.phases[0]).sort(), ['dependsOn', 'id', 'line', 'title']);
    const unknown = file.findings.find((f: { code: string }) => f.code === 'unknown-phase');
    assert.ok(unknown, `no unknown-phase finding in ${JSON.stringify(file.findings)}`);
    assert.equal(unknown.severity, 'error');
    assert.match(unknown.message, /Phase 4/);
    assert.equal(typeof unknown.line, 'number');
  });

  test('npx plan-author: exit 0 on a plan without errors, 2 on a usage error, --version is the package version', () => {
    fs.copyFileSync(path.join(ROOT, 'samples/0007-offline-mode.md'), path.join(app, 'clean.md'));
    const env = { npm_config_offline: 'true' };
    const ok = sh('npx', ['--no-install', 'plan-author', 'check', 'clean.md'], app, env);
    assert.equal(ok.code, 0, ok.all);
    const usage = sh('npx', ['--no-install', 'plan-author', 'check', '--bogus', 'clean.md'], app, env);
    assert.equal(usage.code, 2, usage.all);
    assert.match(usage.stderr, /--bogus/);
    const missing = sh('npx', ['--no-install', 'plan-author', 'check', 'no-such-plan.md'], app, env);
    assert.equal(missing.code, 2, missing.all);
    const version = sh('npx', ['--no-install', 'plan-author', '--version'], app, env);
    assert.equal(version.stdout.trim(), pkg.version);
  });
});

describe('.vsix: what the editor installs', () => {
  let files: string[];

  before(() => {
    fs.rmSync(VSIX, { force: true });
    const r = sh('npm', ['run', 'package', '--', '--out', VSIX], ROOT);
    assert.equal(r.code, 0, `npm run package failed:\n${r.all}`);
    const list = sh('unzip', ['-Z1', VSIX], ROOT);
    assert.equal(list.code, 0, list.all);
    files = list.stdout.split('\n').filter(Boolean);
    console.log(`vsix: ${path.relative(ROOT, VSIX)}, ${kb(fs.statSync(VSIX).size)}, ${files.length} files`);
  });

  test('holds no sources, tests, source maps or node_modules', () => {
    const bad = files.filter((f) => /^extension\/(src|test|out|bench|node_modules)\//.test(f) || /\.map$/.test(f) || /\/node_modules\//.test(f) || /\.ts$/.test(f));
    assert.deepEqual(bad, []);
  });

  test('holds every file its manifest names: entry points, icon, grammar, snippets, walkthrough media', () => {
    const inside = new Set(files.map((f) => f.replace(/^extension\//, '')));
    const named = [pkg.main, pkg.browser, pkg.icon, ...pkg.contributes.grammars.map((g: { path: string }) => g.path), ...pkg.contributes.snippets.map((s: { path: string }) => s.path)]
      .concat(pkg.contributes.walkthroughs.flatMap((w: { steps: { media: { markdown?: string; image?: string } }[] }) => w.steps.map((s) => s.media.markdown ?? s.media.image)))
      .filter((p): p is string => !!p)
      .map((p) => p.replace(/^\.\//, ''));
    assert.deepEqual(named.filter((p) => !inside.has(p)), []);
    assert.ok(
      inside.has('dist/model.js') && inside.has('dist/planWorker.js') && inside.has('dist/cli.js') && inside.has('dist/media/graph.js') && inside.has('dist/media/elk.js'),
      'lazy-loaded model, checker worker, CLI, graph script or layout engine missing',
    );
  });

  test('the packaged README shows its images: every relative image it links is inside, no link points outside', () => {
    const inside = new Set(files.map((f) => f.replace(/^extension\//, '').toLowerCase()));
    const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
    const images = [...readme.matchAll(/!\[[^\]]*\]\(([^)\s]+)/g)].map((m) => m[1]);
    assert.ok(images.length > 0);
    assert.deepEqual(images.filter((src) => /^https?:/.test(src)), [], 'absolute image URLs: nothing real hosts them');
    assert.deepEqual(images.filter((src) => !inside.has(src.replace(/^\.\//, '').toLowerCase())), []);
  });
});
