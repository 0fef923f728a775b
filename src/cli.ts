// plan-author: the command-line checker. Same parser, same rules, same status.yaml lookup as the editor, so a plan
// gets the same findings in CI as in VS Code. No `vscode` import.
//
//   plan-author check [--format text|json|sarif] [--preset P] [--rule code=level]… <files, folders or globs…>
//   plan-author rules            the table of rule codes
//   plan-author doc <code>       why a rule exists, with a bad and a good example
//   plan-author mcp [folders…]   the same checks as tools for coding agents (src/mcp/server.ts)
//
// Each file is parsed and checked in a child process (this same file, run as one) within a time limit and a memory
// limit: a file that would take longer, or more, gets one information finding saying it was not checked, the process
// is ended, and the run goes on with a fresh one.
//
// Exit status: 0 no error finding, 1 at least one error finding, 2 usage error (unknown flag, no such file),
// 3 an internal error on some file (the others are still checked), 4 a file named on the command line could not be
// read (not a regular file, too big, binary, a link out of the folders checked) or no file at all could be read.
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as modelLib from './model/index';
import { parsePlan, checkPlan, RULES, PRESET_IDS } from './model/index';
import type { Finding, PlanModel, PresetId, RuleSetting, StatusInfo, Rule } from './model/index';
import { MAX_FILE_BYTES, findStatusFile, readTextFile } from './model/files';
import { readsAsPlan } from './model/planText';
import { nodeFileSystem, posixPath } from './nodeFileSystem';
import { fileReport, location } from './checks/report';
import { processEngine, serveChecksToParent } from './engine/processEngine';
import type { CheckEngine } from './engine/planJob';
import pkg from '../package.json';

