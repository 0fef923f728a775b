// `plan-author mcp [folders…]`: Plan Author as a Model Context Protocol server over stdio, for coding agents. Five
// read-only tools over the same engine as the editor and `plan-author check`: check_plan, plan_outline,
// ready_phases, new_plan, explain_rule. Files are read only inside the folders given at start (the current folder
// when none); nothing is written and nothing is executed. Built on the official SDK; bundled into dist/cli.js only.
import * as path from 'node:path';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import * as z from 'zod/v4';
import * as lib from '../model/index';
import type { Finding, PlanModel, PresetId, RuleSetting, StatusInfo } from '../model/index';
import { checkText, startEngine, DEFAULT_MAX_MEMORY_MB, DEFAULT_TIME_LIMIT_S } from '../cli';
import { PreviousModels, type CheckEngine } from '../engine/planJob';
import { findStatusFile } from '../model/files';
import { nodeFileSystem, posixPath } from '../nodeFileSystem';
import { checkPlanAnswer, explainRuleAnswer, newPlanAnswer, planOutlineAnswer, readyPhasesAnswer, type PlanInput } from '../agents/operations';
import { checkInlineText, readPlanFile, realRoots, resolveInRoots, ToolInputError } from './files';
import pkg from '../../package.json';

const LEVELS = ['off', 'information', 'warning', 'error'] as const;
const PRESETS = ['auto', ...lib.PRESET_IDS] as [string, ...string[]];
const READ_ONLY = { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false } as const;

// ---------------------------------------------------------------------------------------------------------------
// schemas

const planSource = {
  path: z.string().optional().describe('Path of the plan file (markdown), absolute or relative to the first folder the server was started with. Give either path or text.'),
  text: z.string().optional().describe('The plan itself as markdown, instead of a path (e.g. a draft not saved yet).'),
  fileName: z
    .string()
    .optional()
    .describe('With text: the file name the plan will have (e.g. 0042-csv-export.md), for the checks on its number and name.'),
  preset: z.enum(PRESETS).optional().describe('The template the plan follows; auto (default) detects it.'),
};

const checkInput = {
  ...planSource,
  rules: z
    .record(z.string(), z.enum(LEVELS))
    .optional()
    .describe('Per rule code: off, information, warning or error (e.g. {"missing-subsection": "off"}).'),
};

const severity = z.enum(['error', 'warning', 'information']);
const position = { line: z.number().int(), column: z.number().int(), endLine: z.number().int(), endColumn: z.number().int() };
const fixSchema = z.object({
  title: z.string(),
  preferred: z.boolean(),
  description: z.string().describe('What the quick fix does, in words'),
  edits: z.array(z.object({ ...position, newText: z.string() })).describe('The edits, 1-based, end column exclusive'),
});
const checkOutput = {
  version: z.literal(1),
  files: z.array(
    z.object({
      path: z.string(),
      preset: z.string(),
      phases: z.array(z.object({ id: z.string(), title: z.string(), line: z.number().int(), dependsOn: z.array(z.string()) })),
      findings: z.array(z.object({ code: z.string(), severity, message: z.string(), ...position, fixes: z.array(fixSchema) })),
    }),
  ),
  counts: z.object({ error: z.number().int(), warning: z.number().int(), information: z.number().int() }),
};

const state = z.enum(['complete', 'in-progress', 'pending']);
const outlineOutput = {
  path: z.string(),
  title: z.string().nullable(),
  preset: z.string(),
  presetSource: z.enum(['detected', 'option']),
  statusFile: z.string().nullable(),
  phases: z.array(
    z.object({
      id: z.string(),
      title: z.string(),
      line: z.number().int(),
      endLine: z.number().int(),
      dependsOn: z.array(z.string()),
      unknownDependencies: z.array(z.string()),
      progress: z.object({
        state,
        source: z.enum(['status.yaml', 'checkboxes', 'none']),
        status: z.string().optional(),
        checked: z.number().int(),
        checkboxes: z.number().int(),
        text: z.string(),
      }),
      wave: z.number().int().optional(),
      duplicate: z.boolean().optional(),
    }),
  ),
  waves: z.array(z.array(z.string())).describe('Phases that can run in parallel, wave by wave'),
  criticalPath: z.array(z.string()).describe('The longest dependency chain, first phase first'),
  cycles: z.array(z.array(z.string())),
  maxParallel: z.number().int(),
  mermaid: z.string().describe('The dependency graph as a Mermaid flowchart'),
};

const readyOutput = {
  path: z.string(),
  ready: z.array(z.object({ id: z.string(), title: z.string(), line: z.number().int(), state: z.enum(['in-progress', 'pending']), dependsOn: z.array(z.string()) })),
  blocked: z.array(
    z.object({
      id: z.string(),
      title: z.string(),
      line: z.number().int(),
      waitingFor: z.array(z.object({ id: z.string(), state: z.enum(['in-progress', 'pending', 'unknown']) })),
    }),
  ),
  complete: z.array(z.string()),
};

