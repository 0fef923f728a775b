// Builds every bundle with esbuild. `--watch` rebuilds on change, `--production` minifies.
import * as esbuild from 'esbuild';
import { readdirSync, statSync, existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';

const watch = process.argv.includes('--watch');
const production = process.argv.includes('--production') || process.argv.includes('--minify');

function testEntries(dir) {
  if (!existsSync(dir)) return [];
  const out = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...testEntries(p));
    else if (/\.test\.ts$/.test(name) || /^index\.ts$/.test(name)) out.push(p);
  }
  return out;
}

const common = { loader: { '.md': 'text' }, bundle: true, sourcemap: !production, minify: production, logLevel: 'warning', legalComments: 'none' };

const node = { ...common, platform: 'node', format: 'cjs', target: 'node20', external: ['vscode'], mainFields: ['module', 'main'] };

const builds = [
  { ...node, entryPoints: { extension: 'src/extension.ts' }, outdir: 'dist', minify: true, sourcemap: true },
  { ...node, entryPoints: { model: 'src/model/index.ts' }, outdir: 'dist' },
  // The checker's worker thread: loads dist/model.js beside it (src/extension/checkEngine.ts).
  { ...node, entryPoints: { planWorker: 'src/extension/planWorker.ts' }, outdir: 'dist', minify: true, sourcemap: true },
  { ...node, entryPoints: { cli: 'src/cli.ts' }, outdir: 'dist', banner: { js: '#!/usr/bin/env node' } },
];
// The web extension (package.json `browser`, for vscode.dev / github.dev): the same features in a browser web worker.
// No Node built-ins there: `path` is path-browserify, and the model is bundled in (modelLoader.web.ts) instead of
// being loaded from dist/model.js at run time.
const modelLoaderWeb = {
  name: 'model-loader-web',
  setup(b) {
    b.onResolve({ filter: /\/modelLoader$/ }, (a) => ({ path: join(a.resolveDir, 'modelLoader.web.ts') }));
    b.onResolve({ filter: /\/nodeFileSystem$/ }, (a) => ({ path: join(a.resolveDir, `${a.path}.web.ts`) }));
    b.onResolve({ filter: /\/checkEngine$/ }, (a) => ({ path: join(a.resolveDir, `${a.path}.web.ts`) }));
  },
};
builds.push({
  ...common, platform: 'browser', format: 'cjs', target: 'es2022', external: ['vscode'], mainFields: ['browser', 'module', 'main'],
  conditions: ['worker'], // packages' web-worker builds (decode-named-character-reference's browser one needs a DOM)
  entryPoints: { extension: 'src/extension.ts' }, outdir: 'dist/web', minify: true, alias: { path: 'path-browserify' }, plugins: [modelLoaderWeb],
});
// Its checker: a web worker with the model bundled in (src/extension/checkEngine.web.ts starts it).
builds.push({
  ...common, platform: 'browser', format: 'iife', target: 'es2022', mainFields: ['browser', 'module', 'main'], conditions: ['worker'],
  entryPoints: { planWorker: 'src/extension/planWorker.web.ts' }, outdir: 'dist/web', minify: true, alias: { path: 'path-browserify' },
});
// The graph page's script is small and draws at once; its layout engine is a second script (dist/media/elk.js) that
// media/elkLazy.ts loads after the first drawing: in the page's bundle, ELK is that lazy stand-in.
const lazyElk = {
  name: 'lazy-elk',
  setup(b) {
    b.onResolve({ filter: /^elkjs\/lib\/elk\.bundled\.js$/ }, () => ({ path: join(process.cwd(), 'media/elkLazy.ts') }));
  },
};
if (existsSync('media/graph.ts')) {
  const media = { ...common, platform: 'browser', format: 'iife', target: 'es2022', outdir: 'dist/media', minify: true };
  builds.push({ ...media, entryPoints: { graph: 'media/graph.ts', preview: 'media/preview.ts' }, plugins: [lazyElk] });
  builds.push({ ...media, entryPoints: { elk: 'media/elk.ts' }, sourcemap: false });
}
const tests = [...testEntries('test/unit'), ...testEntries('test/integration'), ...testEntries('test/package')];
// A production build (npm run package, npm pack) makes only what ships; the tests keep their development build.
if (tests.length && !production) {
  // Compiled tests of deleted sources must not linger.
  if (!watch) rmSync('out/test', { recursive: true, force: true });
  builds.push({ ...node, entryPoints: tests, outbase: 'test', outdir: 'out/test', sourcemap: true });
}

const present = builds.filter((b) => Object.values(b.entryPoints).every((e) => existsSync(e)));
if (watch) {
  for (const b of present) {
    const ctx = await esbuild.context(b);
    await ctx.watch();
  }
  console.log('watching…');
} else {
  const t0 = Date.now();
  await Promise.all(present.map((b) => esbuild.build(b)));
  console.log(`built ${present.length} bundles in ${Date.now() - t0} ms`);
}
