// Draws the extension's 128×128 icon (media/icon.png) from the SVG below, rendered by headless Chromium
// (playwright-core + the system chromium, as the screenshots are). Run: node scripts/make-icon.mjs
import { chromium } from 'playwright-core';
import { fileURLToPath } from 'node:url';

const out = fileURLToPath(new URL('../media/icon.png', import.meta.url));
const svg = `
<svg xmlns="http://www.w3.org/2000/svg" width="128" height="128" viewBox="0 0 128 128">
  <defs>
    <linearGradient id="bg" x1="0" y1="0" x2="1" y2="1">
      <stop offset="0" stop-color="#2b5fd9"/><stop offset="1" stop-color="#173a8c"/>
    </linearGradient>
  </defs>
  <rect x="4" y="4" width="120" height="120" rx="24" fill="url(#bg)"/>
  <!-- the plan: a page with a folded corner -->
  <path d="M30 18h46l22 22v70a6 6 0 0 1-6 6H30a6 6 0 0 1-6-6V24a6 6 0 0 1 6-6z" fill="#f4f7ff"/>
  <path d="M76 18v16a6 6 0 0 0 6 6h16z" fill="#b9c8f0"/>
  <!-- its phases as a dependency graph: 1 -> 2, 1 -> 3, 2 -> 4, 3 -> 4 (1 and 2 done, 3 under way) -->
  <g stroke="#7083a8" stroke-width="4" fill="none" stroke-linecap="round">
    <path d="M61 44 L43 70 M61 44 L79 70 M43 70 L61 96 M79 70 L61 96"/>
  </g>
  <circle cx="61" cy="44" r="10" fill="#16a34a"/>
  <circle cx="43" cy="70" r="10" fill="#16a34a"/>
  <circle cx="79" cy="70" r="10" fill="#f59e0b"/>
  <circle cx="61" cy="96" r="9" fill="#f4f7ff" stroke="#2b5fd9" stroke-width="4"/>
  <g stroke="#fff" stroke-width="3" fill="none" stroke-linecap="round" stroke-linejoin="round">
    <path d="M56.5 44.5l3 3 6-6.5"/>
    <path d="M38.5 70.5l3 3 6-6.5"/>
  </g>
</svg>`;

const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
try {
  const page = await browser.newPage({ viewport: { width: 128, height: 128 }, deviceScaleFactor: 1 });
  await page.setContent(`<html><body style="margin:0;background:transparent">${svg}</body></html>`);
  await page.locator('svg').screenshot({ path: out, omitBackground: true });
  console.log(`wrote ${out}`);
} finally {
  await browser.close();
}
