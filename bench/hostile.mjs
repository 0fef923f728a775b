// The adversarial table of `npm run bench`: each hostile shape (bench/hostile.ts) at two sizes, checked by the CLI in
// a fresh process with a time limit; prints the time, the growth ratio between the sizes, the exit code and how much
// the CLI printed. `node bench/hostile.mjs [--timeout S] [--only NAME] [--cli PATH]` runs it alone.
import * as esbuild from 'esbuild';
import { createRequire } from 'node:module';
import { mkdirSync, writeFileSync, rmSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);

export async function runHostile({ timeoutS = 60, only, cli = join(root, 'dist/cli.js') } = {}) {
  mkdirSync(join(root, 'out/bench/hostile'), { recursive: true });
  await esbuild.build({ entryPoints: [join(root, 'bench/hostile.ts')], outfile: join(root, 'out/bench/hostile.cjs'), bundle: true, platform: 'node', format: 'cjs', logLevel: 'warning' });
  const { SHAPES, PARSER_SHAPES } = require(join(root, 'out/bench/hostile.cjs'));
  const rows = [];
  for (const shape of [...SHAPES, ...PARSER_SHAPES]) {
    if (only && !shape.name.includes(only)) continue;
    const row = { name: shape.name, unit: shape.unit, runs: [] };
    for (const n of shape.sizes) {
      const text = shape.make(n);
      const file = join(root, 'out/bench/hostile', `${shape.name.replace(/\W+/g, '-')}-${n}.md`);
      writeFileSync(file, text);
      const t0 = performance.now();
      const r = spawnSync(process.execPath, ['--max-old-space-size=1024', cli, 'check', '--format', 'json', file], { timeout: timeoutS * 1000, maxBuffer: 1 << 30, encoding: 'buffer' });
      const ms = performance.now() - t0;
      rmSync(file, { force: true });
      const timedOut = r.error?.code === 'ETIMEDOUT' || r.signal === 'SIGTERM';
      row.runs.push({ n, bytes: Buffer.byteLength(text), ms, code: timedOut ? 'timeout' : (r.status ?? r.signal), outBytes: r.stdout?.length ?? 0, stopped: /This file was not checked/.test(String(r.stdout ?? '')), err: String(r.stderr ?? '').split('\n').find((l) => /error|Error/.test(l))?.slice(0, 120) });
    }
    const [a, b] = row.runs;
    row.growth = b.ms / a.ms;
    row.sizeRatio = b.n / a.n;
    rows.push(row);
    const cell = (x) => `${(x.bytes / 1024).toFixed(0)} KB ${x.code === 'timeout' ? `>${timeoutS} s` : `${(x.ms / 1000).toFixed(2)} s`} exit ${x.code}${x.stopped ? ' stopped at a limit' : ''} out ${(x.outBytes / 1024).toFixed(0)} KB`;
    console.log(`  ${shape.name.padEnd(26)} n=${String(a.n).padStart(5)}: ${cell(a).padEnd(44)} n=${String(b.n).padStart(5)}: ${cell(b).padEnd(44)} ×${row.sizeRatio} size → ×${row.growth.toFixed(1)} time`);
    for (const x of row.runs) if (x.err) console.log(`      n=${x.n}: ${x.err}`);
  }
  return rows;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const arg = (f) => { const i = process.argv.indexOf(f); return i > 0 ? process.argv[i + 1] : undefined; };
  console.log('Adversarial plans: plan-author check in a fresh process (time includes Node start-up, ~0.1 s)');
  await runHostile({ timeoutS: Number(arg('--timeout') ?? 60), only: arg('--only'), cli: arg('--cli') ? resolve(arg('--cli')) : undefined });
}
