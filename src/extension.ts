// The composition root: activate() only wires features together. Each feature reads the shared PlanCache.
import * as vscode from 'vscode';
import { PlanCache } from './extension/planCache';
import { registerDiagnostics } from './extension/diagnostics';
import { registerStatusBar } from './extension/statusBar';
import { registerCodeActions } from './extension/codeActions';

export interface PlanAuthorApi {
  cache: PlanCache;
  statusBarItem: vscode.StatusBarItem;
}

export function activate(context: vscode.ExtensionContext): PlanAuthorApi {
  const cache = new PlanCache();
  context.subscriptions.push(cache);
  context.subscriptions.push(registerDiagnostics(context, cache));
  context.subscriptions.push(registerCodeActions(cache));
  const status = registerStatusBar(cache);
  context.subscriptions.push(status);
  return { cache, statusBarItem: status.item };
}

export function deactivate(): void {}
