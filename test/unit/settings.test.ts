// The settings reader (src/extension/settings.ts, read from VS Code by config.ts) and package.json
// `contributes.configuration` describe the same settings: same keys both ways, same defaults, same types.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { readSettings, SETTINGS_SECTION, SETTING_DEFAULTS, SETTING_KEYS, type SettingKey } from '../../src/extension/settings';
import { PRESET_IDS, RULES } from '../../src/model/index';

const pkg = JSON.parse(readFileSync(resolve(__dirname, '../../../package.json'), 'utf8'));
const properties: Record<string, { type: string; default: unknown; enum?: unknown[] }> = pkg.contributes.configuration.properties;
const contributed = Object.keys(properties);
const schemaType = (v: unknown) => (Array.isArray(v) ? 'array' : v === null ? 'null' : typeof v);

describe('settings: the reader and package.json agree', () => {
  test('every contributed setting is read, and every setting read is contributed', () => {
    const read = SETTING_KEYS.map((k) => `${SETTINGS_SECTION}.${k}`);
    assert.deepEqual(
      contributed.filter((k) => !read.includes(k)),
      [],
      'contributed in package.json but not read by src/extension/settings.ts',
    );
    assert.deepEqual(
      read.filter((k) => !contributed.includes(k)),
      [],
      'read by src/extension/settings.ts but not contributed in package.json',
    );
  });

  for (const key of SETTING_KEYS) {
    const id = `${SETTINGS_SECTION}.${key}`;
    test(`${id}: the same default and type`, () => {
      const p = properties[id];
      assert.ok(p, `${id} is not contributed`);
      assert.deepEqual(SETTING_DEFAULTS[key], p.default);
      assert.equal(schemaType(SETTING_DEFAULTS[key]), p.type);
    });
  }

  test('planAuthor.rules offers every rule code, each with the four levels, and no code that is not a rule', () => {
    const rules = (properties[`${SETTINGS_SECTION}.rules`] as unknown as { properties: Record<string, { enum: string[] }> }).properties;
    assert.deepEqual(Object.keys(rules).sort(), RULES.map((r) => r.code).sort());
    for (const [code, p] of Object.entries(rules)) assert.deepEqual(p.enum, ['off', 'information', 'warning', 'error'], code);
  });

  test('planAuthor.preset offers auto and every preset the model knows', () => {
    assert.deepEqual(properties[`${SETTINGS_SECTION}.preset`].enum, ['auto', ...PRESET_IDS]);
  });
});

describe('settings: reading', () => {
  test('nothing set: the defaults, as copies that a caller cannot change for the next reader', () => {
    const a = readSettings(() => undefined);
    assert.deepEqual(a, SETTING_DEFAULTS);
    a.planGlobs.push('x.md');
    a.rules['placeholder'] = 'off';
    assert.deepEqual(readSettings(() => undefined), SETTING_DEFAULTS);
  });

  const set: Record<SettingKey, unknown> = {
    planGlobs: ['docs/**/*.md'],
    preset: 'codev-pir',
    rules: { placeholder: 'off' },
    maxFileSize: 50_000,
    plansFolder: 'plans',
  };
  test('values of the setting\'s type are read as set', () => {
    assert.deepEqual(readSettings((k) => set[k]), set);
  });

  // A hand-edited settings.json can hold anything; a value of the wrong type is the default, never a crash later.
  const wrong: Record<SettingKey, unknown> = { planGlobs: '**/*.md', preset: 42, rules: ['placeholder'], maxFileSize: '1e6', plansFolder: {} };
  for (const key of SETTING_KEYS) {
    test(`planAuthor.${key} of the wrong type (${JSON.stringify(wrong[key])}) reads as the default`, () => {
      assert.deepEqual(readSettings((k) => (k === key ? wrong[k] : undefined))[key], SETTING_DEFAULTS[key]);
    });
  }

  test('planGlobs keeps its strings and drops what is not one', () => {
    assert.deepEqual(readSettings((k) => (k === 'planGlobs' ? ['a/*.md', 3, null, 'b.md'] : undefined)).planGlobs, ['a/*.md', 'b.md']);
  });
});
