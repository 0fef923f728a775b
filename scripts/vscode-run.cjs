#!/usr/bin/env node
// Runs Plan Author in a real VS Code: code-server (the VS Code server plus its web workbench, with a
// real Node extension host) installed from npm into `.vscode-test/code-server`, driven headlessly by
// playwright-core + the system chromium. Recipe and pitfalls: ../shared/VSCODE-HERE.md.
//
//   node scripts/vscode-run.cjs install                  install code-server once (automatic on first use)
//   node scripts/vscode-run.cjs serve [folder] [--port N] serve for a person (default: samples/, port 8123)
//   node scripts/vscode-run.cjs serve --shot <out.png> [--size 1400x900]
//                                                        the screen serve opens, photographed headless
//   node scripts/vscode-run.cjs test [--grep title] [--timeout ms] [--vsix file]
//                                                        run out/test/integration in a headless workbench
//                                                        (--vsix: against that .vsix installed in the server,
//                                                        not the development folder)
//                                                        (VSCODE_RUN_VERBOSE=1: every console line)
//   node scripts/vscode-run.cjs shot <out.png> [--file path] [--folder dir] [--theme NAME]
//                                    [--command id|label]... [--wait ms] [--size 1400x900]
//
// As a module: `const { startServer, openWorkbench, runCommand, stop } = require('./vscode-run.cjs')`
// to drive a custom flow (see `shot()` below for an example).
'use strict';

const { spawn, spawnSync, execFileSync } = require('node:child_process');
const fs = require('node:fs');
const net = require('node:net');
const os = require('node:os');
const path = require('node:path');
const http = require('node:http');
const util = require('node:util');

const VERSION = '4.100.3'; // = VS Code 1.100.3; the newest code-server that runs on Node 20
const ROOT = path.resolve(__dirname, '..');
const TEST_DIR = path.join(ROOT, '.vscode-test');
const CS_DIR = path.join(TEST_DIR, 'code-server');
const MARKER = path.join(CS_DIR, '.install-complete');
const LOCK = path.join(TEST_DIR, 'install.lock');
const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];
const DEFAULT_PORT = 8123;
const FIXTURE_WORKSPACE = path.join(ROOT, 'test/fixtures/workspace');
const TESTS_ENTRY = path.join(ROOT, 'out/test/integration/index.js');

const log = (msg) => console.log(`[vscode-run] ${msg}`);
/** An error whose message says it all (printed without a stack). */
const userError = (msg) => Object.assign(new Error(msg), { user: true });
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const secs = (t0) => `${((Date.now() - t0) / 1000).toFixed(1)} s`;

// ---------------------------------------------------------------------------------------------
// install

function run(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8', maxBuffer: 64 << 20, ...opts });
  if (r.status !== 0) {
    const out = `${r.stdout || ''}${r.stderr || ''}`.trim().split('\n').slice(-30).join('\n');
    throw new Error(`${cmd} ${args.join(' ')} (in ${opts.cwd || process.cwd()}) failed with ${r.status ?? r.signal}:\n${out}`);
  }
  return r.stdout;
}

/** The folder with `include/node` for the Node that runs the server (Debian: /usr). */
function nodeDir() {
  const dir = path.resolve(path.dirname(process.execPath), '..');
  if (!fs.existsSync(path.join(dir, 'include/node/node.h'))) {
    throw new Error(`no Node headers in ${dir}/include/node (Debian: apt-get install nodejs libnode-dev)`);
  }
  return dir;
}

function nodeGypJs() {
  const npmBin = fs.realpathSync(execFileSync('sh', ['-c', 'command -v npm'], { encoding: 'utf8' }).trim());
  const candidates = [
    path.join(path.dirname(npmBin), '../node_modules/node-gyp/bin/node-gyp.js'),
    path.join(path.dirname(process.execPath), '../lib/node_modules/npm/node_modules/node-gyp/bin/node-gyp.js'),
    '/usr/share/nodejs/node-gyp/bin/node-gyp.js',
  ];
  const found = candidates.find((p) => fs.existsSync(p));
  if (!found) throw new Error(`node-gyp not found beside npm (${candidates.join(', ')})`);
  return found;
}

function pidAlive(pid) {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z'; // a zombie has exited
  } catch {
    return false;
  }
}

async function withInstallLock(fn) {
  fs.mkdirSync(TEST_DIR, { recursive: true });
  for (let waited = 0; ; waited += 1000) {
    try {
      fs.mkdirSync(LOCK);
      fs.writeFileSync(path.join(LOCK, 'pid'), String(process.pid));
      break;
    } catch (e) {
      if (e.code !== 'EEXIST') throw e;
      let owner = 0;
      try { owner = Number(fs.readFileSync(path.join(LOCK, 'pid'), 'utf8')); } catch {}
      if (owner && !pidAlive(owner)) { fs.rmSync(LOCK, { recursive: true, force: true }); continue; }
      if (waited === 0) log(`another install is running (pid ${owner || '?'}); waiting`);
      if (waited > 15 * 60_000) throw new Error(`timed out waiting for ${LOCK}`);
      await sleep(1000);
    }
  }
  try {
    return await fn();
  } finally {
    fs.rmSync(LOCK, { recursive: true, force: true });
  }
}

function installed() {
  try {
    return fs.readFileSync(MARKER, 'utf8').trim() === `${VERSION} ${process.execPath}`;
  } catch {
    return false;
  }
}

