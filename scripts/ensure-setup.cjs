#!/usr/bin/env node
// First-run set-up for a fresh clone, shared by `npm start`, `npm test` and .ci/run: the Debian packages the real-VS-Code
// harness needs (installed with apt-get when running as root, else the command to run is printed), and the npm
// dependencies (`npm ci` when node_modules is missing or older than package-lock.json). Uses Node built-ins only.
//   node scripts/ensure-setup.cjs [--apt] [--npm]     (no flag: both)
'use strict';
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..');
// Compilers and headers for the VS Code server's native modules, ripgrep (its search), chromium (the headless
// workbench), fonts (screenshots with text).
const APT_PACKAGES = ['build-essential', 'python3', 'pkg-config', 'libsecret-1-dev', 'libkrb5-dev', 'ripgrep', 'chromium',
  'fonts-dejavu-core', 'fonts-liberation', 'git', 'ca-certificates', 'unzip'];

function missingPackages() {
  if (spawnSync('dpkg-query', ['--version']).status !== 0) return [];
  return APT_PACKAGES.filter((p) => {
    const r = spawnSync('dpkg-query', ['-W', '-f=${Status}', p], { encoding: 'utf8' });
    return !/install ok installed/.test(r.stdout || '');
  });
}

function ensureApt() {
  const missing = missingPackages();
  if (!missing.length) return;
  const cmd = ['apt-get', '-o', 'DPkg::Lock::Timeout=600', 'install', '-y', '-qq', '--no-install-recommends', ...missing];
  if (process.getuid && process.getuid() !== 0) {
    console.error(`[setup] missing Debian packages: ${missing.join(' ')}\n[setup] run: sudo apt-get update && sudo ${cmd.join(' ')}`);
    process.exit(1);
  }
  console.log(`[setup] installing Debian packages: ${missing.join(' ')}`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  for (const args of [['-o', 'DPkg::Lock::Timeout=600', 'update', '-qq'], cmd.slice(1)]) {
    const r = spawnSync('apt-get', args, { stdio: ['ignore', 'inherit', 'inherit'], env });
    if (r.status !== 0) process.exit(r.status || 1);
  }
}

function ensureNpm() {
  const marker = path.join(ROOT, 'node_modules/.package-lock.json');
  const lock = path.join(ROOT, 'package-lock.json');
  if (fs.existsSync(marker) && fs.statSync(marker).mtimeMs >= fs.statSync(lock).mtimeMs) return;
  console.log('[setup] installing npm dependencies (npm ci)');
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const r = spawnSync(npm, ['ci', '--no-progress', '--no-audit', '--no-fund'], { cwd: ROOT, stdio: ['ignore', 'inherit', 'inherit'] });
  if (r.status !== 0) process.exit(r.status || 1);
}

function ensureSetup({ apt = true, npm = true } = {}) {
  if (apt) ensureApt();
  if (npm) ensureNpm();
}

module.exports = { ensureSetup, APT_PACKAGES };

if (require.main === module) {
  const args = process.argv.slice(2);
  const all = !args.includes('--apt') && !args.includes('--npm');
  ensureSetup({ apt: all || args.includes('--apt'), npm: all || args.includes('--npm') });
}
