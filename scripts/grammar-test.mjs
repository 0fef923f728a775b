// Grammar fixture tests for the markdown injection grammar (syntaxes/plan.injection.tmLanguage.json).
//
// Runs every test/grammar/*.test.md through vscode-tmgrammar-test's engine (vscode-textmate + oniguruma)
// with VS Code's markdown grammar as the base (from the `tm-grammars` package, which ships
// microsoft/vscode's extensions/markdown-basics/syntaxes/markdown.tmLanguage.json as markdown.json) and
// the grammars contributed in package.json (our injection, via `injectTo`).
//
// Fixture format = vscode-tmgrammar-test's, with `<!--` as the comment token:
//   <!-- SYNTAX TEST "text.html.markdown" "description" -->
//   **Dependencies**: Phase 1
//   <!-- ^^^^^^^^^^^^ keyword.other.dependencies.plan -->
//   <!-- <-- markup.bold.markdown -->
// A trailing ` -->` on the header and on assertion lines is stripped before parsing, so fixtures stay
// valid markdown. Assertion lines are removed before tokenizing, as the tool does.
//
// Counts one result per assertion (each `^^^`/`<--` run), prints failures with the tool's reporter,
// and ends with `N passed, N failed`. Exits 1 on any failure.
import { createRequire } from 'node:module';
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const { loadConfiguration, createRegistry } = require('vscode-tmgrammar-test/dist/common/index.js');
const { parseGrammarTestCase, runGrammarTestCase } = require('vscode-tmgrammar-test/dist/unit/index.js');
const { ConsoleFullReporter } = require('vscode-tmgrammar-test/dist/unit/reporter.js');

const fixtureDir = join(root, 'test', 'grammar');
const baseGrammars = [
  require.resolve('tm-grammars/grammars/markdown.json'),
  // JSON so that the phases block embeds, and HTML so that comments scope, as they do in VS Code.
  require.resolve('tm-grammars/grammars/json.json'),
  require.resolve('tm-grammars/grammars/html.json'),
  require.resolve('tm-grammars/grammars/html-derivative.json'),
];

function finish(passed, failed) {
  console.log(`${passed} passed, ${failed} failed`);
  process.exit(failed ? 1 : 0);
}

const fixtures = existsSync(fixtureDir)
  ? readdirSync(fixtureDir).filter((n) => n.endsWith('.test.md')).sort().map((n) => join(fixtureDir, n))
  : [];
if (fixtures.length === 0) {
  console.log('no grammar fixtures found in test/grammar');
  finish(0, 1);
}

// The markdown grammar embeds dozens of languages we don't load; vscode-textmate warns once for each.
const warn = console.warn;
console.warn = (...args) => {
  if (typeof args[0] === 'string' && args[0].startsWith('grammar not found for')) return;
  warn(...args);
};

const { grammars } = loadConfiguration(join(root, 'package.json'), undefined, baseGrammars);
const registry = createRegistry(grammars);
const reporter = new ConsoleFullReporter();

const assertionLine = /^<!--\s*(\^|<~*-+)/;

// Drops a trailing `-->` from the header and assertion lines, and rejects an assertion with more than one
// ` - ` (the tool's assertion regex backtracks exponentially on those instead of failing).
function prepare(text) {
  return text
    .split(/\r?\n/)
    .map((line, i) => {
      if (!(i === 0 || assertionLine.test(line))) return line;
      const bare = line.replace(/\s*-->\s*$/, '');
      if (i > 0 && bare.split(/\s-(?=\s)/).length > 2) {
        throw new Error(`line ${i + 1}: put all excluded scopes after a single " - "\n${line}`);
      }
      return bare;
    })
    .join('\n');
}

let passed = 0;
let failed = 0;
for (const file of fixtures) {
  const name = relative(root, file);
  let tc;
  try {
    tc = parseGrammarTestCase(prepare(readFileSync(file, 'utf8')));
  } catch (err) {
    reporter.reportParseError(name, err);
    failed++;
    continue;
  }
  let filePassed = 0;
  let fileFailed = 0;
  const failures = [];
  try {
    // One run per assertion so every assertion gets its own pass/fail.
    for (const line of tc.assertions) {
      for (const a of line.scopeAssertions) {
        const single = { ...tc, assertions: [{ ...line, scopeAssertions: [a] }] };
        const f = await runGrammarTestCase(registry, single);
        if (f.length) {
          fileFailed++;
          failures.push(...f);
        } else {
          filePassed++;
        }
      }
    }
  } catch (err) {
    reporter.reportGrammarTestError(name, tc, err);
    failed++;
    continue;
  }
  if (filePassed + fileFailed === 0) {
    console.log(`✗ ${name}: no assertions`);
    failed++;
    continue;
  }
  if (fileFailed) reporter.reportTestResult(name, tc, failures);
  console.log(`${fileFailed ? '✗' : '✓'} ${name}: ${filePassed} passed, ${fileFailed} failed`);
  passed += filePassed;
  failed += fileFailed;
}
console.warn = warn;
finish(passed, failed);
