#!/usr/bin/env node
// `npm run test:electron`: the integration tests (out/test/integration/index.js, the same mocha suite
// as `npm run test:vscode`) in desktop VS Code through @vscode/test-electron. It downloads VS Code
// into .vscode-test/ on first use, so it needs the VS Code update server; where only the npm registry
// is reachable (CI), use `npm run test:vscode` (code-server, headless) instead.
// On Linux without a display, run it under xvfb-run.
//   VSCODE_VERSION=stable|insiders|1.100.3 (default 1.100.3, the engines.vscode floor, as code-server)
//   MOCHA_GREP=<title substring> runs a subset.
'use strict';

const path = require('node:path');
const { spawnSync } = require('node:child_process');

const ROOT = path.resolve(__dirname, '..');

async function main() {
  const build = spawnSync(process.execPath, [path.join(ROOT, 'scripts/build.mjs')], { cwd: ROOT, stdio: 'inherit' });
  if (build.status !== 0) return build.status ?? 1;

  const { runTests } = require('@vscode/test-electron');
  try {
    await runTests({
      version: process.env.VSCODE_VERSION || '1.100.3',
      extensionDevelopmentPath: ROOT,
      extensionTestsPath: path.join(ROOT, 'out/test/integration/index.js'),
      launchArgs: [
        path.join(ROOT, 'test/fixtures/workspace'),
        '--disable-extensions', // only the extension under test
        '--disable-workspace-trust',
        '--skip-welcome',
        '--skip-release-notes',
        '--disable-gpu',
      ],
      extensionTestsEnv: {
        ...(process.env.MOCHA_GREP ? { MOCHA_GREP: process.env.MOCHA_GREP } : {}),
        ...(process.env.MOCHA_TIMEOUT ? { MOCHA_TIMEOUT: process.env.MOCHA_TIMEOUT } : {}),
      },
    });
    return 0;
  } catch (err) {
    console.error(`integration tests failed: ${err && err.message ? err.message : err}`);
    return 1;
  }
}

main().then((code) => process.exit(code));
