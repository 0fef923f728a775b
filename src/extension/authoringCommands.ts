// Authoring commands: New Plan…, Insert Plan Template, Add Phase, Renumber Phases, and Rename (F2) on a phase id.
// Thin glue over the pure src/authoring modules; the model comes from the cache, presets from the lazily loaded model.
import * as path from 'path';
import * as vscode from 'vscode';
import type { PlanModel, PresetId } from '../model/types';
import { addPhaseEdits } from '../authoring/addPhase';
import { fillTemplate, findSpec, localDate, nextNumber, planFileName, planNumberOf, plansFolderInside, specLinkMarkdown, toSnippet } from '../authoring/newPlan';
import { isValidPhaseId, renumberPlan, type RenumberEdit, type RenumberKind } from '../authoring/renumber';
import { contains, fromPosition, toRange } from './convert';
import { loadModel } from './modelLoader';
import { settings } from './config';
import type { PlanCache } from './planCache';

export interface NewPlanArgs {
  /** Skips the title prompt. */
  title?: string;
  /** Skips the preset pick. */
  preset?: PresetId;
  /** The workspace folder (its URI or name); skips the folder pick in a multi-root workspace. */
  folder?: string | vscode.Uri;
  /** The folder to create the plan in (the explorer's "New Plan…" on a `plans` folder); default: `planAuthor.plansFolder`. */
  dir?: vscode.Uri;
}

export interface RenumberArgs {
  /** `false` applies the edit without VS Code's refactor preview (tests, scripted use). */
  confirm?: boolean;
  uri?: vscode.Uri;
}

const KIND_LABELS: Record<RenumberKind, string> = {
  heading: 'Phase headings',
  dependencies: 'Dependencies lines',
  map: 'Dependency Map',
  json: 'Phases JSON',
  prose: 'Mentions of phases in the text (check to include)',
};
const GUESS_LABEL = 'For phases the plan no longer has (check to include)';

async function pickPreset(given?: string): Promise<PresetId | undefined> {
  const lib = loadModel();
  if (given && (lib.PRESET_IDS as string[]).includes(given)) return given as PresetId;
  const setting = settings().preset;
  if ((lib.PRESET_IDS as string[]).includes(setting)) return setting as PresetId;
  const items = lib.PRESET_IDS.map((id) => ({ label: lib.getPreset(id).label, description: id, id }));
  const picked = await vscode.window.showQuickPick(items, { title: 'New Plan: template', placeHolder: 'The template for the plan' });
  return picked?.id;
}

async function pickFolder(given?: string | vscode.Uri): Promise<vscode.WorkspaceFolder | undefined> {
  const folders = vscode.workspace.workspaceFolders ?? [];
  if (given) {
    const s = given.toString();
    const hit = folders.find((f) => f.uri.toString() === s || f.name === s);
    if (hit) return hit;
  }
  if (folders.length <= 1) return folders[0];
  return vscode.window.showWorkspaceFolderPick({ placeHolder: 'The workspace folder for the new plan' });
}

async function readNames(dir: vscode.Uri): Promise<string[]> {
  try {
    return (await vscode.workspace.fs.readDirectory(dir)).filter(([, type]) => type & vscode.FileType.File).map(([name]) => name);
  } catch {
    return [];
  }
}

async function exists(uri: vscode.Uri): Promise<boolean> {
  try {
    await vscode.workspace.fs.stat(uri);
    return true;
  } catch {
    return false;
  }
}

/** The markdown link to the spec numbered like the plan, under `<plans>/../specs` or `codev/specs`. */
async function specLinkFor(folder: vscode.WorkspaceFolder, plansFolder: string, planDir: vscode.Uri, number: string): Promise<string | undefined> {
  const candidates = [...new Set([path.posix.join(path.posix.dirname(plansFolder), 'specs'), 'codev/specs'])];
  for (const rel of candidates) {
    const dir = vscode.Uri.joinPath(folder.uri, ...rel.split('/').filter(Boolean));
    const name = findSpec(number, await readNames(dir));
    if (!name) continue;
    const spec = vscode.Uri.joinPath(dir, name);
    return specLinkMarkdown(path.posix.join(rel, name), path.posix.relative(planDir.path, spec.path));
  }
  return undefined;
}

