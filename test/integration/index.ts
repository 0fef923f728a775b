// Mocha entry for the integration tests. A real VS Code extension host `require`s the bundle of this
// file (out/test/integration/index.js, via `extensionTestsPath`) and awaits `run()`; the same entry
// serves `scripts/vscode-run.cjs test` (code-server, headless) and `scripts/test-electron.cjs`
// (@vscode/test-electron, desktop VS Code).
//
// UI: mocha's `tdd` — write `suite('…', () => { test('…', async () => { … }) })`, plus `setup`,
// `teardown`, `suiteSetup`, `suiteTeardown`. Test files use these globals and must not import
// 'mocha' themselves (each *.test.ts is bundled on its own; a second mocha copy would not register).
//
// scripts/build.mjs bundles every test/integration/**/*.test.ts to out/test/integration/**/*.test.js;
// run() loads those compiled siblings of this file. MOCHA_GREP in the server's environment selects
// tests by title. After the run it prints the closing line `N passed, N failed[, N skipped]`.
import * as fs from 'fs';
import { createRequire } from 'module';
import * as path from 'path';
import type MochaClass from 'mocha';

// mocha (a devDependency) is loaded from node_modules at run time rather than bundled: esbuild cannot
// follow its parallel-mode worker files, and one shared copy keeps the tdd globals in one place.
const Mocha: typeof MochaClass = createRequire(__filename)('mocha');

function testFiles(dir: string): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => {
      const p = path.join(dir, e.name);
      return e.isDirectory() ? testFiles(p) : e.name.endsWith('.test.js') ? [p] : [];
    })
    .sort();
}

export function run(): Promise<void> {
  const mocha = new Mocha({
    ui: 'tdd',
    reporter: 'spec',
    color: false,
    // Generous but bounded: on a loaded machine (several suites at once) a step may wait on a stalled extension host.
    timeout: Number(process.env.MOCHA_TIMEOUT || 120_000),
    grep: process.env.MOCHA_GREP || undefined,
    // MOCHA_INVERT=1 runs the tests MOCHA_GREP does not select (the .vsix run leaves out the dialog-stubbing tests).
    invert: process.env.MOCHA_INVERT === '1',
  });
  const files = testFiles(__dirname);
  for (const f of files) mocha.addFile(f);

  return new Promise((resolve, reject) => {
    try {
      const runner = mocha.run((failures) => {
        const { passes = 0, pending = 0 } = runner.stats ?? {};
        const failed = runner.stats?.failures ?? failures;
        console.log(`${passes} passed, ${failed} failed${pending ? `, ${pending} skipped` : ''}`);
        if (failures > 0 || files.length === 0) {
          reject(new Error(files.length ? `${failures} integration test(s) failed` : `no *.test.js under ${__dirname}`));
        } else {
          resolve();
        }
      });
    } catch (err) {
      console.error(err);
      console.log('0 passed, 1 failed');
      reject(err);
    }
  });
}
