// Phase references behave like code in plans: hover, Go to Definition, Find All References, completion after
// `**Dependencies**:` and a CodeLens above each phase heading. The mentions come from src/navigation/phaseRefs.ts (pure).
import * as vscode from 'vscode';
import type { PlanCache, PlanEntry } from './planCache';
import type { PlanModel } from '../model/types';
import { fromPosition, toRange } from './convert';
import { dependencyCompletion, findMentions, mentionsAt, phaseWithId, type PhaseMention } from '../navigation/phaseRefs';
import { lensParts, phaseSummary, statusByPhase } from '../navigation/treeModel';
import { summaryMarkdown } from './phaseTree';
import { COMMANDS } from './commandIds';

const SELECTOR: vscode.DocumentSelector = { language: 'markdown' };

export function registerPhaseReferences(cache: PlanCache): vscode.Disposable {
  // One scan per document version: the entry object changes with the version.
  const mentionsByEntry = new WeakMap<PlanEntry, PhaseMention[]>();
  const mentions = async (doc: vscode.TextDocument): Promise<{ entry: PlanEntry; list: PhaseMention[] } | undefined> => {
    const entry = await cache.current(doc);
    if (!entry || entry.guard) return undefined;
    let list = mentionsByEntry.get(entry);
    if (!list) {
      list = findMentions(entry.model, doc.getText());
      mentionsByEntry.set(entry, list);
    }
    return { entry, list };
  };
  /** The known phases mentioned under the position. */
  const at = async (doc: vscode.TextDocument, pos: vscode.Position) => {
    const m = await mentions(doc);
    if (!m) return undefined;
    const here = mentionsAt(m.list, fromPosition(pos)).filter((x) => phaseWithId(m.entry.model, x.id));
    return here.length ? { ...m, here } : undefined;
  };

  const hover: vscode.HoverProvider = {
    async provideHover(doc, pos) {
      const found = await at(doc, pos);
      if (!found) return undefined;
      const { entry, here } = found;
      const statuses = statusByPhase(entry.model, entry.status);
      const lineText = (l: number) => (l < doc.lineCount ? doc.lineAt(l).text : '');
      const parts = here.map((m) => summaryMarkdown(phaseSummary(entry.model, phaseWithId(entry.model, m.id)!, { lineText, statuses })));
      return new vscode.Hover(parts, toRange(here[0].range));
    },
  };

  const definition: vscode.DefinitionProvider = {
    async provideDefinition(doc, pos) {
      const found = await at(doc, pos);
      if (!found) return undefined;
      return found.here.map((m): vscode.LocationLink => {
        const phase = phaseWithId(found.entry.model, m.id)!;
        return {
          originSelectionRange: toRange(m.range),
          targetUri: doc.uri,
          targetRange: toRange(phase.range),
          targetSelectionRange: toRange(phase.heading),
        };
      });
    },
  };

  const references: vscode.ReferenceProvider = {
    async provideReferences(doc, pos, context) {
      const found = await at(doc, pos);
      if (!found) return undefined;
      const ids = new Set(found.here.map((m) => m.id));
      return found.list
        .filter((m) => ids.has(m.id) && (context.includeDeclaration || m.kind !== 'heading'))
        .map((m) => new vscode.Location(doc.uri, toRange(m.range)));
    },
  };

  const completion: vscode.CompletionItemProvider = {
    async provideCompletionItems(doc, pos) {
      const entry = await cache.current(doc);
      if (!entry || entry.guard) return undefined;
      const c = dependencyCompletion(entry.model, doc.lineAt(pos.line).text, fromPosition(pos));
      if (!c) return undefined;
      const replace = toRange(c.replace);
      return c.phases.map((p, i) => {
        const item = new vscode.CompletionItem(`Phase ${p.id}`, vscode.CompletionItemKind.Reference);
        item.detail = p.title;
        item.range = replace;
        item.sortText = String(i).padStart(4, '0');
        item.filterText = `Phase ${p.id} ${p.title}`;
        return item;
      });
    },
  };

  const lensEmitter = new vscode.EventEmitter<void>();
  const lenses: vscode.CodeLensProvider = {
    onDidChangeCodeLenses: lensEmitter.event,
    async provideCodeLenses(doc) {
      const entry = await cache.current(doc);
      if (!entry || entry.guard) return undefined;
      return codeLenses(doc.uri, entry.model, entry);
    },
  };

  return vscode.Disposable.from(
    lensEmitter,
    cache.onDidChange(() => lensEmitter.fire()),
    vscode.languages.registerHoverProvider(SELECTOR, hover),
    vscode.languages.registerDefinitionProvider(SELECTOR, definition),
    vscode.languages.registerReferenceProvider(SELECTOR, references),
    vscode.languages.registerCompletionItemProvider(SELECTOR, completion, ' ', ','),
    vscode.languages.registerCodeLensProvider(SELECTOR, lenses),
  );
}

function codeLenses(uri: vscode.Uri, model: PlanModel, entry: PlanEntry): vscode.CodeLens[] {
  const statuses = statusByPhase(model, entry.status);
  const out: vscode.CodeLens[] = [];
  for (const phase of model.phases) {
    const range = toRange(phase.heading);
    for (const part of lensParts(model, phase, statuses)) {
      let command: vscode.Command;
      if (part.ids?.length === 1) {
        command = { title: part.title, command: COMMANDS.revealPhase, arguments: [uri, part.ids[0]], tooltip: `Go to Phase ${part.ids[0]}` };
      } else if (part.ids?.length) {
        command = { title: part.title, command: COMMANDS.goToPhase, arguments: [{ ids: part.ids }], tooltip: 'Pick one of these phases' };
      } else {
        command = { title: part.title, command: '' };
      }
      out.push(new vscode.CodeLens(range, command));
    }
  }
  return out;
}