const newPlanInput = {
  template: z.enum(lib.PRESET_IDS as [PresetId, ...PresetId[]]).describe('codev (SPIR plan with phases JSON), codev-legacy, codev-pir (bug fix) or generic'),
  title: z.string().min(1).describe('The plan title, e.g. "CSV export"'),
  number: z
    .string()
    .regex(/^\d+$/)
    .optional()
    .describe('The plan number (e.g. 0042): fills the ID field and gives the file name'),
  date: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/)
    .optional()
    .describe('YYYY-MM-DD for the date fields; today when absent'),
  specification: z.string().optional().describe('Markdown for the Specification line, e.g. a link to the spec'),
};
const newPlanOutput = {
  template: z.string(),
  templateLabel: z.string(),
  title: z.string(),
  fileName: z.string().nullable(),
  text: z.string(),
  placeholders: z.array(z.string()).describe('Bracketed placeholders left for the author to replace'),
};

const explainOutput = { code: z.string(), severity, description: z.string(), why: z.string(), bad: z.string(), good: z.string() };

// ---------------------------------------------------------------------------------------------------------------
// the server

type SourceArgs = { path?: string; text?: string; fileName?: string; preset?: string; rules?: Record<string, RuleSetting> };

/**
 * Reads and checks the plan the arguments name: one parse, one check, as `plan-author check` does. `models`: the last
 * model of each plan (by file, or by file name for plan text) when plans are checked here, so that checking a plan
 * again after an edit re-parses only the sections the edit touched (the checker process keeps its own).
 */
async function loadPlan(roots: string[], args: SourceArgs, models: PreviousModels, engine: CheckEngine | undefined): Promise<PlanInput> {
  if ((args.path === undefined) === (args.text === undefined)) throw new ToolInputError('give either "path" (a plan file) or "text" (the plan itself), not both and not neither');
  const rules = args.rules ?? {};
  const codes = new Set(lib.RULES.map((r) => r.code));
  const unknown = Object.keys(rules).filter((c) => !codes.has(c));
  if (unknown.length) throw new ToolInputError(`unknown rule ${unknown.map((c) => `"${c}"`).join(', ')}; the rules are ${[...codes].join(', ')}`);
  const opts = { preset: (args.preset ?? 'auto') as PresetId | 'auto', rules };
  if (args.text !== undefined) {
    const text = checkInlineText(args.text);
    const name = args.fileName ? path.basename(args.fileName) : 'plan.md';
    const key = `text:${opts.preset}:${name}`;
    const { model, findings } = await checkIn(engine, key, text, name, opts, undefined, models);
    return { path: args.fileName ?? '(text)', text, model, findings };
  }
  const abs = resolveInRoots(roots, args.path!);
  const text = await readPlanFile(abs, args.path!, roots);
  const status = await findStatusFile(nodeFileSystem, posixPath(abs), { roots });
  const key = `file:${opts.preset}:${abs}`;
  const { model, findings } = await checkIn(engine, key, text, abs, opts, status, models);
  return { path: args.path!, text, model, findings, status };
}

/**
 * One parse and check: in the checker process (as `plan-author check` runs it, within its time and memory limits,
 * which keeps its own previous models) or, without one, here.
 */
async function checkIn(
  engine: CheckEngine | undefined,
  key: string,
  text: string,
  file: string,
  opts: { preset: PresetId | 'auto'; rules: Record<string, RuleSetting> },
  status: StatusInfo | undefined,
  models: PreviousModels,
): Promise<{ model: PlanModel; findings: Finding[] }> {
  if (!engine) {
    const checked = checkText(text, file, opts, status, models.get(key));
    models.set(key, checked.model);
    return checked;
  }
  const outcome = await engine.run({ key, text, preset: opts.preset, fileName: path.basename(file), rules: opts.rules, status, keep: true, whole: true });
  if (outcome.kind === 'done') return outcome.result;
  if (outcome.kind === 'over-budget')
    throw new ToolInputError(`checking this plan took longer than ${DEFAULT_TIME_LIMIT_S} s and was stopped; \`plan-author check --time-limit 0\` checks it without a limit`);
  if (outcome.kind === 'failed' && /out of memory/i.test(outcome.message))
    throw new ToolInputError(`checking this plan needed more than ${DEFAULT_MAX_MEMORY_MB} MB of memory and was stopped`);
  throw new Error(outcome.kind === 'failed' ? outcome.message : `the check ended: ${outcome.kind}`);
}

const answer = (a: { text: string; structured: object }) => ({
  content: [{ type: 'text' as const, text: a.text }],
  structuredContent: a.structured as Record<string, unknown>,
});

