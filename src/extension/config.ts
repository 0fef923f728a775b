// The one place that reads the `planAuthor.*` settings from VS Code (what they are: settings.ts).
import * as vscode from 'vscode';
import { readSettings, SETTINGS_SECTION, SETTING_KEYS, type SettingKey, type Settings } from './settings';

export type { Settings, SettingKey } from './settings';

/** The settings in effect for `scope` (a resource or workspace folder: its folder's settings apply), typed. */
export function settings(scope?: vscode.ConfigurationScope): Settings {
  const cfg = vscode.workspace.getConfiguration(SETTINGS_SECTION, scope);
  return readSettings((key) => cfg.get(key));
}

export interface SettingsChange {
  /** Whether `planAuthor.<key>` changed (for `scope`, when given). */
  affects(key: SettingKey, scope?: vscode.ConfigurationScope): boolean;
}

/** Fires when any `planAuthor.*` setting changed. */
export function onDidChangeSettings(listener: (e: SettingsChange) => void): vscode.Disposable {
  return vscode.workspace.onDidChangeConfiguration((e) => {
    if (!SETTING_KEYS.some((key) => e.affectsConfiguration(`${SETTINGS_SECTION}.${key}`))) return;
    listener({ affects: (key, scope) => e.affectsConfiguration(`${SETTINGS_SECTION}.${key}`, scope) });
  });
}