/** Installs code-server VERSION into .vscode-test/code-server; a no-op when the marker says it is complete. */
async function install({ force = false } = {}) {
  if (!force && installed()) return;
  await withInstallLock(() => {
    if (!force && installed()) return;
    const t0 = Date.now();
    const ndir = nodeDir();
    const gyp = nodeGypJs();
    const env = { ...process.env, npm_config_nodedir: ndir, npm_config_update_notifier: 'false', npm_config_fund: 'false', npm_config_audit: 'false' };
    const rg = execFileSync('sh', ['-c', 'command -v rg || true'], { encoding: 'utf8' }).trim();
    if (!rg) throw userError('ripgrep not found: apt-get install ripgrep');
    log(`installing code-server ${VERSION} into ${path.relative(ROOT, CS_DIR)} (node ${process.version}, headers ${ndir})`);

    fs.rmSync(CS_DIR, { recursive: true, force: true });
    fs.mkdirSync(CS_DIR, { recursive: true });
    const tmp = fs.mkdtempSync(path.join(TEST_DIR, 'pack-'));
    try {
      let t = Date.now();
      const tgz = run('npm', ['pack', `code-server@${VERSION}`, '--silent', '--pack-destination', tmp], { env }).trim().split('\n').pop();
      run('tar', ['xzf', path.join(tmp, tgz), '--strip-components=1', '-C', CS_DIR]);
      log(`  fetched package (${secs(t)})`);
    } finally {
      fs.rmSync(tmp, { recursive: true, force: true });
    }

    let t = Date.now();
    run('npm', ['install', '--omit=dev', '--ignore-scripts', '--no-save'], { cwd: CS_DIR, env });
    log(`  server dependencies (${secs(t)})`);

    // argon2 4.100.3-era ships no prebuilds usable here: build it (node-pre-gyp -> node-gyp, npm_config_nodedir).
    const argon2 = path.join(CS_DIR, 'node_modules/argon2');
    if (fs.existsSync(path.join(argon2, 'binding.gyp'))) {
      t = Date.now();
      const preGyp = path.join(CS_DIR, 'node_modules/.bin/node-pre-gyp');
      if (fs.existsSync(preGyp)) run(preGyp, ['install', '--build-from-source'], { cwd: argon2, env });
      else run(process.execPath, [gyp, 'rebuild', `--nodedir=${ndir}`, '-j', '2'], { cwd: argon2, env });
      log(`  argon2 built (${secs(t)})`);
    }

    const vsc = path.join(CS_DIR, 'lib/vscode');
    t = Date.now();
    run('npm', ['install', '--omit=dev', '--ignore-scripts', '--no-save'], { cwd: vsc, env });
    log(`  VS Code dependencies (${secs(t)})`);

    t = Date.now();
    const nm = path.join(vsc, 'node_modules');
    const dirs = [];
    for (const name of fs.readdirSync(nm)) {
      if (name.startsWith('.')) continue;
      const sub = name.startsWith('@') ? fs.readdirSync(path.join(nm, name)).map((n) => `${name}/${n}`) : [name];
      for (const s of sub) if (fs.existsSync(path.join(nm, s, 'binding.gyp'))) dirs.push(s);
    }
    const native = dirs.filter((d) => !/^windows-/.test(path.basename(d)) && d !== '@parcel/watcher');
    for (const d of native) run(process.execPath, [gyp, 'rebuild', `--nodedir=${ndir}`, '-j', String(Math.max(2, os.cpus().length))], { cwd: path.join(nm, d), env });
    log(`  native modules rebuilt: ${native.join(', ')} (${secs(t)})`);

    const rgDir = path.join(nm, '@vscode/ripgrep/bin');
    fs.mkdirSync(rgDir, { recursive: true });
    fs.copyFileSync(rg, path.join(rgDir, 'rg'));
    fs.chmodSync(path.join(rgDir, 'rg'), 0o755);

    // What code-server's postinstall.sh does besides installing: symlinks.
    symlink('node_modules', path.join(vsc, 'node_modules.asar'));
    symlink('code-linux.sh', path.join(vsc, 'bin/remote-cli/code-server'));
    symlink('browser-linux.sh', path.join(vsc, 'bin/helpers/browser.sh'));

    t = Date.now();
    const exts = path.join(vsc, 'extensions');
    run('npm', ['install', '--omit=dev', '--ignore-scripts', '--no-save'], { cwd: exts, env });
    if (fs.existsSync(path.join(exts, 'postinstall.mjs'))) run(process.execPath, ['postinstall.mjs'], { cwd: exts, env });
    log(`  built-in extensions (${secs(t)})`);

    // Smoke check: the server starts far enough to print its version.
    const dirsEnv = xdgEnv(path.join(TEST_DIR, 'xdg'));
    const v = run(process.execPath, [path.join(CS_DIR, 'out/node/entry.js'), '--version'], { env: { ...process.env, ...dirsEnv } }).trim();
    fs.writeFileSync(MARKER, `${VERSION} ${process.execPath}\n`);
    log(`installed code-server ${v.split('\n').pop()} in ${secs(t0)}`);
  });
}

function symlink(target, at) {
  if (!fs.existsSync(path.dirname(at))) return;
  fs.rmSync(at, { force: true });
  fs.symlinkSync(target, at);
}

// ---------------------------------------------------------------------------------------------
// server

function xdgEnv(base) {
  const env = {
    XDG_CONFIG_HOME: path.join(base, 'config'),
    XDG_DATA_HOME: path.join(base, 'data'),
    XDG_CACHE_HOME: path.join(base, 'cache'),
    XDG_STATE_HOME: path.join(base, 'state'),
  };
  for (const d of Object.values(env)) fs.mkdirSync(d, { recursive: true });
  return env;
}