/** `checker`: check plans in a process of their own, within the command line's limits (see startEngine in cli.ts). */
export function createServer(roots: string[], options: { checker?: boolean } = {}): McpServer {
  const models = new PreviousModels(32);
  const engine = options.checker ? startEngine(DEFAULT_TIME_LIMIT_S, DEFAULT_MAX_MEMORY_MB) : undefined;
  const server = new McpServer(
    { name: 'plan-author', title: 'Plan Author', version: pkg.version },
    {
      instructions:
        'Plan Author checks implementation plans written in markdown (Codev SPIR/PIR plans and free-form ones). After writing or editing a plan, call check_plan and fix what it reports (each finding carries the quick fix the editor would make); plan_outline and ready_phases read the plan\'s phases, dependencies and progress. All tools are read-only.',
    },
  );

  server.registerTool(
    'check_plan',
    {
      title: 'Check a plan',
      description:
        'Checks an implementation plan (markdown) against its template: missing or misordered sections, phases without their subsections, placeholders left, dependencies on phases that do not exist, cycles, a Dependency Map or phases JSON that disagrees with the phases, status.yaml drift. Returns the findings as `plan-author check --format json` does (1-based lines and columns), each with the quick fixes the editor offers described in words and as edits. Read-only.',
      inputSchema: checkInput,
      outputSchema: checkOutput,
      annotations: { title: 'Check a plan', ...READ_ONLY },
    },
    async (args) => answer(checkPlanAnswer(await loadPlan(roots, args, models, engine))),
  );

  server.registerTool(
    'plan_outline',
    {
      title: 'Outline a plan',
      description:
        "The plan's structure: its preset, each phase with id, title, lines, dependencies and progress (status.yaml first, then checkboxes), the parallel waves, the critical path, cycles, and the dependency graph in Mermaid. Read-only.",
      inputSchema: planSource,
      outputSchema: outlineOutput,
      annotations: { title: 'Outline a plan', ...READ_ONLY },
    },
    async (args) => answer(planOutlineAnswer(await loadPlan(roots, args, models, engine))),
  );

  server.registerTool(
    'ready_phases',
    {
      title: 'Phases ready to start',
      description:
        'The phases that are not complete and whose dependencies are all complete, in plan order: what can be started now. Also lists the phases still waiting and for what, and the complete ones. Progress comes from status.yaml when the plan has one, else from checkboxes. Read-only.',
      inputSchema: planSource,
      outputSchema: readyOutput,
      annotations: { title: 'Phases ready to start', ...READ_ONLY },
    },
    async (args) => answer(readyPhasesAnswer(await loadPlan(roots, args, models, engine))),
  );

  server.registerTool(
    'new_plan',
    {
      title: 'New plan text',
      description:
        'The text of a new plan from a template, with the title, number and dates filled in, and the placeholders still to replace. Writes nothing: save the text yourself, fill it in, then call check_plan.',
      inputSchema: newPlanInput,
      outputSchema: newPlanOutput,
      annotations: { title: 'New plan text', ...READ_ONLY },
    },
    async (args) => answer(newPlanAnswer(lib, args)),
  );

  server.registerTool(
    'explain_rule',
    {
      title: 'Explain a rule',
      description: 'Why a check exists, with a plan that triggers it and the same plan repaired. The code is the one check_plan reports (e.g. missing-subsection). Read-only.',
      inputSchema: { code: z.string().describe(`A rule code: ${lib.RULES.map((r) => r.code).join(', ')}`) },
      outputSchema: explainOutput,
      annotations: { title: 'Explain a rule', ...READ_ONLY },
    },
    async (args) => answer(explainRuleAnswer(lib, args.code)),
  );

  return server;
}

export const MCP_USAGE = `Usage: plan-author mcp [folders…]
Runs a Model Context Protocol server on stdin/stdout with the tools check_plan, plan_outline, ready_phases, new_plan
and explain_rule. Plan files are read only inside the folders given (default: the current folder); nothing is written.
`;

/** Starts the server on stdio; resolves to an exit code when it cannot start (the server itself runs until stdin ends). */
export async function runMcp(argv: string[]): Promise<number | undefined> {
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(MCP_USAGE);
    return 0;
  }
  const flag = argv.find((a) => a.startsWith('-') && a !== '--');
  if (flag) {
    process.stderr.write(`plan-author: unknown option "${flag}" of mcp\n${MCP_USAGE}`);
    return 2;
  }
  let roots: string[];
  try {
    roots = realRoots(argv.filter((a) => a !== '--'));
  } catch (e) {
    process.stderr.write(`plan-author: ${(e as Error).message}\n${MCP_USAGE}`);
    return 2;
  }
  const server = createServer(roots, { checker: true });
  await server.connect(new StdioServerTransport());
  process.stderr.write(`plan-author ${pkg.version}: MCP server on stdio, reading plans in ${roots.join(', ')}\n`);
  return undefined;
}
