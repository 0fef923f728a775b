// Trust: what the extension declares for Restricted Mode and virtual workspaces, and that a workspace's settings
// cannot make New Plan write outside the workspace.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { plansFolderInside } from '../../src/authoring/newPlan';

const pkg = JSON.parse(readFileSync(resolve(__dirname, '../../../package.json'), 'utf8'));

describe('capabilities', () => {
  test('untrusted workspaces: supported in a limited way, the settings that choose files or folders restricted', () => {
    const u = pkg.capabilities?.untrustedWorkspaces;
    assert.equal(u?.supported, 'limited');
    assert.ok(u.description.length > 20);
    const settings = Object.keys(pkg.contributes.configuration.properties);
    // Every setting naming files or folders (a glob, a folder, a path) is restricted; every restricted one exists.
    const choosingFiles = settings.filter((k) => /glob|folder|path|file(?!size)/i.test(k));
    assert.deepEqual([...u.restrictedConfigurations].sort(), choosingFiles.sort());
    for (const k of u.restrictedConfigurations) assert.ok(settings.includes(k), k);
  });

  test('virtual workspaces declared, with what does not work there', () => {
    const v = pkg.capabilities?.virtualWorkspaces;
    assert.equal(v?.supported, 'limited');
    assert.match(v.description, /status files/);
  });
});

describe('planAuthor.plansFolder stays inside the workspace', () => {
  const root = '/home/me/project';
  for (const [raw, want] of [
    ['codev/plans', 'codev/plans'],
    ['./codev/plans/', 'codev/plans'],
    ['codev\\plans', 'codev/plans'],
    ['.', '.'],
    ['', '.'],
    ['a/../plans', 'plans'],
    ['/home/me/project/docs/plans', 'docs/plans'],
    ['/home/me/project', '.'],
  ] as const) {
    test(`"${raw}" → ${want}`, () => assert.equal(plansFolderInside(raw, root), want));
  }
  for (const raw of ['..', '../plans', 'plans/../../x', '/etc', '/home/me/project-other/plans', '/home/me', 'C:\\Windows\\plans']) {
    test(`"${raw}" is refused`, () => assert.equal(plansFolderInside(raw, root), undefined));
  }
  test('Windows paths compare without case', () => {
    assert.equal(plansFolderInside('c:\\Work\\Proj\\plans', '/C:/work/proj'), 'plans');
    assert.equal(plansFolderInside('D:\\plans', '/C:/work/proj'), undefined);
  });
});