function portFree(port) {
  return new Promise((resolve) => {
    const srv = net.createServer();
    srv.once('error', () => resolve(false));
    srv.listen(port, '127.0.0.1', () => srv.close(() => resolve(true)));
  });
}

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

function httpGet(url) {
  return new Promise((resolve) => {
    const req = http.get(url, { timeout: 2000 }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode));
    });
    req.on('error', () => resolve(0));
    req.on('timeout', () => { req.destroy(); resolve(0); });
  });
}

/** Processes (not zombies) whose process group is `pgid`. */
function groupMembers(pgid) {
  const out = [];
  for (const name of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${name}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(fields[2]) === pgid && fields[0] !== 'Z') out.push(Number(name));
    } catch {}
  }
  return out;
}

function tail(file, n = 40) {
  try {
    return fs.readFileSync(file, 'utf8').trimEnd().split('\n').slice(-n).join('\n');
  } catch {
    return '';
  }
}

/**
 * Starts code-server on 127.0.0.1 in its own process group.
 * @param {object} [o]
 * @param {number} [o.port]      fixed port (fails clearly if busy); default: a free one
 * @param {string} [o.dataDir]   where user-data, extensions, XDG dirs and the log go; default: a fresh
 *                               `.vscode-test/run-<pid>-<port>` removed by stop()
 * @param {object} [o.settings]  written to `<user-data>/User/settings.json` before start
 * @param {object} [o.defaultSettings] written there too, unless that file already sets them (a choice made in the UI)
 * @param {{file:string}} [o.firstScreen] once per start, show the Phases view, the graph of `file` beside it, Problems
 * @param {object} [o.env]       extra environment for the server (reaches the extension host)
 * @param {string} [o.vsix]      a .vsix installed into the server's extensions dir before it starts
 * @returns {Promise<{port:number, pid:number, base:string, dataDir:string, userDataDir:string, logFile:string, url:(o:object)=>string}>}
 */
async function startServer(o = {}) {
  await install();
  let port = o.port;
  if (port) {
    if (!(await portFree(port))) {
      throw userError(`port ${port} on 127.0.0.1 is busy (another server?); stop it or pass --port N`);
    }
  } else {
    port = await freePort();
  }
  removeStaleRunDirs();
  const temporary = !o.dataDir;
  const dataDir = o.dataDir || path.join(TEST_DIR, `run-${process.pid}-${port}`);
  const userDataDir = path.join(dataDir, 'user-data');
  const extensionsDir = path.join(dataDir, 'extensions');
  fs.mkdirSync(path.join(userDataDir, 'User'), { recursive: true });
  fs.mkdirSync(extensionsDir, { recursive: true });
  if (o.settings || o.defaultSettings) {
    const file = path.join(userDataDir, 'User/settings.json');
    let current = {};
    try { current = JSON.parse(fs.readFileSync(file, 'utf8')); } catch {}
    fs.writeFileSync(file, JSON.stringify({ ...o.defaultSettings, ...current, ...o.settings }, null, 2));
  }
  if (o.vsix) installVsix(o.vsix, { dataDir, userDataDir, extensionsDir });
  if (o.firstScreen) installFirstScreen(extensionsDir, o.firstScreen);
  const logFile = path.join(dataDir, 'server.log');
  const fd = fs.openSync(logFile, 'w');
  const args = [
    path.join(CS_DIR, 'out/node/entry.js'),
    '--auth', 'none', '--bind-addr', `127.0.0.1:${port}`,
    '--disable-telemetry', '--disable-update-check', '--disable-workspace-trust', '--disable-getting-started-override',
    '--user-data-dir', userDataDir, '--extensions-dir', extensionsDir,
  ];
  const proc = spawn(process.execPath, args, {
    cwd: ROOT,
    detached: true, // own process group: stop() kills the server and every extension host it started
    stdio: ['ignore', fd, fd],
    env: { ...process.env, ...xdgEnv(path.join(dataDir, 'xdg')), ...o.env },
  });
  fs.closeSync(fd);
  let exited = null;
  proc.on('exit', (code, signal) => { exited = signal || code; });
  const server = {
    port, pid: proc.pid, proc, dataDir, userDataDir, extensionsDir, logFile, temporary,
    base: `http://127.0.0.1:${port}`,
    url: (u) => workbenchUrl(server, u),
  };
  liveServers.add(server);
  const t0 = Date.now();
  for (;;) {
    if (exited !== null) {
      await stop(server);
      throw new Error(`code-server exited (${exited}) before it was healthy; log ${logFile}:\n${tail(logFile)}`);
    }
    if ((await httpGet(`${server.base}/healthz`)) === 200) break;
    if (Date.now() - t0 > 60_000) {
      await stop(server);
      throw new Error(`code-server not healthy after 60 s; log ${logFile}:\n${tail(logFile)}`);
    }
    await sleep(150);
  }
  return server;
}

/** Installs a .vsix with the server's own CLI (`--install-extension`), as a user installs one; no network. */
function installVsix(vsix, { dataDir, userDataDir, extensionsDir }) {
  const t0 = Date.now();
  const out = run(process.execPath, [
    path.join(CS_DIR, 'out/node/entry.js'), '--user-data-dir', userDataDir, '--extensions-dir', extensionsDir, '--install-extension', vsix,
  ], { env: { ...process.env, ...xdgEnv(path.join(dataDir, 'xdg')) } });
  const dirs = fs.readdirSync(extensionsDir).filter((n) => !n.startsWith('.') && fs.statSync(path.join(extensionsDir, n)).isDirectory());
  if (!dirs.length) throw new Error(`installing ${vsix} left no extension in ${extensionsDir}:\n${out}`);
  log(`installed ${path.basename(vsix)} (${(fs.statSync(vsix).size / 1024).toFixed(0)} KB) as ${dirs.join(', ')} (${secs(t0)})`);
}