export const MAX_BYTES = MAX_FILE_BYTES;
const FORMATS = ['text', 'json', 'sarif'] as const;
type Format = (typeof FORMATS)[number];
const LEVELS: RuleSetting[] = ['off', 'information', 'warning', 'error'];
const INFO_URI = ((pkg as { homepage?: string }).homepage ?? 'https://github.com/plan-author/plan-author').replace(/#.*$/, '');
const RULES_DOC = `${INFO_URI}/blob/main/docs/rules.md`;

/** How long checking one file may take by default (seconds; `--time-limit`). */
export const DEFAULT_TIME_LIMIT_S = 10;
/** The memory the process that checks files may use by default (MB; `--max-memory`): a file that needs more is not checked. */
export const DEFAULT_MAX_MEMORY_MB = 512;
/** What dist/cli.js is told (PLAN_AUTHOR_CHECKER) when it runs as the process that checks files. */
const WORKER_ROLE = 'plan-author-check-worker';

export class UsageError extends Error {}

export interface CheckArgs {
  format: Format;
  preset: PresetId | 'auto';
  rules: Record<string, RuleSetting>;
  inputs: string[];
  /** Seconds one file's check may take; 0: no limit. */
  timeLimit: number;
  /** The memory (MB) the process that checks files may use. */
  maxMemory: number;
}

export interface FileResult {
  /** The path as given (or as found below a folder given). */
  path: string;
  abs: string;
  text: string;
  model: PlanModel;
  findings: Finding[];
}

export interface Output {
  stdout: string;
  stderr: string;
  code: number;
}

const HELP = `plan-author ${pkg.version}: check implementation plans written in markdown

Usage:
  plan-author check [options] <files, folders or globs…>
  plan-author rules              list the rules
  plan-author doc <code>         explain a rule, with a bad and a good example
  plan-author mcp [folders…]     serve the checks to coding agents (Model Context Protocol over stdio);
                                 plan files are read only inside the folders given (default: the current one)
  plan-author --help | --version

Options of check:
  --format text|json|sarif       output format (default: text)
  --preset auto|${PRESET_IDS.join('|')}
                                 the template plans are checked against (default: auto, detected per plan)
  --rule <code>=off|information|warning|error
                                 turn a rule off or change its severity (repeatable)
  --time-limit <seconds>         how long checking one file may take (default: ${DEFAULT_TIME_LIMIT_S}; 0: no limit)
  --max-memory <MB>              how much memory checking one file may use (default: ${DEFAULT_MAX_MEMORY_MB})

Folders are searched for *.md files (node_modules and dot-folders skipped); markdown found that way is checked only
when it reads as a plan. Globs: *, **, ?, [abc], {a,b} (quote them so the shell leaves them alone).
Files over ${MAX_FILE_BYTES / 1e6} MB, binary files, pipes and devices are not read, and a symbolic link only
when it leads inside the current folder or a folder given. A file whose check takes longer than the time limit,
or more memory than the limit, is not checked: it gets one too-complex finding (information) saying so.
Exit status: 0 no errors, 1 errors found, 2 usage error, 3 internal error on some file (the others are
checked), 4 a file named could not be read, or none could.
`;

// ---------------------------------------------------------------------------------------------------------------
// arguments

function takeValue(argv: string[], i: number, flag: string): [string, number] {
  const a = argv[i];
  const eq = a.indexOf('=');
  if (a.startsWith('--') && eq > 0) return [a.slice(eq + 1), i];
  if (i + 1 >= argv.length) throw new UsageError(`${flag} needs a value`);
  return [argv[i + 1], i + 1];
}

export function parseCheckArgs(argv: string[]): CheckArgs {
  const out: CheckArgs = { format: 'text', preset: 'auto', rules: {}, inputs: [], timeLimit: DEFAULT_TIME_LIMIT_S, maxMemory: DEFAULT_MAX_MEMORY_MB };
  const codes = new Set(RULES.map((r) => r.code));
  let rest = false;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (rest || a === '-' || !a.startsWith('-')) {
      out.inputs.push(a);
      continue;
    }
    if (a === '--') {
      rest = true;
      continue;
    }
    const flag = a.replace(/=.*$/, '');
    let v: string;
    switch (flag) {
      case '--format':
      case '-f':
        [v, i] = takeValue(argv, i, flag);
        if (!(FORMATS as readonly string[]).includes(v)) throw new UsageError(`unknown format "${v}"; use ${FORMATS.join(', ')}`);
        out.format = v as Format;
        break;
      case '--preset':
        [v, i] = takeValue(argv, i, flag);
        if (v !== 'auto' && !(PRESET_IDS as string[]).includes(v)) throw new UsageError(`unknown preset "${v}"; use auto, ${PRESET_IDS.join(', ')}`);
        out.preset = v as PresetId | 'auto';
        break;
      case '--rule': {
        [v, i] = takeValue(argv, i, flag);
        const m = /^([\w-]+)\s*[=:]\s*(\w+)$/.exec(v);
        if (!m) throw new UsageError(`--rule takes code=level, e.g. --rule missing-subsection=off (got "${v}")`);
        if (!codes.has(m[1])) throw new UsageError(`unknown rule "${m[1]}"${suggest(m[1], [...codes])}; "plan-author rules" lists them`);
        if (!LEVELS.includes(m[2] as RuleSetting)) throw new UsageError(`unknown level "${m[2]}" for ${m[1]}; use ${LEVELS.join(', ')}`);
        out.rules[m[1]] = m[2] as RuleSetting;
        break;
      }
      case '--time-limit': {
        [v, i] = takeValue(argv, i, flag);
        const seconds = Number(v);
        if (!/^\d+(\.\d+)?$/.test(v.trim()) || !Number.isFinite(seconds)) throw new UsageError(`--time-limit takes a number of seconds, 0 for none (got "${v}")`);
        out.timeLimit = seconds;
        break;
      }
      case '--max-memory': {
        [v, i] = takeValue(argv, i, flag);
        if (!/^\d+$/.test(v.trim()) || Number(v) < 16) throw new UsageError(`--max-memory takes a number of megabytes, at least 16 (got "${v}")`);
        out.maxMemory = Number(v);
        break;
      }
      default:
        throw new UsageError(`unknown option "${a}"; see plan-author --help`);
    }
  }
  if (!out.inputs.length) throw new UsageError('no files to check; give files, folders or globs (see plan-author --help)');
  return out;
}

function suggest(word: string, options: string[]): string {
  const near = options.find((o) => o.startsWith(word) || word.startsWith(o) || o.includes(word));
  return near ? ` (did you mean "${near}"?)` : '';
}

// ---------------------------------------------------------------------------------------------------------------
// files, folders and globs

