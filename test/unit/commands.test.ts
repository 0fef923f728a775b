// The command table (src/extension/commandIds.ts, bound to handlers in commands.ts) and package.json agree: every
// contributed command has a handler, every handler is contributed or deliberately internal, and every menu entry,
// key binding, link and walkthrough event names a command that exists.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { COMMANDS, INTERNAL_COMMANDS } from '../../src/extension/commandIds';

const pkg = JSON.parse(readFileSync(resolve(__dirname, '../../../package.json'), 'utf8'));
const contributes = pkg.contributes;
const registered: string[] = Object.values(COMMANDS);
const contributed: string[] = contributes.commands.map((c: { command: string }) => c.command);
// Commands VS Code itself makes for the extension's views (`<view id>.focus`).
const viewCommands: string[] = Object.values(contributes.views as Record<string, { id: string }[]>).flat().map((v) => `${v.id}.focus`);

describe('commands: the table and package.json agree', () => {
  test('every contributed command has a handler in the table', () => {
    assert.deepEqual(contributed.filter((c) => !registered.includes(c)), []);
  });

  test('every command of the table is contributed, or listed as internal', () => {
    assert.deepEqual(registered.filter((c) => !contributed.includes(c) && !INTERNAL_COMMANDS.includes(c as never)), []);
  });

  test('internal commands are not contributed (they take arguments only the extension gives)', () => {
    assert.deepEqual(INTERNAL_COMMANDS.filter((c) => contributed.includes(c)), []);
  });

  test('no command is contributed twice, and each has a title and the Plan Author category', () => {
    assert.equal(new Set(contributed).size, contributed.length);
    for (const c of contributes.commands) {
      assert.ok(c.title, `${c.command} has a title`);
      assert.equal(c.category, 'Plan Author', c.command);
    }
  });

  test('every menu entry names a contributed command', () => {
    const unknown: string[] = [];
    for (const [menu, entries] of Object.entries(contributes.menus as Record<string, { command: string }[]>)) {
      for (const e of entries) if (!contributed.includes(e.command)) unknown.push(`${menu}: ${e.command}`);
    }
    assert.deepEqual(unknown, []);
  });

  test('every key binding names a contributed command', () => {
    assert.ok(contributes.keybindings.length > 0);
    assert.deepEqual(contributes.keybindings.map((k: { command: string }) => k.command).filter((c: string) => !contributed.includes(c)), []);
  });

  test('command links and completion events (views, walkthroughs) name commands that exist', () => {
    const text = JSON.stringify({ viewsWelcome: contributes.viewsWelcome, walkthroughs: contributes.walkthroughs });
    const named = [...text.matchAll(/(?:command:|onCommand:)(planAuthor\.[\w.]+)/g)].map((m) => m[1]);
    assert.ok(named.length >= 3, 'the welcome view and the walkthrough link commands');
    assert.deepEqual(named.filter((c) => !registered.includes(c) && !viewCommands.includes(c)), []);
  });

  test('Reveal Phase is hidden from the Command Palette (it needs a phase id)', () => {
    const palette = new Map<string, string>(contributes.menus.commandPalette.map((e: { command: string; when: string }) => [e.command, e.when]));
    assert.equal(palette.get(COMMANDS.revealPhase), 'false', 'Reveal Phase needs a phase id: not offered in the palette');
  });
});