const FIRST_SCREEN_ID = 'plan-author-dev.first-screen';

/**
 * `npm start`'s first screen: a small extension of the harness (written into the server's own extensions dir, never
 * part of Plan Author) that, once per server start, shows the Phases view, opens the dependency graph beside the
 * plan `file`, shows the Problems panel and gives the focus back to the editor. Workbench layout lives in the browser's storage, which the
 * harness cannot seed; an extension on the server can set it up in whatever browser opens the URL.
 */
function installFirstScreen(extensionsDir, { file }) {
  const name = `${FIRST_SCREEN_ID}-0.0.0`;
  const dir = path.join(extensionsDir, name);
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  const manifest = {
    name: 'first-screen', publisher: 'plan-author-dev', version: '0.0.0', displayName: 'Plan Author: npm start layout',
    description: 'Written by scripts/vscode-run.cjs serve: opens the Phases view, the graph and Problems once per start.',
    engines: { vscode: '^1.74.0' }, main: './extension.js', activationEvents: ['onStartupFinished'],
  };
  fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify(manifest, null, 2));
  const config = { file: path.resolve(file), start: `${process.pid}-${Date.now()}` };
  fs.writeFileSync(path.join(dir, 'extension.js'), `'use strict';
const vscode = require('vscode');
const config = ${JSON.stringify(config)};
exports.activate = async (context) => {
  if (context.globalState.get('start') === config.start) return; // once per npm start, not on every reload
  const isPlan = (e) => !!e && e.document.uri.fsPath === config.file;
  if (!isPlan(vscode.window.activeTextEditor)) {
    const opened = await new Promise((resolve) => {
      const sub = vscode.window.onDidChangeActiveTextEditor((e) => { if (isPlan(e)) { sub.dispose(); clearTimeout(t); resolve(true); } });
      const t = setTimeout(() => { sub.dispose(); resolve(false); }, 120000);
    });
    if (!opened) return;
  }
  await context.globalState.update('start', config.start);
  const plan = vscode.extensions.getExtension('plan-author.plan-author');
  if (plan && !plan.isActive) await plan.activate();
  await vscode.commands.executeCommand('planAuthor.phases.focus');
  await vscode.commands.executeCommand('planAuthor.showGraph');
  await vscode.commands.executeCommand('workbench.actions.view.problems');
  await vscode.commands.executeCommand('workbench.action.focusFirstEditorGroup');
};
`);
  // The server lists installed extensions in extensions.json once it exists: keep this one listed.
  const list = path.join(extensionsDir, 'extensions.json');
  if (fs.existsSync(list)) {
    let entries = [];
    try { entries = JSON.parse(fs.readFileSync(list, 'utf8')); } catch {}
    entries = entries.filter((e) => e?.identifier?.id !== FIRST_SCREEN_ID);
    entries.push({ identifier: { id: FIRST_SCREEN_ID }, version: '0.0.0', location: { $mid: 1, path: dir, scheme: 'file' }, relativeLocation: name, metadata: { installedTimestamp: Date.now() } });
    fs.writeFileSync(list, JSON.stringify(entries));
  }
}

/**
 * The workbench runs `extensionTestsPath` only beside an extension under development. To test the installed .vsix,
 * that extension is an empty one with another id (no code, no contributions), so Plan Author itself runs installed.
 */
function testHost(server) {
  const dir = path.join(server.dataDir, 'test-host');
  fs.mkdirSync(dir, { recursive: true });
  const manifest = { name: 'vsix-test-host', publisher: 'plan-author-tests', version: '0.0.0', engines: { vscode: '*' } };
  fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify(manifest, null, 2));
  return dir;
}

/** Removes the temporary data dirs of runs whose process is gone (killed before it could clean up). */
function removeStaleRunDirs() {
  if (process.env.KEEP_VSCODE_RUN) return;
  for (const name of fs.existsSync(TEST_DIR) ? fs.readdirSync(TEST_DIR) : []) {
    const m = /^run-(\d+)-\d+$/.exec(name);
    if (m && Number(m[1]) !== process.pid && !pidAlive(Number(m[1]))) {
      fs.rmSync(path.join(TEST_DIR, name), { recursive: true, force: true });
    }
  }
}

/** `vscode-remote://127.0.0.1:PORT/abs/path` for a file or folder on the server. */
function remoteUri(server, p) {
  const abs = path.resolve(ROOT, p).split(path.sep).map(encodeURIComponent).join('/');
  return `vscode-remote://127.0.0.1:${server.port}${abs}`;
}

/**
 * The workbench URL: opens `folder`, loads this extension in development mode (unless `extensionPath` is
 * null: then only installed extensions run), optionally opens `file` and runs the integration tests at `testsPath`.
 */
function workbenchUrl(server, { folder, file, testsPath, extensionPath = ROOT } = {}) {
  const payload = extensionPath ? [['extensionDevelopmentPath', remoteUri(server, extensionPath)]] : [];
  if (testsPath) payload.push(['extensionTestsPath', remoteUri(server, testsPath)]);
  if (file) payload.push(['openFile', remoteUri(server, file)]);
  const q = [];
  if (folder) q.push(`folder=${encodeURIComponent(path.resolve(ROOT, folder))}`);
  q.push(`payload=${encodeURIComponent(JSON.stringify(payload))}`);
  return `${server.base}/?${q.join('&')}`;
}

