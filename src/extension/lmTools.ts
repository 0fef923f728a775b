// The agent operations of `plan-author mcp` as language-model tools of VS Code's chat (`#planCheck`, `#planOutline`,
// `#planReady`, `#planNew`, `#planRule`), on the plans of the open workspace. All read-only: no confirmation asked.
//
// `vscode.lm.registerTool` does not exist in every VS Code the extension runs in: it is looked up at run time, and the
// few types used are declared here rather than taken from @types/vscode, so that this module compiles against older
// API typings too. Where the API is missing, nothing is registered.
import * as vscode from 'vscode';
import * as path from 'path';
import type { PresetId } from '../model/types';
import type { PlanCache } from './planCache';
import { findStatus } from './planCache';
import { loadModel } from './modelLoader';
import { settings } from './config';
import { textGuard } from '../model/planText';
import { checkPlanAnswer, explainRuleAnswer, newPlanAnswer, planOutlineAnswer, readyPhasesAnswer, type PlanInput } from '../agents/operations';

// ---------------------------------------------------------------------------------------------------------------
// the slice of the language-model tools API used here

interface ToolInvocationOptions {
  input: unknown;
}
interface LanguageModelTool {
  invoke(options: ToolInvocationOptions, token: vscode.CancellationToken): Promise<unknown>;
  prepareInvocation?(options: ToolInvocationOptions, token: vscode.CancellationToken): { invocationMessage: string } | undefined;
}
interface LmNamespace {
  registerTool?(name: string, tool: LanguageModelTool): vscode.Disposable;
}
type Constructor = new (...args: unknown[]) => unknown;
interface LmApi {
  lm?: LmNamespace;
  LanguageModelToolResult?: Constructor;
  LanguageModelTextPart?: Constructor;
}

/** The tools, as contributed in package.json (`contributes.languageModelTools`). */
export const LM_TOOL_NAMES = {
  check: 'planAuthor_checkPlan',
  outline: 'planAuthor_planOutline',
  ready: 'planAuthor_readyPhases',
  newPlan: 'planAuthor_newPlan',
  explain: 'planAuthor_explainRule',
} as const;

// ---------------------------------------------------------------------------------------------------------------
// the plan a tool works on

const isRecord = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);

function stringField(input: unknown, key: string, required = false): string | undefined {
  const v = isRecord(input) ? input[key] : undefined;
  if (v === undefined || v === null || v === '') {
    if (required) throw new Error(`"${key}" is required`);
    return undefined;
  }
  if (typeof v !== 'string') throw new Error(`"${key}" must be a string`);
  return v;
}

