// Webview suite: loads the dependency-graph page exactly as `graphHtml` builds it (same CSP) in
// headless Chromium, with a stub `acquireVsCodeApi` that records posted messages, and drives it
// with `ToWebview` messages. Also writes docs/screenshots/graph-light.png and graph-dark.png.
// Prints `N passed, N failed`; exits 1 on any failure. WEBVIEW_GREP=text runs the tests whose name holds it.
import * as esbuild from 'esbuild';
import { chromium } from 'playwright-core';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const ORIGIN = 'https://plan-author.webview.test';
const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const SHOTS = join(ROOT, 'docs/screenshots');

// ------------------------------------------------------------------------------------------------
// Build what the page needs: the webview bundle (if missing) and graphHtml as an importable module.

if (!existsSync(join(ROOT, 'dist/media/graph.js')) || !existsSync(join(ROOT, 'dist/media/elk.js')) || process.argv.includes('--build')) {
  const r = spawnSync('node', ['scripts/build.mjs'], { cwd: ROOT, stdio: 'inherit' });
  if (r.status !== 0) process.exit(1);
}
const helperOut = join(ROOT, 'out/webview-test/helpers.mjs');
await esbuild.build({
  stdin: {
    contents: "export { graphHtml } from './src/extension/graphHtml'; export { analyze, graphMessage } from './src/graph/analysis';",
    resolveDir: ROOT,
    loader: 'ts',
  },
  bundle: true,
  format: 'esm',
  platform: 'node',
  outfile: helperOut,
  logLevel: 'warning',
});
const { graphHtml, analyze, graphMessage } = await import(pathToFileURL(helperOut).href);

const NONCE = 'dGVzdC1ub25jZS0xMjM0NTY3OA==';
/** The page as the panel builds it; `initial`: the first message inside it. */
const pageHtml = (initial) =>
  graphHtml({ cspSource: ORIGIN, nonce: NONCE, scriptUri: `${ORIGIN}/dist/media/graph.js`, elkUri: `${ORIGIN}/dist/media/elk.js`, styleUri: `${ORIGIN}/media/graph.css`, initial });
const PAGE = pageHtml();
/** The graph message the extension host sends (graph as analysed, with its analysis). */
const message = (graph) => graphMessage(graph, 'file:///work/plan.md');
const FILES = {
  '/dist/media/graph.js': ['dist/media/graph.js', 'text/javascript'],
  '/dist/media/elk.js': ['dist/media/elk.js', 'text/javascript'],
  '/media/graph.css': ['media/graph.css', 'text/css'],
};

// ------------------------------------------------------------------------------------------------
// Sample plans.

function node(id, title, done = 0, total = 0, state = 'pending') {
  return { id, title, done, total, state, line: 0 };
}
const edge = (from, to) => ({ from, to });

/** Ten phases, four waves, a realistic mix of states: the screenshot plan. */
const TEN = {
  title: 'Plan: Offline sync for the mobile app',
  nodes: [
    node('1', 'Data model and migrations', 6, 6, 'complete'),
    node('2a', 'Sync protocol: change feed endpoint', 5, 5, 'complete'),
    node('2b', 'Conflict resolution rules (last-writer-wins, merge for lists)', 3, 7, 'in-progress'),
    node('3', 'Local store on device (SQLite)', 4, 4, 'complete'),
    node('4', 'Background sync worker', 2, 6, 'in-progress'),
    node('5', 'Offline queue for user edits', 0, 5),
    node('6', 'Settings: sync over Wi-Fi only', 0, 3),
    node('7', 'Telemetry and error reporting', 0, 4),
    node('8', 'End-to-end tests on flaky networks', 0, 8),
    node('9', 'Rollout behind a feature flag', 0, 3),
  ],
  edges: [edge('1', '2a'), edge('1', '2b'), edge('1', '3'), edge('2a', '4'), edge('3', '4'), edge('2b', '5'), edge('3', '5'), edge('4', '6'), edge('4', '7'), edge('5', '8'), edge('4', '8'), edge('8', '9'), edge('7', '9')],
};

/** A cycle 2 -> 4 -> 2 and an unknown reference 9. */
const CYCLIC = {
  title: 'Cyclic plan',
  nodes: [node('1', 'Setup', 1, 1, 'complete'), node('2', 'API', 0, 2, 'cycle'), node('3', 'UI', 0, 3), node('4', 'Storage', 0, 1, 'cycle')],
  edges: [edge('1', '2'), edge('2', '4'), edge('4', '2'), edge('2', '3'), edge('9', '3')],
};

const HOSTILE_TITLES = [
  '<img src=x onerror=alert(1)>',
  '</script><script>window.__pwned=1</script>',
  '"><svg onload=alert(1)>',
  "'; window.__pwned=1; //",
  '<style>*{display:none}</style>{{constructor.constructor("window.__pwned=1")()}}',
];
const HOSTILE = {
  title: '<img src=x onerror="window.__pwned=1">',
  nodes: HOSTILE_TITLES.map((t, i) => node(`${i + 1}`, t, 1, 2, 'in-progress')).concat([node('<b>6</b>', '<iframe src=javascript:alert(1)>')]),
  edges: [edge('1', '2'), edge('2', '3'), edge('3', '4'), edge('4', '5'), edge('<b>6</b>', '5'), edge('"><img src=x onerror=alert(1)>', '1')],
};

/** Four phases in one wave (each declares no dependency), then one that waits for them in reverse order. */
const FOUR = {
  title: 'Plan: Four parallel phases',
  nodes: [node('1', 'Schema for the audit log'), node('2', 'Export endpoint'), node('3', 'Import command'), node('4', 'Settings page'), node('5', 'Release notes')],
  edges: [edge('4', '5'), edge('3', '5'), edge('2', '5'), edge('1', '5')],
};
const FOUR_WAVE = { ...FOUR, nodes: FOUR.nodes.slice(0, 4), edges: [] };

/** Twelve phases, six waves, edges that pull the layout towards reordering waves. */
const TWELVE = {
  title: 'Plan: Twelve phases',
  nodes: ['Data model', 'Storage adapter', 'Cache layer', 'HTTP API', 'CLI', 'Web client', 'Sync worker', 'Metrics', 'Docs', 'Load tests', 'Migration tool', 'Rollout'].map((t, i) =>
    node(`${i + 1}`, t, i % 4, 4, i % 4 === 0 ? 'pending' : 'in-progress'),
  ),
  edges: [
    edge('1', '2'), edge('1', '3'), edge('1', '4'), edge('4', '5'), edge('3', '6'), edge('2', '6'), edge('2', '7'),
    edge('6', '8'), edge('5', '9'), edge('7', '9'), edge('8', '10'), edge('7', '10'), edge('1', '11'), edge('10', '12'), edge('9', '12'), edge('11', '12'),
  ],
};