/** A glob as a RegExp over POSIX paths: `**` any folders, `*` and `?` within a name, `[…]`, `{a,b}`. */
export function globToRegExp(glob: string): RegExp {
  let re = '';
  let braces = 0;
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i];
    if (c === '*') {
      if (glob[i + 1] === '*') {
        const slashAfter = glob[i + 2] === '/';
        const atSegmentStart = i === 0 || glob[i - 1] === '/';
        i += slashAfter && atSegmentStart ? 2 : 1;
        re += slashAfter && atSegmentStart ? '(?:[^/]*/)*' : '.*';
      } else re += '[^/]*';
    } else if (c === '?') re += '[^/]';
    else if (c === '[') {
      const end = glob.indexOf(']', i + 2);
      if (end < 0) re += '\\[';
      else {
        let cls = glob.slice(i + 1, end).replace(/\\/g, '\\\\');
        if (cls[0] === '!') cls = `^${cls.slice(1)}`;
        re += `[${cls}]`;
        i = end;
      }
    } else if (c === '{') {
      braces++;
      re += '(?:';
    } else if (c === '}' && braces) {
      braces--;
      re += ')';
    } else if (c === ',' && braces) re += '|';
    else if (c === '\\' && i + 1 < glob.length) re += `\\${glob[++i]}`;
    else re += c.replace(/[.+^$()|\]\\/]/g, '\\$&');
  }
  return new RegExp(`^${re}$`);
}

