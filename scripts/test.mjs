// `npm test`: builds, then runs every suite. Each suite prints its own closing line `N passed, N failed`;
// this script ends with the totals and exits non-zero if any suite failed.
// `node scripts/test.mjs unit|lint|grammar|webview|vscode` runs one suite.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { createRequire } from 'node:module';

// A fresh clone sets itself up: Debian packages for the real-VS-Code suite, then the npm dependencies.
createRequire(import.meta.url)('./ensure-setup.cjs').ensureSetup();

const only = process.argv[2];

function files(dir, re) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? files(p, re) : re.test(n) ? [p] : [];
  });
}

const suites = [
  // Type-checks everything against @types/vscode of engines.vscode's version (1.74): code that uses a newer API fails
  // here, so the extension keeps running on every editor that engines.vscode admits.
  { name: 'types', cmd: () => ['node', ['scripts/typecheck.mjs']] },
  // ESLint (eslint.config.mjs): the import boundaries of the README's Architecture section (no `vscode` in the core…).
  { name: 'lint', script: 'scripts/lint.mjs' },
  { name: 'unit', cmd: () => ['node', ['--test', '--test-reporter=spec', '--test-reporter-destination=stdout', '--test-reporter=./scripts/count-reporter.mjs', '--test-reporter-destination=stdout', ...files('out/test/unit', /\.test\.js$/)]] },
  { name: 'grammar', script: 'scripts/grammar-test.mjs' },
  { name: 'webview', script: 'scripts/webview-test.mjs' },
  { name: 'vscode', cmd: () => ['node', ['scripts/vscode-run.cjs', 'test']] },
  // Packs the CLI (npm pack) and the .vsix (npm run package: production bundles in dist/), installs and inspects them.
  { name: 'package', cmd: () => ['node', ['--test', '--test-reporter=spec', '--test-reporter-destination=stdout', '--test-reporter=./scripts/count-reporter.mjs', '--test-reporter-destination=stdout', ...files('out/test/package', /\.test\.js$/)]] },
  // The integration suite again, against the .vsix the package suite built, installed into the VS Code server.
  { name: 'vsix', cmd: () => ['node', ['scripts/vscode-run.cjs', 'test', '--vsix', 'out/plan-author.vsix']] },
  // The browser build (package.json `browser`) in VS Code for the Web's web-worker extension host.
  { name: 'web', cmd: () => ['node', ['scripts/web-run.cjs', 'test']] },
];

const build = spawnSync('node', ['scripts/build.mjs'], { stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);

let failed = 0;
let passedTests = 0;
let failedTests = 0;
const summary = [];
for (const s of suites) {
  if (only && s.name !== only) continue;
  if (s.script && !existsSync(s.script)) continue;
  const [cmd, args] = s.cmd ? s.cmd() : ['node', [s.script]];
  if (s.name === 'unit' && args.length <= 5) continue; // no unit test files: `node --test` would pick up everything
  console.log(`\n=== ${s.name} tests ===`);
  // Output is shown as it comes and scanned for the suite's closing `N passed, N failed` line.
  const r = spawnSync(cmd, args, { stdio: ['ignore', 'pipe', 'inherit'], encoding: 'utf8', maxBuffer: 256 << 20 });
  process.stdout.write(r.stdout ?? '');
  const counts = [...(r.stdout ?? '').matchAll(/^(\d+) passed, (\d+) failed/gm)].pop();
  if (counts) {
    passedTests += Number(counts[1]);
    failedTests += Number(counts[2]);
  }
  const ok = r.status === 0;
  summary.push(`${s.name}: ${ok ? 'ok' : `FAILED (exit ${r.status ?? r.signal})`}${counts ? ` (${counts[1]} passed, ${counts[2]} failed)` : ''}`);
  if (!ok) failed++;
}
console.log(`\n${summary.join('\n')}`);
console.log(`${passedTests} passed, ${failedTests} failed`);
process.exit(failed ? 1 : 0);