/** The file a tool input names, inside a workspace folder; absolute paths, workspace-relative paths and URIs. */
function uriOf(given: string): vscode.Uri {
  const folders = vscode.workspace.workspaceFolders ?? [];
  let uri: vscode.Uri;
  if (/^[a-z][\w+.-]+:\/\//i.test(given)) uri = vscode.Uri.parse(given);
  else if (path.isAbsolute(given)) uri = vscode.Uri.file(given);
  else if (folders.length) uri = vscode.Uri.joinPath(folders[0].uri, ...given.split(/[\\/]+/).filter(Boolean));
  else throw new Error(`${given} is relative and no folder is open; give an absolute path`);
  const open = vscode.workspace.textDocuments.some((d) => d.uri.toString() === uri.toString());
  if (!open && !vscode.workspace.getWorkspaceFolder(uri)) throw new Error(`${given} is outside the workspace folders; Plan Author's tools read plans of the open workspace only`);
  return uri;
}

async function documentOf(given: string | undefined, cache: PlanCache): Promise<vscode.TextDocument> {
  if (given === undefined) {
    const active = cache.active();
    if (active) return active.doc;
    const visible = vscode.window.visibleTextEditors.map((e) => e.document).find((d) => cache.isPlan(d));
    if (visible) return visible;
    throw new Error('no plan is open in an editor; give the path of a plan file');
  }
  const uri = uriOf(given);
  const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
  if (open) return open;
  let stat: vscode.FileStat;
  try {
    stat = await vscode.workspace.fs.stat(uri);
  } catch {
    throw new Error(`no such file: ${given}`);
  }
  if (stat.type & vscode.FileType.Directory) throw new Error(`${given} is a folder; give the path of one plan file`);
  const max = settings().maxFileSize;
  if (stat.size > max) throw new Error(`${given} is ${(stat.size / 1e6).toFixed(1)} MB, over planAuthor.maxFileSize (${(max / 1e6).toFixed(1)} MB): not read`);
  return vscode.workspace.openTextDocument(uri);
}

/** The document's model and findings: the editor's own when it is an open plan, else parsed here with the same settings. */
async function planOf(input: unknown, cache: PlanCache): Promise<PlanInput> {
  const given = stringField(input, 'path');
  const doc = await documentOf(given, cache);
  const text = doc.getText();
  const shown = given ?? vscode.workspace.asRelativePath(doc.uri, false);
  const guard = textGuard(text, settings().maxFileSize);
  if (guard?.why === 'too-big') throw new Error(`${shown} is over planAuthor.maxFileSize: live checking is off for it`);
  if (guard?.why === 'binary') throw new Error(`${shown} holds binary data (NUL bytes): not a plan`);
  // The editor's model and findings when it checks this plan and its status file is read; a plan just opened for
  // the tool may not have its status.yaml read yet, so it is looked up here.
  const entry = cache.isPlan(doc) ? await cache.current(doc) : undefined;
  if (entry?.guard) throw new Error(`${shown}: ${entry.guard}`);
  if (entry?.status) return { path: shown, text, model: entry.model, findings: entry.findings, status: entry.status };
  const status = doc.uri.scheme === 'untitled' ? undefined : await findStatus(doc.uri);
  if (entry && !status) return { path: shown, text, model: entry.model, findings: entry.findings };
  // Not a plan the editor checks, or its status file just read: checked now, as the editor checks, off its thread.
  const cfg = settings();
  const outcome = await cache.engine.run({ key: `tool:${doc.uri.toString()}`, text, preset: cfg.preset, fileName: path.basename(doc.uri.path), rules: cfg.rules, status, keep: false });
  if (outcome.kind === 'done') return { path: shown, text, model: outcome.result.model, findings: outcome.result.findings, status };
  if (outcome.kind === 'too-large') throw new Error(`${shown} is too large to check here (${outcome.phases} phases): run plan-author check on it`);
  if (outcome.kind === 'over-budget') throw new Error(`checking ${shown} took longer than ${Math.round(outcome.ms / 1000)} s and was stopped`);
  throw new Error(outcome.kind === 'failed' ? `${shown} could not be checked: ${outcome.message}` : `${shown} changed while it was checked; ask again`);
}

// ---------------------------------------------------------------------------------------------------------------
// registration

/** The operations behind the tools, by tool name: each takes the tool input and gives the answer's text. */
export function lmToolHandlers(cache: PlanCache): Record<string, (input: unknown) => Promise<string>> {
  return {
    [LM_TOOL_NAMES.check]: async (input) => checkPlanAnswer(await planOf(input, cache)).text,
    [LM_TOOL_NAMES.outline]: async (input) => planOutlineAnswer(await planOf(input, cache)).text,
    [LM_TOOL_NAMES.ready]: async (input) => readyPhasesAnswer(await planOf(input, cache)).text,
    [LM_TOOL_NAMES.newPlan]: async (input) => {
      const lib = loadModel();
      const template = stringField(input, 'template') ?? 'codev';
      if (!(lib.PRESET_IDS as string[]).includes(template)) throw new Error(`unknown template "${template}"; use ${lib.PRESET_IDS.join(', ')}`);
      const number = stringField(input, 'number');
      if (number !== undefined && !/^\d+$/.test(number)) throw new Error(`"number" must be digits (e.g. 0042), got "${number}"`);
      return newPlanAnswer(lib, { template: template as PresetId, title: stringField(input, 'title', true)!, number, specification: stringField(input, 'specification') }).text;
    },
    [LM_TOOL_NAMES.explain]: async (input) => explainRuleAnswer(loadModel(), stringField(input, 'code', true)!).text,
  };
}

const MESSAGES: Record<string, string> = {
  [LM_TOOL_NAMES.check]: 'Checking the plan',
  [LM_TOOL_NAMES.outline]: 'Reading the plan\'s phases',
  [LM_TOOL_NAMES.ready]: 'Finding the phases ready to start',
  [LM_TOOL_NAMES.newPlan]: 'Filling in a plan template',
  [LM_TOOL_NAMES.explain]: 'Explaining a rule',
};

/** Registers the tools where VS Code has the language-model tools API; elsewhere registers nothing. */
export function registerLmTools(cache: PlanCache): vscode.Disposable {
  const api = vscode as unknown as LmApi;
  const registerTool = api.lm?.registerTool;
  const Result = api.LanguageModelToolResult;
  const TextPart = api.LanguageModelTextPart;
  if (typeof registerTool !== 'function' || !Result || !TextPart) return new vscode.Disposable(() => undefined);
  const handlers = lmToolHandlers(cache);
  const registered = Object.entries(handlers).map(([name, handler]) =>
    registerTool.call(api.lm, name, {
      prepareInvocation: () => ({ invocationMessage: MESSAGES[name] ?? 'Plan Author' }),
      // A thrown error reaches the model as the tool's failure, with its message.
      invoke: async (options) => new Result([new TextPart(await handler(options.input))]),
    }),
  );
  return vscode.Disposable.from(...registered);
}