const liveServers = new Set();
const liveBrowsers = new Set();

/**
 * Stops what startServer/openWorkbench started: browsers first, then the server's whole process group
 * (SIGTERM, SIGKILL after ~1.5 s). Safe to call twice. With no argument: everything still running.
 */
async function stop(...things) {
  if (!things.length) things = [...liveBrowsers, ...liveServers];
  for (const t of things) {
    if (!t) continue;
    if (t.browser) {
      liveBrowsers.delete(t);
      await Promise.race([t.browser.close().catch(() => {}), sleep(5000)]);
    }
  }
  for (const t of things) {
    if (!t || !t.pid || !liveServers.has(t)) continue;
    liveServers.delete(t);
    const pgid = t.pid;
    try { process.kill(-pgid, 'SIGTERM'); } catch {}
    for (let i = 0; i < 15 && groupMembers(pgid).length; i++) await sleep(100);
    if (groupMembers(pgid).length) {
      try { process.kill(-pgid, 'SIGKILL'); } catch {}
      for (let i = 0; i < 20 && groupMembers(pgid).length; i++) await sleep(100);
    }
    const left = groupMembers(pgid);
    if (left.length) console.error(`[vscode-run] processes of group ${pgid} still alive: ${left.join(' ')}`);
    if (t.temporary && !process.env.KEEP_VSCODE_RUN) fs.rmSync(t.dataDir, { recursive: true, force: true });
  }
}

// Whatever happens, leave no server or browser behind.
function stopAllSync() {
  for (const s of liveServers) {
    try { process.kill(-s.pid, 'SIGKILL'); } catch {}
  }
}
process.on('exit', stopAllSync);

// ---------------------------------------------------------------------------------------------
// browser

/**
 * Launches headless chromium (fresh profile) and opens the workbench.
 * @param {object} server            from startServer()
 * @param {object} [o]
 * @param {string} [o.folder]        folder to open (default test/fixtures/workspace)
 * @param {string} [o.file]          file to open (payload `openFile`)
 * @param {string} [o.testsPath]     integration tests entry (payload `extensionTestsPath`)
 * @param {string|null} [o.extensionPath] extension under development (default this folder; null: none)
 * @param {{width:number,height:number}} [o.viewport] default 1400x900
 * @param {(text:string, level:string, msg:object)=>void} [o.onConsole] every browser console message,
 *                                  formatted; `level` (INFO, ERR, …) for the workbench logger's messages
 * @param {(code:number)=>void} [o.onExit]   exposed as window.codeAutomationExit (before goto)
 * @param {boolean} [o.waitForWorkbench]    default true
 * @returns {Promise<{browser:object, page:object, url:string}>}
 */
async function openWorkbench(server, o = {}) {
  const { chromium } = require('playwright-core');
  if (!fs.existsSync(CHROMIUM)) throw userError(`${CHROMIUM} not found: apt-get install chromium (or set CHROMIUM_PATH)`);
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
  const handle = { browser };
  liveBrowsers.add(handle);
  try {
    const viewport = o.viewport || { width: 1400, height: 900 };
    const context = await browser.newContext({ viewport, deviceScaleFactor: 1 });
    const page = await context.newPage();
    handle.page = page;
    if (o.onConsole) {
      page.on('console', async (msg) => {
        let f;
        try {
          f = formatConsole(await Promise.all(msg.args().map((a) => a.jsonValue().catch(() => String(a)))));
        } catch {
          f = { level: '', text: msg.text() };
        }
        o.onConsole(f.text, f.level, msg);
      });
    }
    if (o.onExit) await page.exposeFunction('codeAutomationExit', (code) => o.onExit(Number(code)));
    handle.url = server.url({ folder: o.folder ?? FIXTURE_WORKSPACE, file: o.file, testsPath: o.testsPath, extensionPath: o.extensionPath });
    await page.goto(handle.url, { waitUntil: 'domcontentloaded', timeout: 180_000 }); // a loaded machine may take minutes to serve the workbench
    if (o.waitForWorkbench !== false) await page.waitForSelector('.monaco-workbench', { timeout: 180_000 });
    return handle;
  } catch (e) {
    await stop(handle);
    throw e;
  }
}

/**
 * Formats the args of a browser console message. The workbench's logger (which also carries the
 * extension host's console during a test run) logs ('%c INFO', css, ...args): those give
 * `{ level: 'INFO', text: util.format(...args) }`; any other message gives `{ level: '', text }`.
 */
function formatConsole(args) {
  const m = typeof args[0] === 'string' && args.length >= 2 ? /^%c\s*([A-Z]+)\s*$/.exec(args[0]) : null;
  if (m) return { level: m[1], text: util.format(...args.slice(2)) };
  return { level: '', text: util.format(...args) };
}

/** Runs a command through the command palette (F1, type, Enter): a command id or its label. */
async function runCommand(page, command, { settleMs = 1500 } = {}) {
  await pickFromQuickInput(page, `>${command}`, { open: 'F1' });
  await sleep(settleMs);
}

