// `npm run fuzz`: the property tests of test/unit/fuzz.test.ts with 100,000 cases (npm test runs 2,000), split among
// one process per core (PLAN_AUTHOR_FUZZ_PARTS sets how many), each with its share of every property's cases and its
// own seed.
//   node scripts/fuzz.mjs [cases] [seed]
import { spawn, spawnSync } from 'node:child_process';
import { availableParallelism } from 'node:os';

const runs = process.argv[2] ?? '100000';
const parts = Math.max(1, Number(process.env.PLAN_AUTHOR_FUZZ_PARTS ?? availableParallelism()));
const build = spawnSync(process.execPath, ['scripts/build.mjs'], { stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);
// Progress every 1,000 cases of each part goes to out/fuzz-progress.log (the test runner shows a test's output only
// at its end).
const progress = process.env.PLAN_AUTHOR_FUZZ_PROGRESS ?? 'out/fuzz-progress.log';
const t0 = Date.now();
const codes = await Promise.all(
  Array.from({ length: parts }, (_, i) => {
    const env = { ...process.env, PLAN_AUTHOR_FUZZ_RUNS: runs, PLAN_AUTHOR_FUZZ_PART: `${i}/${parts}`, PLAN_AUTHOR_FUZZ_PROGRESS: progress, ...(process.argv[3] ? { PLAN_AUTHOR_FUZZ_SEED: process.argv[3] } : {}) };
    const child = spawn(process.execPath, ['--test', '--test-reporter=spec', 'out/test/unit/fuzz.test.js'], { stdio: 'inherit', env });
    return new Promise((resolve) => child.on('close', (code) => resolve(code ?? 1)));
  }),
);
const failed = codes.filter((c) => c !== 0).length;
console.log(`fuzz: ${runs} cases in ${parts} part${parts > 1 ? 's' : ''} in ${((Date.now() - t0) / 1000).toFixed(0)} s, ${failed ? `${failed} part(s) failed` : 'no failure'}`);
process.exit(failed ? 1 : 0);