/** `planAuthor.plansFolder` relative to the workspace folder, or undefined when it leads outside it. */
function plansFolderSetting(folder: vscode.WorkspaceFolder): string | undefined {
  return plansFolderInside(settings(folder.uri).plansFolder, folder.uri.path);
}

/** Plan Author: New Plan… Returns the new plan's URI. */
export async function newPlan(args: NewPlanArgs = {}): Promise<vscode.Uri | undefined> {
  if (!vscode.workspace.workspaceFolders?.length) {
    void vscode.window.showErrorMessage('New Plan creates the plan in the plans folder of a workspace: open a folder first.');
    return undefined;
  }
  const given = args.dir instanceof vscode.Uri ? args.dir : undefined;
  const folder = given ? vscode.workspace.getWorkspaceFolder(given) ?? (await pickFolder(args.folder)) : await pickFolder(args.folder);
  if (!folder) return undefined;
  const plansFolder = given ? plansFolderInside(path.posix.relative(folder.uri.path, given.path) || '.', folder.uri.path) : plansFolderSetting(folder);
  if (!plansFolder) {
    const raw = given ? given.fsPath : settings(folder.uri).plansFolder;
    void vscode.window.showErrorMessage(`New Plan writes inside the workspace only: "${raw}" (planAuthor.plansFolder) leads outside ${folder.name}.`);
    return undefined;
  }
  const title =
    args.title ??
    (await vscode.window.showInputBox({
      title: 'New Plan',
      prompt: 'The title of the plan (it names the file too)',
      placeHolder: 'Export reports as CSV',
      validateInput: (v) => (v.trim() ? undefined : 'Enter a title'),
    }));
  if (!title?.trim()) return undefined;
  const presetId = await pickPreset(args.preset);
  if (!presetId) return undefined;
  const lib = loadModel();
  const preset = lib.getPreset(presetId);

  const dir = given ?? (plansFolder === '.' ? folder.uri : vscode.Uri.joinPath(folder.uri, ...plansFolder.split('/')));
  await vscode.workspace.fs.createDirectory(dir);
  let number = nextNumber(await readNames(dir));

  // Never overwrite: a name taken meanwhile moves on to the next number.
  for (let attempt = 0; attempt < 100; attempt++) {
    const uri = vscode.Uri.joinPath(dir, planFileName(number, title.trim()));
    const specLink = await specLinkFor(folder, plansFolder, dir, number);
    const text = fillTemplate(preset.template, { title: title.trim(), id: number, date: localDate(), specLink });
    let created = false;
    if (!(await exists(uri))) {
      const edit = new vscode.WorkspaceEdit();
      edit.createFile(uri, { overwrite: false, ignoreIfExists: false, contents: new TextEncoder().encode(text) });
      created = await vscode.workspace.applyEdit(edit);
    }
    if (!created) {
      number = String(Number(number) + 1).padStart(number.length, '0');
      continue;
    }
    const doc = await vscode.workspace.openTextDocument(uri);
    const editor = await vscode.window.showTextDocument(doc);
    const all = new vscode.Range(0, 0, doc.lineCount, 0);
    await editor.insertSnippet(new vscode.SnippetString(toSnippet(doc.getText())), all);
    await doc.save();
    return uri;
  }
  void vscode.window.showErrorMessage(`New Plan could not find a free file name in ${plansFolder}.`);
  return undefined;
}