/** Fills the open (or, with `open`, a freshly opened) quick input and runs its first row. */
async function pickFromQuickInput(page, text, { open } = {}) {
  const input = page.locator('.quick-input-widget input');
  if (open) {
    await page.keyboard.press('Escape');
    await page.keyboard.press(open);
  }
  await input.waitFor({ state: 'visible', timeout: 10_000 });
  await input.fill(text);
  const first = page.locator('.quick-input-widget .monaco-list-row').first();
  await first.waitFor({ timeout: 10_000 });
  // The list filters asynchronously: a command given by its label ("Plan Author: Show Dependency Graph") is run only
  // once the first row is that command, not a row left from before the filter (on a loaded machine that takes time).
  const label = /^>(.+:.+)$/.exec(text)?.[1].trim().toLowerCase();
  if (label) {
    const t0 = Date.now();
    while (!((await first.getAttribute('aria-label').catch(() => '')) || '').toLowerCase().startsWith(label)) {
      if (Date.now() - t0 > 20_000) throw new Error(`the command palette offers no "${text.slice(1)}"`);
      await sleep(100);
    }
  } else {
    await sleep(300);
  }
  await page.keyboard.press('Enter');
}

/**
 * Selects a color theme through "Preferences: Color Theme", by its settings name ("Default Dark
 * Modern") or its label ("Dark Modern"). (`workbench.colorTheme` in the settings given to startServer() also works:
 * the workbench starts in a fallback light theme and switches once the theme's extension is loaded, a few seconds in.)
 */
async function setColorTheme(page, name) {
  await page.keyboard.press('Escape');
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible', timeout: 10_000 });
  await input.fill('>workbench.action.selectTheme');
  await page.locator('.quick-input-widget .monaco-list-row').first().waitFor({ timeout: 10_000 });
  await sleep(300);
  await page.keyboard.press('Enter');
  await sleep(500);
  // The picker filters on labels only: "Default Dark Modern" is the description of "Dark Modern".
  for (const text of [...new Set([name, name.replace(/^Default /, '')])]) {
    await input.fill(text);
    await sleep(400);
    const rows = page.locator('.quick-input-widget .monaco-list-row');
    const n = await rows.count();
    for (let i = 0; i < n; i++) {
      const row = rows.nth(i);
      const label = (await row.locator('.label-name').first().textContent().catch(() => '')) || '';
      const desc = (await row.locator('.label-description').first().textContent().catch(() => '')) || '';
      if (label.trim() === name || desc.trim() === name) {
        await row.click();
        await sleep(800);
        return;
      }
    }
  }
  await page.keyboard.press('Escape');
  throw new Error(`no color theme named "${name}"`);
}

// ---------------------------------------------------------------------------------------------
// subcommands

function parseArgs(argv) {
  const pos = [];
  const opts = { command: [] };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a.startsWith('--')) {
      const [k, inline] = a.slice(2).split(/=(.*)/s);
      const v = inline ?? argv[++i];
      if (v === undefined) throw new Error(`--${k} needs a value`);
      if (k === 'command') opts.command.push(v);
      else opts[k] = v;
    } else {
      pos.push(a);
    }
  }
  return { pos, opts };
}

function build() {
  require('./ensure-setup.cjs').ensureSetup();
  const r = spawnSync(process.execPath, [path.join(ROOT, 'scripts/build.mjs')], { cwd: ROOT, stdio: 'inherit' });
  if (r.status !== 0) throw new Error('npm run build failed');
}

/** The first `*.md` of `folder` (sorted), else of its subfolders (node_modules and dot-folders skipped). */
function firstPlan(folder) {
  if (!fs.existsSync(folder)) return undefined;
  const entries = fs.readdirSync(folder, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name));
  const md = entries.find((e) => e.isFile() && e.name.endsWith('.md'));
  if (md) return path.join(folder, md.name);
  for (const e of entries) {
    if (!e.isDirectory() || e.name.startsWith('.') || e.name === 'node_modules') continue;
    const found = firstPlan(path.join(folder, e.name));
    if (found) return found;
  }
  return undefined;
}

/** What `npm start` opens: the folder (samples/), the plan with mistakes, and how the server is set up. */
function firstScreen(argv) {
  const { pos, opts } = parseArgs(argv);
  const samples = path.join(ROOT, 'samples');
  // samples/ by default; the test fixture workspace while samples/ holds no plan yet.
  const folder = path.resolve(pos[0] || (firstPlan(samples) ? samples : FIXTURE_WORKSPACE));
  if (!fs.existsSync(folder)) throw userError(`no such folder: ${folder}`);
  // The sample with mistakes first: it shows the warnings, the Phases tree and the graph at their most useful.
  const withMistakes = path.join(samples, '0008-search-reindex.md');
  const file = opts.file ? path.resolve(opts.file) : folder === samples && fs.existsSync(withMistakes) ? withMistakes : firstPlan(folder);
  const server = {
    settings: { 'git.openRepositoryInParentFolders': 'never', 'workbench.startupEditor': 'none', 'security.workspace.trust.enabled': false },
    // VS Code for the Web defaults to a light theme; the extension is shown in Dark Modern with file icons, unless
    // the theme was changed in a previous `npm start` (kept in .vscode-test/serve).
    defaultSettings: { 'workbench.colorTheme': 'Default Dark Modern', 'workbench.iconTheme': 'vs-seti' },
    firstScreen: file ? { file } : undefined,
  };
  return { opts, folder, file, server };
}

