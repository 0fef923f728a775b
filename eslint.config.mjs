// The import boundaries (README, Architecture). ESLint checks nothing else here: only who may import what.
//
//   core      src/model, src/checks, src/graph, src/navigation, src/authoring, src/agents, src/protocol.ts
//             pure code: runs in Node tests, the CLI, the VS Code extension host and the browser (web build, webview).
//             Imports no `vscode`, no Node built-in, no adapter.
//   webview   media/*.ts: the core's graph and protocol in the webview. No `vscode`, no Node built-in, no adapter.
//   engine    src/engine/: parses and checks plans away from the caller's thread, within a time and a memory budget
//             (the editor's checker thread, the command line's checker process). No `vscode`, no adapter; no Node
//             built-in but in processEngine.ts (the web build runs the rest).
//   node      src/cli.ts, src/mcp/, src/nodeFileSystem*.ts: the command line and the MCP server. No `vscode`, nothing of
//             the editor's adapters.
//   editor    src/extension.ts, src/extension/: the VS Code adapters. May import the core and nodeFileSystem, not the
//             CLI or the MCP server.
//
// The patterns match import specifiers as written (relative paths), so they name folders, not resolved files.
import tsParser from '@typescript-eslint/parser';

export const CORE = ['src/model/**/*.ts', 'src/checks/**/*.ts', 'src/graph/**/*.ts', 'src/navigation/**/*.ts', 'src/authoring/**/*.ts', 'src/agents/**/*.ts', 'src/protocol.ts'];
export const WEBVIEW = ['media/**/*.ts'];
export const NODE = ['src/cli.ts', 'src/mcp/**/*.ts', 'src/nodeFileSystem.ts', 'src/nodeFileSystem.web.ts'];
export const EDITOR = ['src/extension.ts', 'src/extension/**/*.ts'];
export const ENGINE = ['src/engine/**/*.ts'];

// A relative specifier that ends in, or passes through, one of these names.
const rel = (names) => `^\\.{1,2}/(?:.*/)?(?:${names.join('|')})(?:\\.web)?(?:\\.[cm]?[jt]s)?(?:/.*)?$`;
const EDITOR_ADAPTERS = rel(['extension']);
const NODE_ADAPTERS = rel(['cli', 'mcp', 'nodeFileSystem']);
const NODE_BUILTINS = ['assert', 'buffer', 'child_process', 'crypto', 'events', 'fs', 'fs/promises', 'http', 'https', 'module', 'net', 'os', 'path', 'process', 'readline', 'stream', 'url', 'util', 'worker_threads', 'zlib'];

const vscode = { name: 'vscode', message: 'Only the editor adapters (src/extension/) import vscode.' };
const editorAdapters = { regex: EDITOR_ADAPTERS, message: 'The editor adapters (src/extension/, src/extension.ts) import this code, not the other way round.' };
const nodeAdapters = { regex: NODE_ADAPTERS, message: 'The CLI, the MCP server and nodeFileSystem are adapters over this code, not part of it.' };
const browserSafe = 'This code also runs in the browser: no Node built-ins (take a PlanFileSystem instead).';
const builtinNames = NODE_BUILTINS.map((name) => ({ name, message: browserSafe }));
const builtinPrefix = { regex: '^node:', message: browserSafe };

// require('…'), import('…') and import('…') types of the same modules (no-restricted-imports sees only import and
// export declarations).
function dynamic(regex, message) {
  const r = `/${regex.replace(/\//g, '\\/')}/`;
  return [
    { selector: `CallExpression[callee.name='require'] > Literal.arguments[value=${r}]`, message },
    { selector: `ImportExpression > Literal.source[value=${r}]`, message },
    { selector: `TSImportType Literal[value=${r}]`, message },
  ];
}

function boundary(files, restricted) {
  return {
    files,
    rules: {
      'no-restricted-imports': ['error', { paths: restricted.filter((r) => r.name), patterns: restricted.filter((r) => r.regex) }],
      'no-restricted-syntax': ['error', ...restricted.flatMap((r) => dynamic(r.regex ?? `^${r.name}$`, r.message))],
    },
  };
}

const modelBottom = { regex: rel(['checks', 'graph', 'navigation', 'authoring', 'agents', 'protocol']), message: 'src/model/ is read by the rest of the core and imports none of it.' };
const editorNoNode = { regex: rel(['cli', 'mcp']), message: 'The editor does not import the command line or the MCP server; share code through the core.' };
const settingsMessage = 'Read planAuthor.* settings through settings() and onDidChangeSettings() of src/extension/config.ts.';
const readsSettings = [
  { selector: "CallExpression[callee.property.name='getConfiguration'] > Literal.arguments[value=/^planAuthor(\\.|$)/]", message: settingsMessage },
  { selector: "CallExpression[callee.property.name='affectsConfiguration'] > Literal.arguments[value=/^planAuthor(\\.|$)/]", message: settingsMessage },
];
const registersCommands = [
  { selector: "CallExpression[callee.property.name=/^register(TextEditor)?Command$/]", message: 'Commands are registered in the command table, src/extension/commands.ts.' },
];

/** Each [file, selectors] pair: those selectors are reported in every file of `files` but that one. */
function oneHome(files, homes) {
  const base = dynamic(editorNoNode.regex, editorNoNode.message);
  const all = homes.flatMap(([, selectors]) => selectors);
  return [
    { files, ignores: homes.map(([file]) => file), rules: { 'no-restricted-syntax': ['error', ...base, ...all] } },
    ...homes.map(([file, own]) => ({ files: [file], rules: { 'no-restricted-syntax': ['error', ...base, ...all.filter((x) => !own.includes(x))] } })),
  ];
}

export default [
  {
    files: ['src/**/*.ts', 'media/**/*.ts'],
    languageOptions: { parser: tsParser, ecmaVersion: 2022, sourceType: 'module' },
    // A boundary is not waived by a comment in the file that crosses it.
    linterOptions: { noInlineConfig: true, reportUnusedDisableDirectives: 'off' },
  },
  boundary([...CORE, ...WEBVIEW], [vscode, editorAdapters, nodeAdapters, builtinPrefix, ...builtinNames]),
  // The model is the bottom of the core: it reads plans and imports nothing of what reads the model (but index.ts,
  // the entry of dist/model.js, which also hands out the checks).
  { ...boundary(['src/model/**/*.ts'], [vscode, editorAdapters, nodeAdapters, builtinPrefix, ...builtinNames, modelBottom]), ignores: ['src/model/index.ts'] },
  { ...boundary(ENGINE, [vscode, editorAdapters, nodeAdapters, builtinPrefix, ...builtinNames]), ignores: ['src/engine/processEngine.ts'] },
  boundary(['src/engine/processEngine.ts'], [vscode, editorAdapters, nodeAdapters]),
  boundary(NODE, [vscode, editorAdapters]),
  boundary(EDITOR, [editorNoNode]),
  // One home each in the editor adapters: the `planAuthor.*` settings are read in config.ts, commands are registered
  // in commands.ts (the command table).
  ...oneHome(EDITOR, [
    ['src/extension/config.ts', readsSettings],
    ['src/extension/commands.ts', registersCommands],
  ]),
];