const isGlob = (s: string) => /[*?[{]/.test(s);

/** Every `*.md` below `dir` (sorted, node_modules and dot-folders skipped), as POSIX paths relative to `dir`. */
function walk(dir: string, rel = ''): string[] {
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(path.join(dir, rel), { withFileTypes: true });
  } catch {
    return [];
  }
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const out: string[] = [];
  for (const e of entries) {
    const r = rel ? `${rel}/${e.name}` : e.name;
    if (e.isDirectory()) {
      if (e.name === 'node_modules' || e.name.startsWith('.')) continue;
      out.push(...walk(dir, r));
    } else if ((e.isFile() || e.isSymbolicLink()) && /\.md$/i.test(e.name)) out.push(r);
  }
  return out;
}

export interface Input {
  /** The path to print: as given, or the folder/glob base as given joined with the rest. */
  shown: string;
  abs: string;
  /** Found below a folder or by a glob, rather than named. */
  found: boolean;
  /** The folder it was found in (the folder or the glob's base given), or the named file's folder. */
  root: string;
}

/** Files named, folders expanded to their markdown files, globs matched; a name matching nothing is a usage error. */
export function expandInputs(inputs: string[], cwd = process.cwd()): Input[] {
  const out: Input[] = [];
  const seen = new Set<string>();
  const add = (i: Input) => {
    if (seen.has(i.abs)) return;
    seen.add(i.abs);
    out.push(i);
  };
  for (const given of inputs) {
    const abs = path.resolve(cwd, given);
    let stat: fs.Stats | undefined;
    try {
      stat = fs.statSync(abs);
    } catch {
      stat = undefined;
    }
    if (stat?.isDirectory()) {
      const base = given.replace(/[\\/]+$/, '');
      for (const rel of walk(abs)) add({ shown: `${base}/${rel}`, abs: path.join(abs, rel), found: true, root: abs });
      continue;
    }
    if (stat) {
      add({ shown: given, abs, found: false, root: path.dirname(abs) });
      continue;
    }
    if (!isGlob(given)) throw new UsageError(`no such file or folder: ${given}`);
    // The glob's fixed leading folders are where the walk starts.
    const parts = posixPath(given).split('/');
    const fixed: string[] = [];
    while (parts.length > 1 && !isGlob(parts[0])) fixed.push(parts.shift()!);
    const baseShown = fixed.join('/');
    const baseAbs = path.resolve(cwd, baseShown || '.');
    const re = globToRegExp(parts.join('/'));
    const hits = walk(baseAbs).filter((rel) => re.test(rel));
    if (!hits.length) throw new UsageError(`no markdown files match ${given}`);
    for (const rel of hits) add({ shown: baseShown ? `${baseShown}/${rel}` : rel, abs: path.join(baseAbs, rel), found: true, root: baseAbs });
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------------
// checking

export function checkText(text: string, file: string, args: Pick<CheckArgs, 'preset' | 'rules'>, status?: StatusInfo, previous?: PlanModel) {
  const model = parsePlan(text, { preset: args.preset, previous });
  const findings = checkPlan(model, { fileName: path.basename(file), status, rules: args.rules, text });
  return { model, findings };
}

export interface CheckRun {
  files: FileResult[];
  /** One line per file that was not checked (too big, binary, unreadable). */
  skipped: string[];
  /** Markdown found below a folder that does not read as a plan. */
  notPlans: number;
  /** Files named on the command line that could not be read. */
  unreadableNamed: number;
  /** One line per file whose check failed with an internal error. */
  errors: string[];
}

/**
 * A child process (this file run again, see the end) that checks one file at a time within `timeLimit` seconds and
 * `maxMemory` MB; undefined when this file is not a script that can be run so (then files are checked in this one).
 */
export function startEngine(timeLimit: number, maxMemory: number): CheckEngine | undefined {
  if (!__filename.endsWith('.js') || !fs.existsSync(__filename)) return undefined;
  const engine = processEngine(__filename, maxMemory, { role: WORKER_ROLE });
  // No limit: a day stands for none (a timer takes at most 2^31 ms).
  engine.budgetMs = timeLimit > 0 ? Math.max(1, Math.round(timeLimit * 1000)) : 86_400_000;
  return engine;
}

/** The one finding of a file that was not checked (too long, too much memory), as `--rule too-complex=…` sets it. */
function notChecked(args: Pick<CheckArgs, 'rules'>, why: string): Finding[] {
  const setting = args.rules['too-complex'];
  if (setting === 'off') return [];
  const at = { line: 0, character: 0 };
  return [{ code: 'too-complex', severity: setting ?? 'information', message: `This file was not checked: ${why}.`, range: { start: at, end: at } }];
}

/**
 * `check` reads one file's text into its model and findings: by default in the checker process (startEngine); a test passes
 * its own `check` (one that fails on a file), which runs in this thread.
 */
export async function runCheck(args: CheckArgs, cwd = process.cwd(), check?: typeof checkText): Promise<CheckRun> {
  const run: CheckRun = { files: [], skipped: [], notPlans: 0, unreadableNamed: 0, errors: [] };
  const inputs = expandInputs(args.inputs, cwd);
  const engine = check || !inputs.length ? undefined : startEngine(args.timeLimit ?? DEFAULT_TIME_LIMIT_S, args.maxMemory ?? DEFAULT_MAX_MEMORY_MB);
  try {
    for (const input of inputs) {
      // Each file on its own: whatever goes wrong with one is reported for it and the run goes on.
      try {
        const roots = [cwd, input.root];
        const read = await readTextFile(nodeFileSystem, input.abs, { maxBytes: MAX_BYTES, roots });
        if (!read.ok) {
          run.skipped.push(`${input.shown}: not checked: ${read.message}`);
          if (!input.found) run.unreadableNamed++;
          continue;
        }
        const text = read.text;
        // The status.yaml that belongs to the plan, found and read as the editor does (see model/files.ts).
        const status = await findStatusFile(nodeFileSystem, posixPath(input.abs), { roots });
        if (!engine) {
          const { model, findings } = (check ?? checkText)(text, input.abs, args, status);
          // Markdown found below a folder is checked when it reads as a plan, as in the editor's workspace check.
          if (input.found && !readsAsPlan(model, text)) {
            run.notPlans++;
            continue;
          }
          run.files.push({ path: input.shown, abs: input.abs, text, model, findings });
          continue;
        }
        const outcome = await engine.run({
          key: input.abs,
          text,
          preset: args.preset,
          fileName: path.basename(input.abs),
          rules: args.rules,
          status,
          keep: false,
          onlyIfPlan: input.found,
          whole: true,
        });
        if (outcome.kind === 'done') {
          if (!outcome.result.isPlan) run.notPlans++;
          else run.files.push({ path: input.shown, abs: input.abs, text, model: outcome.result.model, findings: outcome.result.findings });
          continue;
        }
        const unchecked = (why: string) => run.files.push({ path: input.shown, abs: input.abs, text, model: parsePlan('', { preset: args.preset }), findings: notChecked(args, why) });
        if (outcome.kind === 'over-budget') unchecked(`checking it took longer than the time limit of ${args.timeLimit} s (--time-limit sets it)`);
        else if (outcome.kind === 'failed' && /out of memory/i.test(outcome.message)) unchecked(`checking it needed more than ${args.maxMemory ?? DEFAULT_MAX_MEMORY_MB} MB of memory (--max-memory sets it)`);
        else run.errors.push(`${input.shown}: internal error: ${outcome.kind === 'failed' ? outcome.message : outcome.kind}`);
      } catch (e) {
        run.errors.push(`${input.shown}: internal error: ${(e as Error).stack ?? e}`);
      }
    }
  } finally {
    engine?.dispose();
  }
  return run;
}

/** The exit status of a check run (see the top of this file and the README). */
export function exitCode(run: CheckRun): number {
  if (run.errors.length) return 3;
  if (run.unreadableNamed || (!run.files.length && !run.notPlans && run.skipped.length)) return 4;
  return run.files.some((f) => f.findings.some((x) => x.severity === 'error')) ? 1 : 0;
}

// ---------------------------------------------------------------------------------------------------------------
// output

export { location };

export function toJson(run: CheckRun) {
  return {
    version: 1,
    files: run.files.map(fileReport),
  };
}

const SARIF_LEVEL = { error: 'error', warning: 'warning', information: 'note' } as const;

function ruleHelp(r: Rule): { text: string; markdown: string } {
  const text = `${r.description}\n\nWhy: ${r.doc.why}\n\nBad:\n${r.doc.bad}\nGood:\n${r.doc.good}`;
  const fence = (s: string) => `\`\`\`\`markdown\n${s.replace(/\n$/, '')}\n\`\`\`\``;
  const markdown = `${r.description}\n\n**Why:** ${r.doc.why}\n\n**Bad:**\n\n${fence(r.doc.bad)}\n\n**Good:**\n\n${fence(r.doc.good)}\n`;
  return { text, markdown };
}

export function toSarif(run: CheckRun, args: Pick<CheckArgs, 'rules'>, cwd = process.cwd()) {
  const index = new Map(RULES.map((r, i) => [r.code, i]));
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'plan-author',
            version: pkg.version,
            semanticVersion: pkg.version,
            informationUri: INFO_URI,
            rules: RULES.map((r) => {
              const setting = args.rules[r.code];
              const level = setting && setting !== 'off' ? setting : r.severity;
              return {
                id: r.code,
                name: r.code.replace(/(^|-)(\w)/g, (_, __, c: string) => c.toUpperCase()),
                shortDescription: { text: r.description },
                fullDescription: { text: r.doc.why },
                help: ruleHelp(r),
                helpUri: `${RULES_DOC}#${r.code}`,
                defaultConfiguration: { level: SARIF_LEVEL[level], ...(setting === 'off' ? { enabled: false } : {}) },
              };
            }),
          },
        },
        columnKind: 'utf16CodeUnits',
        results: run.files.flatMap((f) => {
          const uri = encodeURI(posixPath(path.relative(cwd, f.abs)));
          return f.findings.map((x) => {
            const loc = location(f.text, x);
            return {
              ruleId: x.code,
              ruleIndex: index.get(x.code),
              level: SARIF_LEVEL[x.severity],
              message: { text: x.message },
              locations: [
                {
                  physicalLocation: {
                    artifactLocation: { uri },
                    region: { startLine: loc.line, startColumn: loc.column, endLine: loc.endLine, endColumn: loc.endColumn },
                  },
                },
              ],
            };
          });
        }),
      },
    ],
  };
}

