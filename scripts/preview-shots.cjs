#!/usr/bin/env node
// Screenshots of the dependency graph in a real VS Code (code-server, headless Chromium), on real corpus plans:
// the graph panel beside the plan at the default side-by-side width, and the built-in Markdown preview showing
// the plan's Dependency Map as the graph; each in a light and a dark theme. Writes docs/screenshots/.
//   node scripts/preview-shots.cjs [--only panel|preview] [--theme light|dark]
'use strict';
const path = require('node:path');
const fs = require('node:fs');
const { startServer, openWorkbench, runCommand, pickFromQuickInput, stop } = require('./vscode-run.cjs');

const ROOT = path.resolve(__dirname, '..');
// ../shared beside the main checkout; ../../shared from a worktree under wt/.
const CORPUS = [path.resolve(ROOT, '../shared/corpus'), path.resolve(ROOT, '../../shared/corpus')].find((d) => fs.existsSync(d));
// The plans are opened from a copy: the corpus is read-only data, and nothing of a screenshot run may write to it.
const WORK = fs.mkdtempSync(path.join(require('node:os').tmpdir(), 'plan-author-shots-'));
const SHOTS = path.join(ROOT, 'docs/screenshots');
const THEMES = { light: 'Default Light Modern', dark: 'Default Dark Modern' };
const PANEL_PLAN = 'plans/1313-afx-send-mailbox-first-delivery.md';
const PREVIEW_PLAN = 'plans/0602-vscode-extension.md';
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function arg(name) {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : undefined;
}

/** Waits until `check()` is truthy (polling), or gives up after `ms`. */
async function until(check, ms = 60_000) {
  const t0 = Date.now();
  for (;;) {
    if (await check().catch(() => false)) return true;
    if (Date.now() - t0 > ms) return false;
    await sleep(250);
  }
}

async function shoot(kind, theme) {
  const plan = kind === 'panel' ? PANEL_PLAN : PREVIEW_PLAN;
  fs.mkdirSync(path.join(WORK, 'plans'), { recursive: true });
  const file = path.join(WORK, plan);
  fs.copyFileSync(path.join(CORPUS, plan), file);
  const server = await startServer({
    settings: {
      'workbench.startupEditor': 'none',
      'workbench.tips.enabled': false,
      'extensions.ignoreRecommendations': true,
      'telemetry.telemetryLevel': 'off',
      'security.workspace.trust.enabled': false,
      'git.openRepositoryInParentFolders': 'never',
      'editor.minimap.enabled': false,
      'files.autoSave': 'off',
      'workbench.colorTheme': THEMES[theme], // applied once the theme extension loads (awaited below)
    },
  });
  let handle;
  try {
    handle = await openWorkbench(server, { folder: WORK, file, viewport: { width: 1400, height: 900 } });
    const { page } = handle;
    await page.waitForSelector('.editor-instance .monaco-editor .view-lines', { timeout: 60_000 });
    await sleep(2500);
    const themeClass = `themes-${THEMES[theme].replace(/^Default /, '').toLowerCase().replace(/ /g, '_')}-json`; // e.g. themes-light_modern-json
    if (!(await until(async () => (await page.locator(`.monaco-workbench[class*="${themeClass}"]`).count()) > 0, 90_000))) throw new Error(`the ${THEMES[theme]} theme never applied`);
    // The extension is active on the plan (its commands are offered only then): its status bar item shows the plan.
    if (!(await until(async () => (await page.locator('.statusbar-item', { hasText: 'Plan: ' }).count()) > 0, 120_000))) throw new Error('Plan Author never showed the plan in the status bar');
    const webview = page.frameLocator('iframe.webview').frameLocator('iframe#active-frame');
    if (kind === 'panel') {
      await runCommand(page, 'Plan Author: Show Dependency Graph', { settleMs: 500 });
      if (!(await until(async () => (await webview.locator('body[data-layout="full"]').count()) > 0, 90_000))) { await page.screenshot({ path: path.join(WORK, 'failed.png') }); throw new Error(`the graph panel never drew its layout (${path.join(WORK, 'failed.png')})`); }
      await sleep(800);
    } else {
      // The editor at the Dependency Map, so that the preview opens there.
      const text = fs.readFileSync(file, 'utf8').split('\n');
      const line = text.findIndex((l) => /^## Dependency Map/.test(l)) + 1;
      await pickFromQuickInput(page, `:${line}`, { open: 'F1' });
      await sleep(500);
      await page.keyboard.press('Control+L').catch(() => {}); // expand to the line: the cursor there
      await runCommand(page, 'markdown.showPreviewToSide', { settleMs: 500 });
      if (!(await until(async () => (await webview.locator('.plan-author-map').count()) > 0, 90_000))) throw new Error('the preview never showed the map');
      await sleep(1500);
      await webview.locator('.plan-author-map').first().evaluate((el) => el.previousElementSibling?.scrollIntoView({ block: 'start' }));
      await sleep(800);
    }
    await page.mouse.move(700, 896);
    await sleep(300);
    const out = path.join(SHOTS, kind === 'panel' ? `graph-panel-${theme}.png` : `preview-map-${theme}.png`);
    fs.mkdirSync(SHOTS, { recursive: true });
    await page.screenshot({ path: out });
    console.log(`wrote ${path.relative(ROOT, out)}`);
  } finally {
    await stop(handle, server);
  }
}

(async () => {
  const kinds = arg('only') ? [arg('only')] : ['panel', 'preview'];
  const themes = arg('theme') ? [arg('theme')] : ['light', 'dark'];
  for (const kind of kinds) for (const theme of themes) await shoot(kind, theme);
})().then(
  () => process.exit(0),
  async (e) => {
    console.error(e);
    await stop();
    process.exit(1);
  },
);