/** Plan Author: Insert Plan Template — the template as a snippet at the cursor of the markdown editor. */
export async function insertTemplate(cache: PlanCache, args: { preset?: PresetId } = {}): Promise<boolean> {
  const editor = vscode.window.activeTextEditor;
  if (!editor || editor.document.languageId !== 'markdown') {
    void vscode.window.showWarningMessage('Insert Plan Template works in a markdown editor: open or create a .md file first.');
    return false;
  }
  const doc = editor.document;
  const model = (await cache.current(doc))?.model;
  if (model && (model.phases.length || model.title)) {
    const go = await vscode.window.showWarningMessage('This document already is a plan. Insert anyway?', { modal: true }, 'Insert');
    if (go !== 'Insert') return false;
  }
  const presetId = await pickPreset(args.preset);
  if (!presetId) return false;
  const preset = loadModel().getPreset(presetId);
  // A plan file named like `0007-name.md` gives the ID and the spec.
  const base = path.posix.basename(doc.uri.path);
  const number = planNumberOf(base)?.text;
  let specLink: string | undefined;
  const folder = vscode.workspace.getWorkspaceFolder(doc.uri);
  if (number && folder) {
    const dir = doc.uri.with({ path: path.posix.dirname(doc.uri.path) });
    const plansFolder = path.posix.relative(folder.uri.path, dir.path) || '.';
    specLink = await specLinkFor(folder, plansFolder, dir, number);
  }
  const text = fillTemplate(preset.template, { id: number, date: localDate(), specLink });
  return editor.insertSnippet(new vscode.SnippetString(toSnippet(text)), editor.selection);
}

async function planEditor(cache: PlanCache, uri?: vscode.Uri) {
  const editor = uri ? vscode.window.visibleTextEditors.find((e) => e.document.uri.toString() === uri.toString()) : vscode.window.activeTextEditor;
  const doc = editor?.document;
  const entry = doc && (await cache.current(doc));
  if (!editor || !doc || !entry) {
    void vscode.window.showWarningMessage('Open a plan first (a markdown file under plans/, or one whose first heading starts "# Plan").');
    return undefined;
  }
  return { editor, doc, model: entry.model };
}