function generated(n, seed = 7) {
  let s = seed;
  const rand = () => ((s = (s * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
  const nodes = [];
  const edges = [];
  for (let i = 0; i < n; i++) {
    nodes.push(node(`${i + 1}`, `Generated phase number ${i + 1}`, i % 3, 3, i % 3 === 2 ? 'complete' : 'pending'));
    const k = i === 0 ? 0 : 1 + Math.floor(rand() * 2);
    const deps = new Set();
    for (let j = 0; j < k; j++) deps.add(Math.max(0, i - 1 - Math.floor(rand() * Math.min(i, 6))));
    for (const d of deps) edges.push(edge(`${d + 1}`, `${i + 1}`));
  }
  return { title: `Generated ${n}`, nodes, edges };
}

// ------------------------------------------------------------------------------------------------
// Themes, as VS Code sets them on the webview's root (Light Modern / Dark Modern values).

const THEMES = {
  light: {
    bodyClass: 'vscode-light',
    vars: {
      'editor-background': '#ffffff', foreground: '#3b3b3b', descriptionForeground: '#717171', focusBorder: '#005fb8',
      errorForeground: '#e51400', 'charts-green': '#388a34', 'charts-yellow': '#bf8803', 'charts-blue': '#1a85ff',
      'charts-orange': '#d18616', 'charts-purple': '#652d90', 'charts-red': '#e51400', 'charts-lines': 'rgba(0, 0, 0, 0.38)',
      'editorWidget-background': '#f8f8f8', 'widget-border': '#d4d4d4', 'panel-border': '#e5e5e5',
      'button-secondaryBackground': '#e5e5e5', 'button-secondaryForeground': '#3b3b3b', 'button-secondaryHoverBackground': '#cccccc',
      'inputValidation-errorBackground': '#f2dede', 'inputValidation-errorBorder': '#be1100', contrastBorder: 'transparent',
      'font-family': 'system-ui, "Ubuntu", "Droid Sans", sans-serif', 'font-size': '13px', 'editor-font-size': '14px', 'editor-font-family': '"Droid Sans Mono", "monospace", monospace',
    },
  },
  dark: {
    bodyClass: 'vscode-dark',
    vars: {
      'editor-background': '#1f1f1f', foreground: '#cccccc', descriptionForeground: '#9d9d9d', focusBorder: '#0078d4',
      errorForeground: '#f85149', 'charts-green': '#89d185', 'charts-yellow': '#cca700', 'charts-blue': '#3794ff',
      'charts-orange': '#d18616', 'charts-purple': '#b180d7', 'charts-red': '#f14c4c', 'charts-lines': 'rgba(204, 204, 204, 0.45)',
      'editorWidget-background': '#252526', 'widget-border': '#3c3c3c', 'panel-border': '#2b2b2b',
      'button-secondaryBackground': '#313131', 'button-secondaryForeground': '#cccccc', 'button-secondaryHoverBackground': '#3c3c3c',
      'inputValidation-errorBackground': '#5a1d1d', 'inputValidation-errorBorder': '#be1100', contrastBorder: 'transparent',
      'font-family': 'system-ui, "Ubuntu", "Droid Sans", sans-serif', 'font-size': '13px', 'editor-font-size': '14px', 'editor-font-family': '"Droid Sans Mono", "monospace", monospace',
    },
  },
  hc: {
    bodyClass: 'vscode-high-contrast',
    vars: {
      'editor-background': '#000000', foreground: '#ffffff', descriptionForeground: 'rgba(255, 255, 255, 0.7)', focusBorder: '#f38518',
      errorForeground: '#f48771', 'charts-green': '#89d185', 'charts-yellow': '#ffd700', 'charts-blue': '#3794ff',
      'charts-orange': '#d18616', 'charts-purple': '#b180d7', 'charts-red': '#f14c4c', 'charts-lines': 'rgba(255, 255, 255, 0.6)',
      'editorWidget-background': '#0c141f', 'widget-border': '#6fc3df', 'panel-border': '#6fc3df',
      'button-secondaryBackground': '#000000', 'button-secondaryForeground': '#ffffff', 'button-border': '#6fc3df',
      'inputValidation-errorBackground': '#000000', 'inputValidation-errorBorder': '#f38518', contrastBorder: '#6fc3df',
      'font-family': 'system-ui, "Ubuntu", "Droid Sans", sans-serif', 'font-size': '13px', 'editor-font-size': '14px', 'editor-font-family': '"Droid Sans Mono", "monospace", monospace',
    },
  },
};

// ------------------------------------------------------------------------------------------------
// Harness.

const browser = await chromium.launch({
  executablePath: CHROMIUM,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});

/** The stub VS Code API: records posted messages, keeps state in sessionStorage (survives reload). */
function stubVsCodeApi() {
  window.__posted = [];
  window.__errors = [];
  window.__csp = [];
  document.addEventListener('securitypolicyviolation', (e) => window.__csp.push(`${e.violatedDirective} ${e.blockedURI}`));
  window.acquireVsCodeApi = () => ({
    postMessage: (m) => window.__posted.push(JSON.parse(JSON.stringify(m))),
    getState: () => {
      const s = sessionStorage.getItem('vscodeState');
      return s ? JSON.parse(s) : undefined;
    },
    setState: (s) => sessionStorage.setItem('vscodeState', JSON.stringify(s)),
  });
}

async function openPage({ theme = 'dark', width = 1000, height = 700, html = PAGE } = {}) {
  const context = await browser.newContext({ viewport: { width, height }, deviceScaleFactor: 1 });
  return openIn(context, theme, html);
}

async function openIn(context, theme, html) {
  const page = await context.newPage();
  const problems = { pageErrors: [], dialogs: [], consoleErrors: [], requests: [] };
  page.on('pageerror', (e) => problems.pageErrors.push(String(e)));
  page.on('dialog', (d) => {
    problems.dialogs.push(d.message());
    void d.dismiss();
  });
  page.on('console', (m) => {
    if (m.type() === 'error') problems.consoleErrors.push(m.text());
  });
  await page.route('**/*', async (route) => {
    const url = new URL(route.request().url());
    problems.requests.push(url.href);
    if (url.origin !== ORIGIN) return route.abort();
    if (url.pathname === '/' || url.pathname === '/index.html') return route.fulfill({ status: 200, contentType: 'text/html', body: html });
    const f = FILES[url.pathname];
    if (!f) return route.fulfill({ status: 404, body: '' });
    return route.fulfill({ status: 200, contentType: f[1], body: readFileSync(join(ROOT, f[0])) });
  });
  await page.addInitScript(stubVsCodeApi);
  await page.goto(`${ORIGIN}/index.html`);
  await setTheme(page, theme);
  await page.waitForFunction(() => window.__posted.some((m) => m.type === 'ready'));
  return { page, context, problems };
}

async function setTheme(page, name) {
  const t = THEMES[name];
  await page.evaluate(({ vars, bodyClass }) => {
    for (const [k, v] of Object.entries(vars)) document.documentElement.style.setProperty(`--vscode-${k}`, v);
    document.body.classList.remove('vscode-light', 'vscode-dark', 'vscode-high-contrast', 'vscode-high-contrast-light');
    document.body.classList.add(bodyClass);
  }, t);
}

async function send(page, msg) {
  await page.evaluate((m) => window.postMessage(m, '*'), msg);
}

/** Sends the graph and waits until its final layout is drawn (the timeout guards against a hang, not a slow machine). */
async function sendGraph(page, graph) {
  await send(page, message(graph));
  const expected = analyze(graph).nodes.length;
  await page.waitForFunction(
    (n) => document.querySelectorAll('g.node').length === n && document.body.dataset.state === 'graph' && document.body.dataset.layout === 'full',
    expected,
    { timeout: expected > 200 ? 180000 : 60000 },
  );
}

/** Ctrl + wheel: zoom. */
async function zoomWheel(page, deltaY) {
  await page.keyboard.down('Control');
  await page.mouse.wheel(0, deltaY);
  await page.keyboard.up('Control');
}

const scaleOf = (t) => Number(t.match(/scale\(([\d.]+)\)/)[1]);

/** The smallest on-screen font size of any node text (CSS size × the SVG's current scale), and the editor's. */
function textScreenSizes(page) {
  return page.evaluate(() => {
    const editor = parseFloat(getComputedStyle(document.documentElement).getPropertyValue('--vscode-editor-font-size'));
    let min = Infinity;
    for (const t of Array.from(document.querySelectorAll('g.node text'))) {
      const px = parseFloat(getComputedStyle(t).fontSize) * t.getScreenCTM().a;
      min = Math.min(min, px);
    }
    return { min, editor };
  });
}

/**
 * Ids of each wave's phases in reading order: across the flow (left to right, or top to bottom when the flow goes
 * right), a wave wrapped onto several layers read layer by layer.
 */
function drawnWaveOrder(page, waves) {
  return page.evaluate((ws) => {
    const right = document.body.dataset.direction === 'right';
    const pos = (id) => {
      const r = document.querySelector(`g.node[data-id="${CSS.escape(id)}"]`).getBoundingClientRect();
      return right ? [r.left, r.top] : [r.top, r.left];
    };
    return ws.map((w) => [...w].sort((a, b) => {
      const [pa, qa] = pos(a);
      const [pb, qb] = pos(b);
      return Math.abs(pa - pb) > 1 ? pa - pb : qa - qb;
    }));
  }, waves);
}

const getTransform = (page) => page.locator('g.viewport').getAttribute('transform');
const posted = (page) => page.evaluate(() => window.__posted);

let passed = 0;
let failed = 0;
const notes = [];

async function check(name, fn, size) {
  if (process.env.WEBVIEW_GREP && !name.includes(process.env.WEBVIEW_GREP)) return;
  const t0 = Date.now();
  let ctx;
  try {
    ctx = await openPage(size);
    await fn(ctx.page, ctx.problems);
    assertClean(ctx.problems);
    passed++;
    console.log(`  ✓ ${name} (${Date.now() - t0} ms)`);
  } catch (e) {
    failed++;
    console.log(`  ✗ ${name}\n      ${String(e?.stack ?? e).split('\n').slice(0, 4).join('\n      ')}`);
  } finally {
    if (process.env.WEBVIEW_DEBUG_SHOTS && ctx) await ctx.page.screenshot({ path: join(process.env.WEBVIEW_DEBUG_SHOTS, `${name.replace(/[^\w]+/g, '-').slice(0, 60)}.png`) }).catch(() => {});
    await ctx?.context.close();
  }
}

function assert(cond, msg) {
  if (!cond) throw new Error(msg);
}
function equal(actual, expected, msg) {
  if (JSON.stringify(actual) !== JSON.stringify(expected)) throw new Error(`${msg}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`);
}
function assertClean(p) {
  equal(p.pageErrors, [], 'page errors');
  equal(p.dialogs, [], 'dialogs');
  equal(p.consoleErrors, [], 'console errors (CSP violations are reported here)');
}

// ------------------------------------------------------------------------------------------------
// Tests.

console.log('webview (headless Chromium, page from graphHtml with its CSP)');

await check('page loads under the CSP, posts ready, requests only its own scripts and style', async (page, problems) => {
  const msgs = await posted(page);
  equal(msgs, [{ type: 'ready' }], 'posted');
  // Without a graph in the page, the layout engine (a second script, under the same nonce) loads at once.
  await page.waitForFunction(() => typeof window.planAuthorElk === 'function');
  equal(await page.evaluate(() => window.__csp), [], 'CSP violations');
  const csp = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
  equal(csp, `default-src 'none'; style-src ${ORIGIN}; img-src ${ORIGIN}; script-src 'nonce-${NONCE}'`, 'CSP');
  equal(problems.requests.map((u) => new URL(u).pathname).sort(), ['/dist/media/elk.js', '/dist/media/graph.js', '/index.html', '/media/graph.css'], 'requests');
});

await check('the first graph inside the page is drawn before any message arrives, then laid out by the engine it loads', async (page, problems) => {
  // The page posted ready only after drawing: by then the quick placement was on screen.
  const first = await posted(page);
  equal(first.slice(0, 2).map((m) => m.type + (m.layout ? `:${m.layout}` : '')), ['drawn:quick', 'ready'], 'drawn before ready');
  equal(await page.evaluate(() => document.querySelectorAll('g.node').length), 30, 'the phases are drawn');
  equal(await page.locator('.plan-title').textContent(), 'Generated 30', 'title');
  await page.waitForFunction(() => document.body.dataset.layout === 'full');
  equal((await posted(page)).filter((m) => m.type === 'drawn').map((m) => m.layout), ['quick', 'full'], 'drawn reports');
  equal(await page.evaluate(() => window.__csp), [], 'CSP violations');
  assert(problems.requests.some((u) => u.endsWith('/dist/media/elk.js')), 'the engine was loaded after the drawing');
}, { html: pageHtml(message(generated(30))) });

await check('hostile text inside the page stays data: nothing runs, nothing is parsed as markup', async (page, problems) => {
  await page.waitForFunction(() => document.body.dataset.layout === 'full');
  equal(problems.dialogs, [], 'no dialog');
  equal(await page.evaluate(() => window.__pwned), undefined, 'window.__pwned');
  equal(await page.evaluate(() => document.querySelectorAll('img, iframe, style, b, svg svg, [onload], [onerror]').length), 0, 'no elements from titles');
  equal(
    await page.evaluate(() => Array.from(document.scripts).map((s) => (s.src ? new URL(s.src).pathname : `inline ${s.type} #${s.id}`)).sort()),
    ['/dist/media/elk.js', '/dist/media/graph.js', 'inline application/json #initial-message'],
    'scripts: the data, the page script, the engine',
  );
  equal(await page.locator('.plan-title').textContent(), HOSTILE.title, 'plan title literal');
  const tips = await page.locator('g.node > title').allTextContents();
  for (const t of HOSTILE_TITLES) assert(tips.some((tip) => tip.includes(t)), `literal title in tooltip: ${t}`);
  assert(!pageHtml(message(HOSTILE)).includes('</script><script>window'), 'no closing tag from a title in the HTML');
}, { html: pageHtml(message(HOSTILE)) });

await check('draws the analysis it receives, without computing one', async (page) => {
  // An analysis the page would not compute from TEN's phases: another critical path of the same length (its own
  // picks 1 → 2a → 4 → 7 → 9) and a cycle line. The page draws what the host sends.
  const msg = message(TEN);
  await send(page, { ...msg, analysis: { ...msg.analysis, criticalPath: ['1', '3', '5', '8', '9'], cycles: [['4', '7', '4']] } });
  await page.waitForFunction(() => document.body.dataset.layout === 'full' && document.querySelectorAll('g.node').length === 10);
  equal(await page.locator('g.node.critical').evaluateAll((ns) => ns.map((n) => n.dataset.id)), ['1', '3', '5', '8', '9'], 'critical path from the message');
  equal(await page.locator('.stats').getAttribute('title'), 'Critical path: 1 → 3 → 5 → 8 → 9', 'header tooltip');
  equal(await page.locator('.banner').textContent(), 'Cycle: 4 → 7 → 4', 'cycle line from the message');
});

await check('renders every node and edge of a 10-phase plan, with waves and stats', async (page) => {
  await sendGraph(page, TEN);
  equal(await page.locator('g.node').count(), 10, 'nodes');
  equal(await page.locator('path.edge').count(), 13, 'edges');
  equal(await page.locator('path.edge[marker-end]').count(), 13, 'arrowheads');
  const a = analyze(TEN);
  equal(await page.locator('.band').count(), a.waves.length, 'wave bands');
  equal(await page.locator('.stats').textContent(), `10 phases · ${a.waves.length} waves · max ${a.maxParallel} in parallel · critical path ${a.criticalPath.length}`, 'stats');
  equal(await page.locator('.plan-title').textContent(), TEN.title, 'title');
  equal(await page.locator('g.node[data-id="2b"] .progress-label').textContent(), '3/7', 'progress label');
  equal(await page.locator('g.node.critical').evaluateAll((ns) => ns.map((n) => n.dataset.id)), a.criticalPath, 'critical path nodes');
  assert(await page.locator('path.edge-critical').count() === a.criticalPath.length - 1, 'critical edges');
  // Phases of one wave share a row (or a column when the flow goes right), in plan order.
  const right = (await page.evaluate(() => document.body.dataset.direction)) === 'right';
  const along = await page.locator('g.node').evaluateAll((ns, r) => Object.fromEntries(ns.map((n) => [n.dataset.id, n.getAttribute('transform').match(/translate\(([-\d.]+),([-\d.]+)\)/)[r ? 1 : 2]])), right);
  for (const wave of a.waves) equal(new Set(wave.map((id) => along[id])).size, 1, `wave ${wave} in one layer`);
  equal(await drawnWaveOrder(page, a.waves), a.waves, 'plan order within each wave');
  equal(await page.locator('.banner').isVisible(), false, 'no cycle banner');
});

await check('long titles are truncated, the full title is in the tooltip', async (page) => {
  await sendGraph(page, TEN);
  const shown = await page.locator('g.node[data-id="2b"] .node-title').textContent();
  const tip = await page.locator('g.node[data-id="2b"] > title').textContent();
  assert(shown.endsWith('…') && shown.length < TEN.nodes[2].title.length, `truncated: ${shown}`);
  assert(tip.includes(TEN.nodes[2].title) && tip.includes('3/7'), `tooltip: ${tip}`);
});

await check('cycle 2 → 4 → 2: banner, red cycle edges, ghost node dashed', async (page) => {
  await sendGraph(page, CYCLIC);
  equal(await page.locator('.banner').textContent(), 'Cycle: 2 → 4 → 2', 'banner');
  equal(await page.locator('.banner').isVisible(), true, 'banner visible');
  equal(await page.locator('path.edge-cycle').count(), 2, 'cycle edges');
  const red = await page.locator('path.edge-cycle').first().evaluate((p) => getComputedStyle(p).stroke);
  equal(red, 'rgb(248, 81, 73)', 'cycle edge colour = --vscode-errorForeground');
  const ghost = page.locator('g.node.ghost');
  equal(await ghost.count(), 1, 'one ghost');
  equal(await ghost.getAttribute('data-id'), '9', 'ghost id');
  const dash = await ghost.locator('.node-box').evaluate((r) => getComputedStyle(r).strokeDasharray);
  assert(dash !== 'none', `ghost dashed: ${dash}`);
  assert((await page.locator('.stats').textContent()).includes('1 unknown reference'), 'stats mention the ghost');
  // A self loop adds a second banner line.
  await sendGraph(page, { ...CYCLIC, edges: [...CYCLIC.edges, edge('3', '3')] });
  equal(await page.locator('.banner .cycle-line').allTextContents(), ['Cycle: 2 → 4 → 2', 'Cycle: 3 → 3'], 'banner lines');
  equal(await page.locator('path.edge-cycle').count(), 3, 'cycle edges incl. self loop');
});

await check('clicking a node posts reveal; clicking a ghost or dragging does not', async (page) => {
  await sendGraph(page, CYCLIC);
  await page.locator('g.node[data-id="3"]').click();
  await page.locator('g.node[data-id="9"]').click();
  const box = await page.locator('g.node[data-id="1"]').boundingBox();
  await page.mouse.move(box.x + 20, box.y + 20);
  await page.mouse.down();
  await page.mouse.move(box.x + 80, box.y + 60, { steps: 5 });
  await page.mouse.up();
  await page.locator('g.node[data-id="1"]').focus();
  await page.keyboard.press('Enter');
  equal((await posted(page)).filter((m) => m.type === 'reveal'), [{ type: 'reveal', phaseId: '3' }, { type: 'reveal', phaseId: '1' }], 'reveal messages');
});

await check('zoom and pan survive updates; same structure updates in place without a new layout', async (page) => {
  await sendGraph(page, TEN);
  const svgBox = await page.locator('svg.graph').boundingBox();
  await page.mouse.move(svgBox.x + 300, svgBox.y + 200);
  await zoomWheel(page, -400);
  await page.mouse.down();
  await page.mouse.move(svgBox.x + 360, svgBox.y + 260, { steps: 4 });
  await page.mouse.up();
  const zoomed = await getTransform(page);
  assert(!zoomed.includes('scale(1)'), `zoomed: ${zoomed}`);
  const before = await page.locator('g.node[data-id="5"]').getAttribute('transform');
  // Progress ticks: same structure.
  const ticked = structuredClone(TEN);
  ticked.nodes[5] = { ...ticked.nodes[5], done: 4, state: 'in-progress', title: 'Offline queue (renamed)' };
  await send(page, message(ticked));
  await page.waitForFunction(() => document.querySelector('g.node[data-id="5"] .progress-label')?.textContent === '4/5');
  equal(await getTransform(page), zoomed, 'transform after in-place update');
  equal(await page.locator('g.node[data-id="5"]').getAttribute('transform'), before, 'node did not move');
  equal(await page.locator('g.node[data-id="5"] .node-title').textContent(), 'Offline queue (renamed)', 'new title');
  assert(await page.locator('g.node[data-id="5"]').evaluate((n) => n.classList.contains('state-in-progress')), 'new state class');
  // New structure: re-laid out, same transform.
  const grown = structuredClone(TEN);
  grown.nodes.push(node('10', 'Docs'));
  grown.edges.push(edge('9', '10'));
  await sendGraph(page, grown);
  equal(await getTransform(page), zoomed, 'transform after re-layout');
  equal(await page.evaluate(() => JSON.parse(sessionStorage.getItem('vscodeState')).transform !== undefined), true, 'state saved');
});

await check('updates arriving during a layout: the newest one is drawn', async (page) => {
  await sendGraph(page, TEN);
  const grown = structuredClone(TEN);
  grown.nodes.push(node('10', 'Docs'));
  grown.edges.push(edge('9', '10'));
  const newer = structuredClone(grown);
  newer.title = 'Newest title';
  newer.nodes[10].done = 1;
  newer.nodes[10].total = 2;
  await page.evaluate(([m1, m2]) => {
    window.postMessage(m1, '*');
    window.postMessage(m2, '*');
  }, [message(grown), message(newer)]);
  await page.waitForFunction(() => document.querySelectorAll('g.node').length === 11);
  await page.waitForTimeout(200);
  equal(await page.locator('.plan-title').textContent(), 'Newest title', 'title');
  equal(await page.locator('g.node[data-id="10"] .progress-label').textContent(), '1/2', 'progress');
});

await check('view state persists across a reload (getState/setState)', async (page) => {
  await sendGraph(page, TEN);
  const svgBox = await page.locator('svg.graph').boundingBox();
  await page.mouse.move(svgBox.x + 200, svgBox.y + 200);
  await zoomWheel(page, -300);
  const t = await getTransform(page);
  await page.reload();
  await setTheme(page, 'dark');
  await page.waitForFunction(() => window.__posted.some((m) => m.type === 'ready'));
  await sendGraph(page, TEN);
  equal(await getTransform(page), t, 'transform restored');
});

await check('Fit brings a graph that fits into view, and zooms out no further than the editor font size', async (page) => {
  await sendGraph(page, TEN);
  const svgBox = await page.locator('svg.graph').boundingBox();
  await page.mouse.move(svgBox.x + 10, svgBox.y + 10);
  for (let i = 0; i < 5; i++) await zoomWheel(page, -500);
  await page.getByRole('button', { name: 'Fit' }).click();
  const inside = () =>
    page.evaluate(() => {
      const s = document.querySelector('svg.graph').getBoundingClientRect();
      return Array.from(document.querySelectorAll('g.node')).every((n) => {
        const r = n.getBoundingClientRect();
        return r.left >= s.left - 1 && r.right <= s.right + 1 && r.top >= s.top - 1 && r.bottom <= s.bottom + 1;
      });
    });
  assert(await inside(), 'every node inside the view after Fit');
  // A graph larger than the pane: Fit stops at the floor, the rest is reached by scrolling.
  await sendGraph(page, generated(40));
  for (let i = 0; i < 5; i++) await zoomWheel(page, 500);
  await page.getByRole('button', { name: 'Fit' }).click();
  const sizes = await textScreenSizes(page);
  assert(sizes.min >= sizes.editor - 0.01, `node text ${sizes.min}px after Fit, editor ${sizes.editor}px`);
  const before = await getTransform(page);
  await page.mouse.move(svgBox.x + 200, svgBox.y + 200);
  await page.mouse.wheel(0, 400);
  const after = await getTransform(page);
  assert(after !== before && scaleOf(after) === scaleOf(before), `the wheel scrolls, same zoom: ${before} -> ${after}`);
});

await check('highlight outlines one node; null clears it', async (page) => {
  await sendGraph(page, TEN);
  await send(page, { type: 'highlight', phaseId: '4' });
  await page.waitForFunction(() => document.querySelectorAll('g.node.highlight').length === 1);
  equal(await page.locator('g.node.highlight').getAttribute('data-id'), '4', 'highlighted');
  const stroke = await page.locator('g.node.highlight .node-box').evaluate((r) => [getComputedStyle(r).stroke, getComputedStyle(r).strokeWidth]);
  equal(stroke, ['rgb(0, 120, 212)', '3.5px'], 'focusBorder outline');
  // Survives an update.
  await sendGraph(page, { ...TEN, title: 'Renamed' });
  equal(await page.locator('g.node.highlight').getAttribute('data-id'), '4', 'still highlighted after update');
  await send(page, { type: 'highlight', phaseId: null });
  await page.waitForFunction(() => document.querySelectorAll('g.node.highlight').length === 0);
  // A phase out of view: the view pans (same zoom) to show it.
  const svgBox = await page.locator('svg.graph').boundingBox();
  await page.mouse.move(svgBox.x + 100, svgBox.y + 100);
  for (let i = 0; i < 3; i++) await zoomWheel(page, -600);
  const k = (await getTransform(page)).match(/scale\(([\d.]+)\)/)[1];
  await send(page, { type: 'highlight', phaseId: '9' });
  await page.waitForFunction(() => document.querySelectorAll('g.node.highlight').length === 1);
  const visible = await page.evaluate(() => {
    const s = document.querySelector('svg.graph').getBoundingClientRect();
    const r = document.querySelector('g.node.highlight').getBoundingClientRect();
    return r.right > s.left && r.left < s.right && r.bottom > s.top && r.top < s.bottom;
  });
  assert(visible, 'highlighted phase scrolled into view');
  equal((await getTransform(page)).match(/scale\(([\d.]+)\)/)[1], k, 'zoom unchanged');
});

await check('hostile plan: nothing executes, no elements from titles, text shown literally', async (page, problems) => {
  await sendGraph(page, HOSTILE);
  await page.waitForTimeout(300);
  equal(problems.dialogs, [], 'no dialog');
  equal(await page.evaluate(() => window.__pwned), undefined, 'window.__pwned');
  equal(await page.evaluate(() => document.querySelectorAll('img, iframe, style, b').length), 0, 'no img/iframe/style/b elements');
  equal(await page.evaluate(() => Array.from(document.scripts).map((s) => new URL(s.src).pathname).sort()), ["/dist/media/elk.js", "/dist/media/graph.js"], "only the page script and the engine");
  equal(await page.evaluate(() => document.querySelectorAll('svg svg, [onload], [onerror]').length), 0, 'no nested svg or handlers');
  const tips = await page.locator('g.node > title').allTextContents();
  for (const t of HOSTILE_TITLES) assert(tips.some((tip) => tip.includes(t)), `literal title in tooltip: ${t}`);
  const shown = await page.locator('g.node .node-title').allTextContents();
  assert(shown.some((s) => s.startsWith('<img src=x')), `visible text literal: ${shown}`);
  equal(await page.locator('.plan-title').textContent(), HOSTILE.title, 'plan title literal');
  equal(await page.locator('g.node[data-id="<b>6</b>"] .node-id').textContent(), '<b>6</b>', 'id literal');
  equal(await page.locator('g.node.ghost').count(), 1, 'hostile ghost id is a ghost');
  await page.locator('g.node[data-id="1"]').click();
  equal((await posted(page)).filter((m) => m.type === 'reveal'), [{ type: 'reveal', phaseId: '1' }], 'reveal');
  // Export keeps it as text.
  await page.getByRole('button', { name: 'Export SVG' }).click();
  const exp = (await posted(page)).find((m) => m.type === 'exportSvg');
  assert(exp && !exp.svg.includes('<img') && !exp.svg.includes('<script') && exp.svg.includes('&lt;img src=x onerror=alert(1)&gt;'), 'export escapes titles');
});

await check('malformed messages are ignored without errors', async (page) => {
  await sendGraph(page, TEN);
  const bad = [
    null, undefined, 0, 'graph', [], {}, { type: 'graph' }, { type: 'graph', graph: null, uri: '' },
    { type: 'graph', graph: { title: 'x', nodes: [{ id: 1 }], edges: [] }, uri: '' },
    { type: 'graph', graph: { title: 'x', nodes: 'nodes', edges: [] }, uri: '' },
    { type: 'graph', graph: { title: 'x', nodes: [], edges: [{ from: '1' }] }, uri: '' },
    { type: 'graph', graph: { ...TEN, nodes: [{ ...TEN.nodes[0], state: '<script>' }] }, uri: '' },
    { type: 'highlight' }, { type: 'highlight', phaseId: { toString: null } }, { type: 'empty', reason: 5 },
    { type: '__proto__' }, { type: 'constructor' }, { type: 'graph', graph: { ...TEN, nodes: [{ ...TEN.nodes[0], done: 'NaN' }] }, uri: '' },
    // A graph without its analysis, or with one that is not of this graph.
    { type: 'graph', graph: message(TEN).graph, uri: '' },
    { ...message(TEN), analysis: { ...message(TEN).analysis, waves: [['nope']] } },
    { ...message(TEN), analysis: { ...message(TEN).analysis, cycleEdges: [99] } },
  ];
  for (const m of bad) await page.evaluate((x) => window.postMessage(x, '*'), m);
  await page.evaluate(() => window.postMessage({ type: 'highlight', get phaseId() { throw new Error('getter'); } }, '*')).catch(() => {});
  await page.waitForTimeout(300);
  equal(await page.locator('g.node').count(), 10, 'graph unchanged');
  equal(await page.locator('.plan-title').textContent(), TEN.title, 'title unchanged');
});

await check('Export SVG posts a standalone SVG; Copy Mermaid posts copyMermaid', async (page) => {
  await sendGraph(page, CYCLIC);
  await page.getByRole('button', { name: 'Export SVG' }).click();
  await page.getByRole('button', { name: 'Copy Mermaid' }).click();
  const msgs = await posted(page);
  const exp = msgs.find((m) => m.type === 'exportSvg');
  assert(exp && exp.svg.startsWith('<svg') && exp.svg.includes('xmlns="http://www.w3.org/2000/svg"'), 'svg root');
  assert(exp.svg.includes('<style>') && exp.svg.includes('--vscode-errorForeground: #f85149'), 'resolved theme colours');
  assert(!/g class="viewport" transform/.test(exp.svg), 'no view transform in export');
  equal((exp.svg.match(/class="node /g) ?? []).length, 5, 'nodes in export');
  assert(msgs.some((m) => m.type === 'copyMermaid'), 'copyMermaid posted');
  // The exported SVG parses as XML.
  const blank = await page.context().newPage();
  const ok = await blank.evaluate((s) => new DOMParser().parseFromString(s, 'image/svg+xml').querySelector('parsererror') === null, exp.svg);
  await blank.close();
  assert(ok, 'export parses as SVG');
});

await check('empty message shows the reason; a graph replaces it', async (page) => {
  await send(page, { type: 'empty', reason: 'This file has no phases (### Phase 1: …)' });
  await page.waitForFunction(() => document.body.dataset.state === 'empty');
  equal(await page.locator('.empty').textContent(), 'This file has no phases (### Phase 1: …)', 'reason');
  equal(await page.locator('.stage').isVisible(), false, 'stage hidden');
  await sendGraph(page, TEN);
  equal(await page.locator('.empty').isVisible(), false, 'empty hidden');
});

const NARROW = { width: 420, height: 760 };

for (const [label, graph] of [['4 phases in one wave', FOUR_WAVE], ['4 phases in one wave and a join', FOUR], ['12 phases', TWELVE]]) {
  await check(`420 px wide panel, ${label}: node text at least the editor font size, waves in plan order`, async (page) => {
    await sendGraph(page, graph);
    const sizes = await textScreenSizes(page);
    equal(sizes.editor, 14, 'editor font size read from the page');
    assert(sizes.min >= sizes.editor - 0.01, `smallest node text ${sizes.min.toFixed(2)}px < editor ${sizes.editor}px`);
    const a = analyze(graph);
    equal(await drawnWaveOrder(page, a.waves), a.waves, 'plan order within each wave');
    // Fit keeps the floor too.
    await page.getByRole('button', { name: 'Fit' }).click();
    assert((await textScreenSizes(page)).min >= 14 - 0.01, 'after Fit');
    // Something of the graph is in view: the first phase.
    const firstVisible = await page.evaluate(() => {
      const s = document.querySelector('svg.graph').getBoundingClientRect();
      const r = document.querySelector('g.node').getBoundingClientRect();
      return r.left >= s.left - 1 && r.top >= s.top - 1 && r.right <= s.right + 1;
    });
    assert(firstVisible, 'the first phase is in view');
  }, NARROW);
}

/** The phases of a real plan (corpus plans/1313-afx-send-mailbox-first-delivery.md): ELK lays it out wider than a narrow pane. */
const MAILBOX = {
  title: 'Plan: afx send — Mailbox-First Delivery (Never Force-Inject)',
  nodes: [
    node('1', 'Mailbox persistence layer', 0, 7), node('2', 'Rendered-empty gate + claude/codex profiles', 0, 7),
    node('3', 'agy classifier profile (blocking measurement)', 0, 7), node('4', 'Delivery orchestration + write serialization', 0, 9),
    node('5', 'Fast delivery triggers (submit + quiescence)', 0, 7), node('6', 'Cron rerouting through mailbox + gate', 0, 7),
    node('7', 'afx inbox CLI + broadcasts + escalation', 0, 13), node('8', 'Dashboard + VSCode held-count indicators', 0, 7),
    node('9', 'Documentation + skeleton mirror', 0, 7),
  ],
  edges: [
    edge('2', '3'), edge('1', '4'), edge('2', '4'), edge('4', '5'), edge('4', '6'), edge('1', '7'), edge('4', '7'), edge('7', '8'),
    ...['1', '2', '3', '4', '5', '6', '7', '8'].map((d) => edge(d, '9')),
  ],
};

/** How many phases are whole inside the graph's pane. */
const phasesInView = (page) =>
  page.evaluate(() => {
    const s = document.querySelector('svg.graph').getBoundingClientRect();
    return Array.from(document.querySelectorAll('g.node')).filter((n) => {
      const r = n.getBoundingClientRect();
      return r.left >= s.left - 1 && r.top >= s.top - 1 && r.right <= s.right + 1 && r.bottom <= s.bottom + 1;
    }).length;
  });

// The graph panel beside the editor in a 1400 px window with the sidebar open (as in docs/screenshots/graph-panel-*.png).
const SIDE_BY_SIDE = { width: 515, height: 700 };

await check('side-by-side panel, a real plan laid out wider than the pane: Fit shows its phases, not the empty left edge', async (page) => {
  await sendGraph(page, MAILBOX);
  const wide = await page.evaluate(() => document.querySelector('g.viewport').getBoundingClientRect().width > document.querySelector('svg.graph').getBoundingClientRect().width);
  assert(wide, 'the layout is wider than the pane (else this test shows nothing)');
  // The pane holds one phase across at the editor's font size (as drawn: the node text's own size, not the page's),
  // so each wave is wrapped to one phase per row and every phase is whole across the pane; only edges reach past it.
  equal(await page.evaluate(() => document.body.dataset.perLayer), '1', 'phases side by side');
  await page.getByRole('button', { name: 'Fit' }).click();
  const across = await page.evaluate(() => {
    const s = document.querySelector('svg.graph').getBoundingClientRect();
    return Array.from(document.querySelectorAll('g.node')).filter((n) => {
      const r = n.getBoundingClientRect();
      return r.left < s.left - 1 || r.right > s.right + 1;
    }).map((n) => n.dataset.id);
  });
  equal(across, [], 'phases cut by the pane\'s sides after Fit');
  const fitted = await phasesInView(page);
  const labels = await page.evaluate(() => {
    const s = document.querySelector('svg.graph').getBoundingClientRect();
    return Array.from(document.querySelectorAll('text.band-label')).map((t) => t.getBoundingClientRect().left >= s.left - 1);
  });
  equal(labels, [true, true, true, true, true], 'every wave label starts inside the pane');
  // Scrolled to the graph's left edge (wheel with Shift scrolls sideways; the view stops at the graph's end).
  const svgBox = await page.locator('svg.graph').boundingBox();
  await page.mouse.move(svgBox.x + svgBox.width / 2, svgBox.y + svgBox.height / 2);
  await page.keyboard.down('Shift');
  for (let i = 0; i < 10; i++) await page.mouse.wheel(0, -400);
  await page.keyboard.up('Shift');
  await page.waitForFunction(() => true);
  const leftEdge = await phasesInView(page);
  assert(fitted >= leftEdge, `Fit shows ${fitted} whole phases, the left edge ${leftEdge}`);
  assert((await textScreenSizes(page)).min >= 14 - 0.01, 'text at the editor font size');
}, SIDE_BY_SIDE);

await check('phases are sized for the editor font size, whatever the page\'s own font size', async (page) => {
  await page.evaluate(() => document.documentElement.style.setProperty('--vscode-editor-font-size', '20px'));
  await sendGraph(page, FOUR);
  // 16 em wide at the node text's size (20 px), not at the toolbar's (13 px).
  equal(await page.locator('g.node[data-id="1"] .node-box').getAttribute('width'), '320', 'node width');
});

await check('resizing the panel lays the graph out again for its new shape', async (page) => {
  await sendGraph(page, TWELVE);
  equal(await page.evaluate(() => document.body.dataset.direction), 'down', 'tall pane: top-down');
  const before = await page.locator('g.node[data-id="12"]').getAttribute('transform');
  await page.setViewportSize({ width: 1400, height: 500 });
  await page.waitForFunction(() => document.body.dataset.direction === 'right' && document.body.dataset.layout === 'full', null, { timeout: 20000 });
  const after = await page.locator('g.node[data-id="12"]').getAttribute('transform');
  assert(after !== before, `phase 12 moved: ${before} -> ${after}`);
  const a = analyze(TWELVE);
  equal(await drawnWaveOrder(page, a.waves), a.waves, 'plan order within each wave, left-right');
  assert((await textScreenSizes(page)).min >= 14 - 0.01, 'node text size kept');
  // The Layout button overrides the pane's shape.
  await page.locator('.btn-direction').click();
  await page.waitForFunction(() => document.body.dataset.direction === 'down' && document.body.dataset.layout === 'full');
  equal(await page.locator('.btn-direction').textContent(), 'Layout: top-down', 'button label');
  await page.setViewportSize({ width: 420, height: 760 });
  await page.waitForTimeout(100);
  equal(await page.evaluate(() => document.body.dataset.direction), 'down', 'fixed direction kept on resize');
}, NARROW);

await check('a plan without dependency lines: the listed order, no claim of parallel waves or a critical path', async (page) => {
  const graph = { ...FOUR_WAVE, undeclared: true };
  await sendGraph(page, graph);
  const stats = await page.locator('.stats').textContent();
  equal(stats, '4 phases · no dependencies declared: phases run in the order listed', 'summary');
  equal(await page.locator('.band').count(), 0, 'no wave bands');
  equal(await page.locator('g.node.critical').count(), 0, 'no critical-path outline');
  equal(await page.locator('.legend-critical').isVisible(), false, 'no critical path in the legend');
  equal(await page.locator('.legend-order').isVisible(), true, 'listed order in the legend');
  equal(await page.locator('path.edge-order').count(), 3, 'listed-order connectors');
  equal(await drawnWaveOrder(page, [['1', '2', '3', '4']]), [['1', '2', '3', '4']], 'listed order');
  const along = await page.evaluate(() => {
    const dir = document.body.dataset.direction;
    return Array.from(document.querySelectorAll('g.node')).map((n) => (dir === 'right' ? n.getBoundingClientRect().left : n.getBoundingClientRect().top));
  });
  assert(along.every((v, i) => i === 0 || v > along[i - 1]), `one after another along the flow: ${along}`);
}, NARROW);

await check('critical path: highlight, header and legend agree', async (page) => {
  // Phases that all declare "None": one wave, no path to name, so nothing is outlined.
  await sendGraph(page, FOUR_WAVE);
  equal(await page.locator('.stats').textContent(), '4 phases · 1 wave · max 4 in parallel', 'summary');
  equal(await page.locator('g.node.critical').count(), 0, 'no node outlined');
  equal(await page.locator('.legend-critical').isVisible(), false, 'legend');
  await sendGraph(page, TEN);
  const a = analyze(TEN);
  assert((await page.locator('.stats').textContent()).includes(`critical path ${a.criticalPath.length}`), 'header names the path');
  equal(await page.locator('.stats').getAttribute('title'), `Critical path: ${a.criticalPath.join(' → ')}`, 'header tooltip');
  equal(await page.locator('g.node.critical').evaluateAll((ns) => ns.map((n) => n.dataset.id)), a.criticalPath, 'outlined nodes');
  equal(await page.locator('.legend-critical').isVisible(), true, 'legend');
});

await check('never blank: the first graph is drawn at once, then replaced by the full layout', async (page) => {
  await send(page, message(generated(30)));
  // Synchronously drawn in the message handler: the nodes are there on the next check.
  equal(await page.evaluate(() => document.querySelectorAll('g.node').length), 30, 'drawn at once');
  await page.waitForFunction(() => document.body.dataset.layout === 'full');
  equal((await posted(page)).filter((m) => m.type === 'drawn').map((m) => m.layout), ['quick', 'full'], 'drawn reports');
});

const timings = [];
await check('lays out 50 and 500 phases in the browser', async (page) => {
  const runs = [['50 (first layout in the page)', 50, 1], ['500', 500, 1], ['50', 50, 2], ['500', 500, 2], ['50', 50, 3]];
  for (const [label, n, seed] of runs) {
    const t0 = await page.evaluate(() => performance.now());
    await sendGraph(page, generated(n, seed));
    const total = Math.round((await page.evaluate(() => performance.now())) - t0);
    const layout = await page.evaluate(() => document.body.dataset.layoutMs);
    timings.push(`${label}: layout ${layout} ms, message to drawn ${total} ms`);
    equal(await page.locator('g.node').count(), n, `${n} nodes`);
    if (n === 500) equal(await page.locator('.band').count(), 0, '500 phases: compact layout without wave rows');
  }
  notes.push(`Chromium timings (ELK in the page): ${timings.join('; ')}`);
});

for (const theme of ['light', 'dark', 'hc']) {
  await check(`screenshot: 10-phase plan, ${theme} theme`, async (page) => {
    await setTheme(page, theme);
    await sendGraph(page, TEN);
    await page.getByRole('button', { name: 'Fit' }).click();
    await send(page, { type: 'highlight', phaseId: '4' });
    await page.waitForFunction(() => document.querySelectorAll('g.node.highlight').length === 1);
    mkdirSync(SHOTS, { recursive: true });
    await page.screenshot({ path: join(SHOTS, `graph-${theme}.png`) });
  });
}

await check('screenshot: cycle and unknown reference, dark theme', async (page) => {
  await sendGraph(page, { ...CYCLIC, edges: [...CYCLIC.edges, edge('3', '3')] });
  await page.getByRole('button', { name: 'Fit' }).click();
  mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: join(SHOTS, 'graph-cycle-dark.png') });
});

await browser.close();
for (const n of notes) console.log(`  note: ${n}`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