async function serve(argv) {
  const { opts, folder, file, server: serverOptions } = firstScreen(argv);
  if (opts.shot) return serveShot(opts, { folder, file, serverOptions });
  build();
  const port = Number(opts.port || process.env.PORT || DEFAULT_PORT);
  const server = await startServer({ port, dataDir: path.join(TEST_DIR, 'serve'), ...serverOptions });
  const url = server.url({ folder, file });
  log(`code-server ${VERSION} on ${server.base} (log ${path.relative(ROOT, server.logFile)})`);
  log(`folder ${path.relative(ROOT, folder) || '.'}${file ? `, file ${path.relative(ROOT, file)}` : ''}`);
  console.log(`\nOpen (forward port ${port} if remote):\n\n  ${url}\n\nCtrl-C to stop.`);
  const { proc } = server;
  let stopping = false;
  await new Promise((resolve) => {
    const done = () => { stopping = true; resolve(); };
    process.once('SIGINT', done);
    process.once('SIGTERM', done);
    proc.once('exit', (code, signal) => {
      if (stopping) return;
      console.error(`[vscode-run] code-server exited (${signal || code}); log:\n${tail(server.logFile)}`);
      process.exitCode = 1;
      done();
    });
  });
  log('stopping');
  await stop(server);
}

/**
 * `serve --shot out.png [--size 1400x900]`: the screen `npm start` opens, exactly as set up by serve (same folder,
 * plan, settings and first-screen layout; a fresh data dir and a free port), photographed in headless Chromium once
 * the theme, the file icons, the Phases tree, the plan's diagnostics and the graph's full layout are all on screen.
 */
async function serveShot(opts, { folder, file, serverOptions }) {
  if (!fs.existsSync(path.join(ROOT, 'dist/extension.js'))) build();
  const [w, h] = String(opts.size || '1400x900').split('x').map(Number);
  const server = await startServer(serverOptions);
  let handle;
  try {
    handle = await openWorkbench(server, { folder, file, viewport: { width: w, height: h } });
    const { page } = handle;
    const webview = page.frameLocator('iframe.webview').frameLocator('iframe#active-frame');
    const conditions = {
      'the Dark Modern theme with file icons': () => page.locator('.monaco-workbench.vs-dark.file-icons-enabled').count(),
      'the Phases tree': () => page.locator('.part.sidebar [id="workbench.view.extension.planAuthor"] .monaco-list-row').count(),
      "the plan's diagnostics in the Problems panel": () => page.locator('.markers-panel .monaco-list-row').count(),
      "the graph's full layout": () => webview.locator('body[data-layout="full"]').count(),
    };
    for (const [what, count] of Object.entries(conditions)) {
      const t0 = Date.now();
      while (!(await count().catch(() => 0))) {
        if (Date.now() - t0 > 180_000) {
          const failed = path.resolve(opts.shot.replace(/(\.png)?$/, '.failed.png'));
          await page.screenshot({ path: failed }).catch(() => {});
          throw new Error(`the first screen never showed ${what} (what it showed: ${failed})`);
        }
        await sleep(250);
      }
    }
    await sleep(1000); // the graph's fit animation and the last tree/CodeLens paints
    await page.mouse.move(Math.round(w / 2), h - 4); // no hover tooltip on the picture
    await sleep(300);
    const abs = path.resolve(opts.shot);
    fs.mkdirSync(path.dirname(abs), { recursive: true });
    await page.screenshot({ path: abs });
    log(`wrote ${path.relative(process.cwd(), abs)} (${w}x${h}): ${path.relative(ROOT, file || folder)}`);
  } finally {
    await stop(handle, server);
  }
}

// During a test run mocha's output (the extension host's console) arrives through the workbench
// logger, like the workbench's own log lines; these patterns drop the latter.
const NOISE = [
  /^Resolving connection token|^Resolved connection token|^Creating a socket/,
  /^Updating additional builtin extensions cache|^Ignoring fetching additional builtin extensions/,
  /^\[Service Worker\]|^ChatSessionStore:|^Started local extension host|^Extension host .*(started|exited)/,
  /getaddrinfo|ENOTFOUND|ERR_NAME_NOT_RESOLVED|ERR_INTERNET_DISCONNECTED|open-vsx|gallery|marketplace/i,
  /OverlayWebview has been disposed|Settings Sync|^\[uncaught exception\]: Canceled/,
  /^Unable to (resolve|read) .*(resource|extensions?)|Failed to load resource/,
  /^\s*$/,
];

/** The test output in a console message, or undefined for workbench noise. */
function testOutput(text, level) {
  if (!level) return undefined; // the renderer's own console calls, never the extension host's
  if (NOISE.some((re) => re.test(text))) return undefined;
  return level === 'INFO' ? text : `${level}: ${text}`;
}

