// What the `planAuthor.*` settings are: each key, its type and its default, as package.json
// `contributes.configuration` declares them (a unit test checks that the two agree both ways). Pure, so that the
// test runs in Node; `config.ts` reads the values from VS Code through `readSettings`.
import type { PresetId } from '../model/types';
import type { RuleSetting } from '../checks/types';

export interface Settings {
  /** Markdown files that are plans (besides those whose first heading says so). */
  planGlobs: string[];
  /** The template plans are checked against. */
  preset: PresetId | 'auto';
  /** Per rule code: off, information, warning or error. */
  rules: Record<string, RuleSetting>;
  /** Above this many bytes (UTF-8) a plan is not checked live and a file on disk is not read. */
  maxFileSize: number;
  /** Where New Plan creates plans, relative to the workspace folder. */
  plansFolder: string;
}

export const SETTINGS_SECTION = 'planAuthor';

export const SETTING_DEFAULTS: Readonly<Settings> = Object.freeze({
  planGlobs: ['**/plans/**/*.md', '**/projects/*/plan.md'],
  preset: 'auto',
  rules: {},
  maxFileSize: 2_000_000,
  plansFolder: 'codev/plans',
});

export type SettingKey = keyof Settings;
export const SETTING_KEYS = Object.keys(SETTING_DEFAULTS) as SettingKey[];

const isPlainObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Each value as set when it has the setting's type, else the default (a hand-edited settings.json can hold anything). */
const COERCE: { [K in SettingKey]: (raw: unknown) => Settings[K] | undefined } = {
  planGlobs: (raw) => (Array.isArray(raw) ? raw.filter((g): g is string => typeof g === 'string') : undefined),
  preset: (raw) => (typeof raw === 'string' && raw ? (raw as PresetId | 'auto') : undefined),
  rules: (raw) => (isPlainObject(raw) ? (raw as Record<string, RuleSetting>) : undefined),
  maxFileSize: (raw) => (typeof raw === 'number' && Number.isFinite(raw) ? raw : undefined),
  plansFolder: (raw) => (typeof raw === 'string' && raw ? raw : undefined),
};

const copy = (v: unknown) => (Array.isArray(v) ? [...v] : isPlainObject(v) ? { ...v } : v);

/** The settings, typed, from `get(key)` (the raw value of `planAuthor.<key>`, undefined when not set anywhere). */
export function readSettings(get: (key: SettingKey) => unknown): Settings {
  const out = {} as Record<SettingKey, unknown>;
  for (const key of SETTING_KEYS) out[key] = COERCE[key](get(key)) ?? copy(SETTING_DEFAULTS[key]);
  return out as unknown as Settings;
}
