// The `lint` suite: ESLint (eslint.config.mjs) over src/ and media/, which checks the import boundaries of the
// README's Architecture section. First it proves that the rules bite: imports that cross a boundary, linted as if
// they were files in those folders, must be reported, and imports that stay inside must not. Then every source
// file must lint clean. Prints `N passed, N failed` like the other suites.
import { ESLint } from 'eslint';

const eslint = new ESLint();
let passed = 0;
let failed = 0;
function report(ok, what, detail = '') {
  if (ok) passed++;
  else failed++;
  console.log(`${ok ? '✓' : '✗'} ${what}${!ok && detail ? `\n${detail}` : ''}`);
}

// [file it is linted as, code, should it be reported]
const cases = [
  ['src/model/sample.ts', "import * as vscode from 'vscode';", true],
  ['src/checks/sample.ts', "import type { Uri } from 'vscode';", true],
  ['src/model/sample.ts', "const vscode = require('vscode');", true],
  ['src/graph/sample.ts', "export async function f() { return import('vscode'); }", true],
  ['src/model/sample.ts', "import { loadModel } from '../extension/modelLoader';", true],
  ['src/navigation/sample.ts', "import type { TreeNode } from '../extension/phaseTree';", true],
  ['src/protocol.ts', "import { activate } from './extension';", true],
  ['src/agents/sample.ts', "export { activate } from '../extension';", true],
  ['src/authoring/sample.ts', "import { MAX_BYTES } from '../cli';", true],
  ['src/checks/sample.ts', "import { nodeFileSystem } from '../nodeFileSystem';", true],
  ['src/graph/sample.ts', "import { realRoots } from '../mcp/files';", true],
  ['src/model/sample.ts', "import type { Finding } from '../checks/types';", true],
  ['src/model/sample.ts', "import { buildTree } from '../navigation/treeModel';", true],
  ['src/model/sample.ts', "import * as path from 'path';", true],
  ['src/model/sample.ts', "import { readFile } from 'node:fs/promises';", true],
  ['media/sample.ts', "import { graphHtml } from '../src/extension/graphHtml';", true],
  ['media/sample.ts', "import * as vscode from 'vscode';", true],
  ['src/cli.ts', "import * as vscode from 'vscode';", true],
  ['src/mcp/sample.ts', "import { planCache } from '../extension/planCache';", true],
  ['src/extension/sample.ts', "import { runCli } from '../cli';", true],
  ['src/engine/sample.ts', "import * as vscode from 'vscode';", true],
  ['src/engine/sample.ts', "import { loadModel } from '../extension/modelLoader';", true],
  ['src/engine/sample.ts', "import { main } from '../cli';", true],
  ['src/engine/planJob.ts', "import * as v8 from 'node:v8';", true],
  ['src/extension/sample.ts', "import * as vscode from 'vscode';\nconst globs = vscode.workspace.getConfiguration('planAuthor').get('planGlobs');", true],
  ['src/extension/sample.ts', "import * as vscode from 'vscode';\nconst on = (e: vscode.ConfigurationChangeEvent) => e.affectsConfiguration('planAuthor.rules');", true],
  ['src/extension/sample.ts', "import * as vscode from 'vscode';\nexport const d = vscode.commands.registerCommand('planAuthor.x', () => 1);", true],
  ['src/extension/config.ts', "import * as vscode from 'vscode';\nexport const d = vscode.commands.registerCommand('planAuthor.x', () => 1);", true],
  ['src/extension/commands.ts', "import * as vscode from 'vscode';\nconst cfg = vscode.workspace.getConfiguration('planAuthor');", true],
  // A comment does not waive a boundary.
  ['src/model/sample.ts', "// eslint-disable-next-line no-restricted-imports\nimport * as vscode from 'vscode';", true],
  // Inside the boundaries.
  ['src/model/sample.ts', "import type { PlanModel } from './types';", false],
  ['src/engine/processEngine.ts', "import { fork } from 'node:child_process';", false],
  ['src/cli.ts', "import { processEngine } from './engine/processEngine';", false],
  ['src/extension/sample.ts', "import { ThreadEngine } from '../engine/threadEngine';", false],
  ['src/graph/sample.ts', "import { phaseProgress } from '../navigation/treeModel';", false],
  ['src/checks/sample.ts', "import { extensionOf } from './extensionOf';", false],
  ['media/sample.ts', "import { analyze } from '../src/graph/analysis';", false],
  ['src/cli.ts', "import * as fs from 'node:fs';\nimport { nodeFileSystem } from './nodeFileSystem';", false],
  ['src/extension/sample.ts', "import * as vscode from 'vscode';\nconst size = vscode.workspace.getConfiguration('markdown.preview').get('fontSize');", false],
  ['src/extension/config.ts', "import * as vscode from 'vscode';\nconst cfg = vscode.workspace.getConfiguration('planAuthor');", false],
  ['src/extension/commands.ts', "import * as vscode from 'vscode';\nexport const d = vscode.commands.registerCommand('planAuthor.x', () => 1);", false],
  ['src/extension/sample.ts', "import * as vscode from 'vscode';\nimport * as path from 'path';\nimport { nodeFileSystem } from '../nodeFileSystem';", false],
];
for (const [filePath, code, bad] of cases) {
  const [result] = await eslint.lintText(code, { filePath, warnIgnored: true });
  const boundary = result.messages.filter((m) => m.ruleId === 'no-restricted-imports' || m.ruleId === 'no-restricted-syntax');
  const ok = bad ? boundary.length > 0 : result.messages.length === 0;
  report(ok, `${bad ? 'reported' : 'allowed'}: ${code.split('\n').pop()} in ${filePath}`, result.messages.map((m) => `  ${m.line}:${m.column} ${m.ruleId ?? ''} ${m.message}`).join('\n'));
}

const results = await eslint.lintFiles(['src', 'media']);
for (const r of results) {
  const file = r.filePath.slice(process.cwd().length + 1);
  report(r.messages.length === 0, file, r.messages.map((m) => `  ${file}:${m.line}:${m.column} ${m.ruleId ?? ''} ${m.message}`).join('\n'));
}
if (results.length < 40) report(false, `ESLint linted only ${results.length} files of src/ and media/`);

console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
