// Times `require('dist/extension.js')` and `activate()` in a fresh process, with a stand-in for the `vscode`
// module (every API call returns a harmless object). Prints one JSON line with the median of several processes.
'use strict';
const { spawnSync } = require('node:child_process');
const path = require('node:path');

if (process.argv[2] === 'once') {
  const Module = require('node:module');
  const values = new WeakMap();
  const handler = {
    set(target, prop, value) {
      if (!values.has(target)) values.set(target, new Map());
      values.get(target).set(prop, value);
      return true;
    },
    get(target, prop) {
      const own = values.get(target);
      if (own && own.has(prop)) return own.get(prop);
      if (prop === Symbol.iterator) return function* () {};
      if (prop === 'then') return undefined;
      if (prop === Symbol.toPrimitive) return () => 0;
      if (prop === 'length') return 0;
      if (!values.has(target)) values.set(target, new Map());
      const v = stub();
      values.get(target).set(prop, v);
      return v;
    },
    apply: () => stub(),
    construct: () => stub(),
  };
  function stub() {
    return new Proxy(function () {}, handler);
  }
  // esbuild's interop copies the module's own keys: give the stand-in every top-level name of the API.
  const dts = require('node:fs').readFileSync(require.resolve('@types/vscode/index.d.ts'), 'utf8');
  const names = new Set([...dts.matchAll(/^\t(?:export )?(?:namespace|class|enum|function|const|let) (\w+)/gm)].map((m) => m[1]));
  const vscode = {};
  for (const n of names) vscode[n] = stub();
  const resolve = Module._resolveFilename;
  Module._resolveFilename = function (request, ...rest) {
    return request === 'vscode' ? 'vscode' : resolve.call(this, request, ...rest);
  };
  require.cache.vscode = { id: 'vscode', filename: 'vscode', loaded: true, exports: vscode };
  const t0 = performance.now();
  const ext = require(path.resolve(__dirname, '../dist/extension.js'));
  const t1 = performance.now();
  ext.activate({ subscriptions: [], extensionUri: stub(), extensionPath: path.resolve(__dirname, '..'), globalState: stub(), workspaceState: stub() });
  const t2 = performance.now();
  console.log(JSON.stringify({ requireMs: t1 - t0, activateMs: t2 - t1 }));
  process.exit(0);
}

const runs = [];
for (let i = 0; i < 9; i++) {
  const r = spawnSync(process.execPath, [__filename, 'once'], { encoding: 'utf8' });
  if (r.status !== 0) {
    console.error(r.stderr);
    process.exit(1);
  }
  runs.push(JSON.parse(r.stdout.trim().split('\n').pop()));
}
const med = (xs) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const requireMs = med(runs.map((r) => r.requireMs));
const activateMs = med(runs.map((r) => r.activateMs));
const totalMs = med(runs.map((r) => r.requireMs + r.activateMs));
console.log(JSON.stringify({ requireMs, activateMs, totalMs, runs: runs.length }));