function plural(n: number, word: string) {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

export function toText(run: CheckRun): string {
  const lines: string[] = [];
  const count = { error: 0, warning: 0, information: 0 };
  for (const f of run.files) {
    for (const x of f.findings) {
      const l = location(f.text, x);
      count[x.severity]++;
      lines.push(`${f.path}:${l.line}:${l.column} ${x.severity} ${x.code} ${x.message.replace(/\s*\n\s*/g, ' ')}`);
    }
  }
  const withFindings = run.files.filter((f) => f.findings.length).length;
  const total = count.error + count.warning + count.information;
  const summary = total
    ? `${plural(total, 'problem')} (${plural(count.error, 'error')}, ${plural(count.warning, 'warning')}, ${count.information} information) in ${plural(withFindings, 'file')} of ${plural(run.files.length, 'plan')} checked`
    : `No problems in ${plural(run.files.length, 'plan')} checked`;
  if (lines.length) lines.push('');
  lines.push(summary + (run.notPlans ? `; ${plural(run.notPlans, 'markdown file')} skipped (not plans)` : ''));
  return `${lines.join('\n')}\n`;
}

export function rulesTable(): string {
  const w = Math.max(...RULES.map((r) => r.code.length));
  const rows = RULES.map((r) => `${r.code.padEnd(w)}  ${r.severity.padEnd(11)}  ${r.description}`);
  return `${'code'.padEnd(w)}  ${'severity'.padEnd(11)}  description\n${rows.join('\n')}\n`;
}

export function ruleDoc(code: string): string {
  const r = RULES.find((x) => x.code === code);
  if (!r) throw new UsageError(`unknown rule "${code}"${suggest(code, RULES.map((x) => x.code))}; "plan-author rules" lists them`);
  const indent = (s: string) => s.replace(/\n$/, '').split('\n').map((l) => `    ${l}`).join('\n');
  return `${r.code} (${r.severity})\n${r.description}\n\nWhy: ${r.doc.why}\n\nBad:\n${indent(r.doc.bad)}\n\nGood:\n${indent(r.doc.good)}\n`;
}

// ---------------------------------------------------------------------------------------------------------------
// main

export async function main(argv: string[], cwd = process.cwd(), check?: typeof checkText): Promise<Output> {
  const out: Output = { stdout: '', stderr: '', code: 0 };
  try {
    const [cmd, ...rest] = argv;
    if (!cmd || cmd === '--help' || cmd === '-h' || cmd === 'help' || rest.includes('--help') || rest.includes('-h')) {
      if (!cmd) {
        out.stderr = HELP;
        out.code = 2;
      } else out.stdout = HELP;
      return out;
    }
    if (cmd === '--version' || cmd === '-v' || cmd === 'version') {
      out.stdout = `${pkg.version}\n`;
      return out;
    }
    if (cmd === 'rules') {
      if (rest.length) throw new UsageError(`"rules" takes no arguments (got ${rest.join(' ')})`);
      out.stdout = rulesTable();
      return out;
    }
    if (cmd === 'doc') {
      if (rest.length !== 1) throw new UsageError('usage: plan-author doc <code>; "plan-author rules" lists the codes');
      out.stdout = ruleDoc(rest[0]);
      return out;
    }
    if (cmd === 'mcp') throw new UsageError('mcp runs a server on stdin/stdout: start it as "plan-author mcp [folders…]"');
    if (cmd !== 'check') throw new UsageError(`unknown command "${cmd}"; use check, rules, doc or mcp (see plan-author --help)`);
    const args = parseCheckArgs(rest);
    const run = await runCheck(args, cwd, check);
    if (args.format === 'json') out.stdout = `${JSON.stringify(toJson(run), null, 2)}\n`;
    else if (args.format === 'sarif') out.stdout = `${JSON.stringify(toSarif(run, args, cwd), null, 2)}\n`;
    else out.stdout = toText(run);
    const notes = [...run.skipped, ...run.errors];
    if (notes.length) out.stderr = `${notes.join('\n')}\n`;
    out.code = exitCode(run);
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    out.stderr += `plan-author: ${e.message}\n`;
    out.code = 2;
  }
  return out;
}

/**
 * A signal (Ctrl+C, a CI job's timeout, a closed terminal) ends the run as an exit does, so that the checker process
 * it started is killed with it (processEngine) instead of reading its plan on alone.
 */
function exitOnSignals(): void {
  for (const [signal, n] of [['SIGINT', 2], ['SIGTERM', 15], ['SIGHUP', 1]] as const) process.on(signal, () => process.exit(128 + n));
}

if (process.env.PLAN_AUTHOR_CHECKER === WORKER_ROLE && process.send) {
  // This file as the process that checks files (startEngine): the same answers as the editor's dist/planWorker.js.
  serveChecksToParent(modelLib);
} else if (require.main === module && process.argv[2] === 'mcp') {
  exitOnSignals();
  // The MCP server (and the SDK) load only for this command: `check` starts as fast as before.
  import('./mcp/server')
    .then((m) => m.runMcp(process.argv.slice(3)))
    .then((code) => {
      if (code !== undefined) process.exitCode = code;
    })
    .catch((e) => {
      process.stderr.write(`plan-author: internal error: ${(e as Error).stack ?? e}\n`);
      process.exitCode = 3;
    });
} else if (require.main === module) {
  exitOnSignals();
  main(process.argv.slice(2))
    .catch((e): Output => ({ stdout: '', stderr: `plan-author: internal error: ${(e as Error).stack ?? e}\n`, code: 3 }))
    .then((result) => {
      if (result.stderr) process.stderr.write(result.stderr);
      process.stdout.write(result.stdout, () => process.exit(result.code));
    });
}
