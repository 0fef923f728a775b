// `npm run fuzz`: the property tests of test/unit/fuzz.test.ts with 100,000 cases (npm test runs 2,000).
//   node scripts/fuzz.mjs [cases] [seed]
import { spawnSync } from 'node:child_process';

const runs = process.argv[2] ?? '100000';
const build = spawnSync(process.execPath, ['scripts/build.mjs'], { stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);
// Progress every 1,000 cases goes to out/fuzz-progress.log (the test runner shows the test's output only at its end).
const env = { ...process.env, PLAN_AUTHOR_FUZZ_RUNS: runs, PLAN_AUTHOR_FUZZ_PROGRESS: process.env.PLAN_AUTHOR_FUZZ_PROGRESS ?? 'out/fuzz-progress.log', ...(process.argv[3] ? { PLAN_AUTHOR_FUZZ_SEED: process.argv[3] } : {}) };
const t0 = Date.now();
const r = spawnSync(process.execPath, ['--test', '--test-reporter=spec', 'out/test/unit/fuzz.test.js'], { stdio: 'inherit', env });
console.log(`fuzz: ${runs} cases in ${((Date.now() - t0) / 1000).toFixed(0)} s, exit ${r.status}`);
process.exit(r.status ?? 1);