/** Plan Author: Add Phase — the next phase after the last, with its subsections, in one undoable edit. */
export async function addPhase(cache: PlanCache, uri?: vscode.Uri): Promise<string | undefined> {
  const ctx = await planEditor(cache, uri);
  if (!ctx) return undefined;
  const lib = loadModel();
  const r = addPhaseEdits(ctx.model, ctx.doc.getText(), lib.getPreset(ctx.model.preset), lib.getPreset);
  const edit = new vscode.WorkspaceEdit();
  edit.set(ctx.doc.uri, r.edits.map((e) => vscode.TextEdit.replace(toRange(e.range), e.newText)));
  if (!(await vscode.workspace.applyEdit(edit))) return undefined;
  const title = toRange(r.titleRange);
  ctx.editor.selection = new vscode.Selection(title.start, title.end);
  ctx.editor.revealRange(title, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
  return r.id;
}

function renderMapWith(phases: { id: string; dependsOn: string[] }[]): string {
  const model = { phases: phases.map((p) => ({ id: p.id, dependencies: { dependsOn: p.dependsOn } })) } as unknown as PlanModel;
  return loadModel().renderDependencyMap(model);
}

/**
 * With `confirm`, the edit opens VS Code's refactor preview. What the model read (headings, Dependencies references,
 * the phases JSON, the map) comes checked; what is a reading of free text (mentions in prose) or a judgment call
 * about a deleted phase comes unchecked (`needsConfirmation`), like renames in comments and strings elsewhere.
 */
function toWorkspaceEdit(uri: vscode.Uri, edits: RenumberEdit[], confirm: boolean) {
  const edit = new vscode.WorkspaceEdit();
  for (const e of edits) {
    const review = e.guess || e.kind === 'prose';
    const metadata: vscode.WorkspaceEditEntryMetadata | undefined = confirm ? { needsConfirmation: review, label: e.guess ? GUESS_LABEL : KIND_LABELS[e.kind] } : undefined;
    edit.replace(uri, toRange(e.range), e.newText, metadata);
  }
  return edit;
}

/** Plan Author: Renumber Phases — 1..n in listed order, every reference rewritten, one undoable edit. */
export async function renumberPhases(cache: PlanCache, args: RenumberArgs = {}): Promise<boolean> {
  const ctx = await planEditor(cache, args.uri);
  if (!ctx) return false;
  const r = renumberPlan(ctx.model, ctx.doc.getText(), { renderMap: renderMapWith });
  const gone = [...new Set(r.left.map((l) => l.id))];
  const goneNote = gone.length
    ? ` Left as written: ${r.left.length} mention${r.left.length > 1 ? 's' : ''} of ${gone.map((id) => `Phase ${id}`).join(', ')}, which this plan does not have (first on line ${r.left[0].range.start.line + 1}).`
    : '';
  if (!r.edits.length) {
    void vscode.window.showInformationMessage(`The phases are already numbered in order.${goneNote}`);
    return false;
  }
  // Edits that need a reader's judgment (prose, deleted phases) open the refactor preview; the rest applies at once.
  const confirm = args.confirm !== false && r.edits.some((e) => e.guess || e.kind === 'prose');
  const ok = await vscode.workspace.applyEdit(toWorkspaceEdit(ctx.doc.uri, r.edits, confirm), { isRefactoring: true });
  if (ok && goneNote) void vscode.window.showWarningMessage(`Phases renumbered.${goneNote}`);
  return ok;
}

/** F2 on the number of a phase heading renames that phase everywhere. */
class PhaseRenameProvider implements vscode.RenameProvider {
  constructor(private readonly cache: PlanCache) {}

  private async phaseAt(doc: vscode.TextDocument, position: vscode.Position) {
    const model = (await this.cache.current(doc))?.model;
    const p = fromPosition(position);
    const phase = model?.phases.find((ph) => contains(ph.idRange, p));
    return model && phase ? { model, phase } : undefined;
  }

  async prepareRename(doc: vscode.TextDocument, position: vscode.Position): Promise<{ range: vscode.Range; placeholder: string }> {
    const hit = await this.phaseAt(doc, position);
    if (!hit) throw new Error('Rename a phase on its number in the heading, e.g. the 2 of "### Phase 2: …"');
    return { range: toRange(hit.phase.idRange), placeholder: hit.phase.id };
  }

  async provideRenameEdits(doc: vscode.TextDocument, position: vscode.Position, newName: string): Promise<vscode.WorkspaceEdit | undefined> {
    const hit = await this.phaseAt(doc, position);
    if (!hit) return undefined;
    const id = newName.trim().replace(/^phase[\s_-]*/i, '').toLowerCase();
    // Refused with a message and an empty edit: a thrown error would hand the rename to the next provider (markdown's
    // own, which renames the heading text).
    const refuse = (message: string) => {
      void vscode.window.showWarningMessage(message);
      return new vscode.WorkspaceEdit();
    };
    if (!isValidPhaseId(id)) return refuse(`"${newName}" is not a phase id: use a number, optionally with a letter (3, 2a) or a decimal (4.1).`);
    if (id === hit.phase.id) return new vscode.WorkspaceEdit();
    if (hit.model.phases.some((p) => p.id === id)) return refuse(`Phase ${id} already exists. To reorder phases, move them and run "Plan Author: Renumber Phases".`);
    const r = renumberPlan(hit.model, doc.getText(), { mapping: { [hit.phase.id]: id } });
    return toWorkspaceEdit(doc.uri, r.edits, false);
  }
}

/** The authoring commands' handlers, from the arguments a menu, a link or another extension gives (bound in commands.ts). */
export function authoringCommands(cache: PlanCache) {
  return {
    newPlan: (args?: NewPlanArgs | vscode.Uri) => newPlan(args instanceof vscode.Uri ? { dir: args } : args && typeof args === 'object' ? args : {}),
    insertTemplate: (args?: { preset?: PresetId }) => insertTemplate(cache, args && typeof args === 'object' && !(args instanceof vscode.Uri) ? args : {}),
    addPhase: (uri?: unknown) => addPhase(cache, uri instanceof vscode.Uri ? uri : undefined),
    renumberPhases: (args?: unknown) => renumberPhases(cache, args instanceof vscode.Uri ? { uri: args } : args && typeof args === 'object' ? (args as RenumberArgs) : {}),
  };
}

export function registerAuthoring(cache: PlanCache): vscode.Disposable {
  return vscode.languages.registerRenameProvider({ language: 'markdown' }, new PhaseRenameProvider(cache));
}
