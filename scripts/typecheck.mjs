// `tsc --noEmit` over the project (tsconfig.json), against @types/vscode of the version engines.vscode names: a use of
// a newer VS Code API fails here. Checks that the two agree (vsce refuses @types/vscode newer than engines.vscode).
// Prints `N passed, N failed` like the other suites.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
const typesVersion = JSON.parse(readFileSync(require.resolve('@types/vscode/package.json'), 'utf8')).version;
const engine = pkg.engines.vscode.replace(/^\^/, '');
let failed = 0;
if (typesVersion !== engine) {
  console.log(`✗ @types/vscode is ${typesVersion}, engines.vscode is ^${engine}: pin @types/vscode to ${engine}`);
  failed++;
} else {
  console.log(`✓ @types/vscode ${typesVersion} = engines.vscode ^${engine}`);
}
const tsc = spawnSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', '.', '--noEmit'], { encoding: 'utf8' });
if (tsc.status !== 0) {
  console.log(`✗ tsc -p . against VS Code ${typesVersion}'s API:\n${tsc.stdout}${tsc.stderr}`);
  failed++;
} else {
  console.log(`✓ tsc -p . against VS Code ${typesVersion}'s API`);
}
console.log(`${2 - failed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