async function test(argv) {
  const { opts } = parseArgs(argv);
  const timeoutMs = Number(opts.timeout || process.env.VSCODE_TEST_TIMEOUT || 900_000);
  const verbose = !!process.env.VSCODE_RUN_VERBOSE;
  const testsPath = path.resolve(opts.tests || TESTS_ENTRY);
  if (!fs.existsSync(testsPath)) throw userError(`${path.relative(ROOT, testsPath)} missing: run npm run build`);
  if (!fs.existsSync(path.join(ROOT, 'dist/extension.js'))) throw userError('dist/extension.js missing: run npm run build');
  const vsix = opts.vsix && path.resolve(opts.vsix);
  if (vsix && !fs.existsSync(vsix)) throw userError(`${opts.vsix} missing: node scripts/test.mjs package builds it (or npm run package -- --out ${opts.vsix})`);
  const t0 = Date.now();
  const env = {};
  if (opts.grep) env.MOCHA_GREP = opts.grep; // read by test/integration/index.ts in the extension host
  if (vsix) log(`testing the installed ${path.relative(ROOT, vsix)}`);
  if (vsix) env.PLAN_AUTHOR_VSIX = vsix; // test/integration/activation.test.ts checks which copy runs
  if (vsix && !opts.grep) {
    // Tests marked [dialog stub] replace vscode.window.showWarningMessage on their own API object; that reaches the
    // extension only when the tests run inside it (the development folder), not beside an installed copy.
    env.MOCHA_GREP = '\\[dialog stub\\]'; // a regular expression
    env.MOCHA_INVERT = '1';
  }
  // The web workbench saves edits after a delay by default: on a loaded machine a test's edit would reach the
  // fixture files on disk before the test reverts it. And no Welcome page, which opened late would become the
  // active editor under a running test.
  const server = await startServer({ env, vsix, settings: { 'files.autoSave': 'off', 'workbench.startupEditor': 'none' } });
  let code;
  let handle;
  try {
    let settle;
    const exited = new Promise((r) => { settle = r; });
    handle = await openWorkbench(server, {
      folder: opts.folder || FIXTURE_WORKSPACE,
      testsPath,
      extensionPath: vsix ? testHost(server) : ROOT,
      waitForWorkbench: false,
      onConsole: (text, level) => {
        if (verbose) return console.log(`[console${level ? ` ${level}` : ''}] ${text}`);
        const out = testOutput(text, level);
        if (out !== undefined) console.log(out);
      },
      onExit: (c) => settle(c),
    });
    handle.page.on('crash', () => { console.error('[vscode-run] the workbench page crashed'); settle(1); });
    handle.browser.on('disconnected', () => settle(1));
    const timer = new Promise((r) => setTimeout(() => r('timeout'), timeoutMs));
    const r = await Promise.race([exited, timer]);
    if (r === 'timeout') {
      console.error(`[vscode-run] integration tests did not finish in ${timeoutMs / 1000} s; server log tail:\n${tail(server.logFile, 20)}`);
      code = 124;
    } else {
      code = r;
    }
  } finally {
    await stop(handle, server);
  }
  log(`integration tests exit ${code} (${secs(t0)})`);
  return code;
}

/**
 * Screenshot of the workbench: the folder (default test/fixtures/workspace), optionally a file opened,
 * a color theme set and commands run through the command palette.
 */
async function shot(out, o = {}) {
  if (!out) throw userError('usage: shot <out.png> [--file path] [--folder dir] [--theme NAME] [--command id]...');
  const [w, h] = String(o.size || '1400x900').split('x').map(Number);
  const folder = path.resolve(ROOT, o.folder || FIXTURE_WORKSPACE);
  const file = o.file ? path.resolve(ROOT, o.file) : undefined;
  const settings = {
    'workbench.startupEditor': 'none',
    'workbench.tips.enabled': false,
    'workbench.enableExperiments': false,
    'extensions.ignoreRecommendations': true,
    'update.showReleaseNotes': false,
    'telemetry.telemetryLevel': 'off',
    'security.workspace.trust.enabled': false,
    'git.openRepositoryInParentFolders': 'never',
    ...(o.theme ? { 'workbench.colorTheme': o.theme } : {}),
    ...o.settings,
  };
  const server = await startServer({ settings });
  let handle;
  try {
    handle = await openWorkbench(server, { folder, file, viewport: { width: w, height: h } });
    const { page } = handle;
    if (file) {
      await page.waitForSelector(`.tabs-container .tab[data-resource-name="${path.basename(file)}"]`, { timeout: 30_000 }).catch(() => {});
      await page.waitForSelector('.editor-instance .monaco-editor .view-lines', { timeout: 30_000 }).catch(() => {});
    }
    await sleep(Number(o.settle ?? 2500)); // extension activation, fonts, tree/webview contents
    if (o.theme) await setColorTheme(page, o.theme);
    for (const c of o.command || []) await runCommand(page, c);
    if (o.wait) await sleep(Number(o.wait));
    await page.keyboard.press('Escape').catch(() => {});
    await page.mouse.move(Math.round(w / 2), h - 4); // no hover tooltip left on the picture
    await sleep(300);
    const abs = path.resolve(out);
    fs.mkdirSync(path.dirname(abs), { recursive: true });
    await page.screenshot({ path: abs });
    log(`wrote ${path.relative(process.cwd(), abs)} (${w}x${h})`);
  } finally {
    await stop(handle, server);
  }
}

async function main() {
  const [sub, ...argv] = process.argv.slice(2);
  for (const sig of ['SIGINT', 'SIGTERM']) {
    if (sub !== 'serve' || argv.includes('--shot')) process.once(sig, async () => { await stop(); process.exit(130); });
  }
  switch (sub) {
    case 'install': {
      const force = argv.includes('--force');
      if (!force && installed()) log(`code-server ${VERSION} already installed in ${path.relative(ROOT, CS_DIR)}`);
      await install({ force });
      return 0;
    }
    case 'serve':
      await serve(argv);
      return process.exitCode ?? 0;
    case 'test':
      return await test(argv);
    case 'shot': {
      const { pos, opts } = parseArgs(argv);
      await shot(pos[0], opts);
      return 0;
    }
    default:
      console.error('usage: node scripts/vscode-run.cjs install|serve [folder] [--port N]|test|shot <out.png> [--file f] [--theme T] [--command id]...');
      return 2;
  }
}

module.exports = { VERSION, ROOT, freePort, httpGet, install, startServer, openWorkbench, runCommand, pickFromQuickInput, setColorTheme, stop, workbenchUrl, remoteUri, shot, formatConsole };

if (require.main === module) {
  main().then(
    (code) => process.exit(code),
    async (e) => {
      console.error(`[vscode-run] ${e && e.user ? e.message : e && e.stack ? e.stack : e}`);
      await stop();
      process.exit(1);
    },
  );
}
