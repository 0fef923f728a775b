// Checks in the real editor: the warning on a phase without "Test Plan", its quick fix (one undo step), fix all,
// the regenerate refactoring, and the same findings from the editor and from the command-line checker.
import * as assert from 'assert';
import { spawnSync } from 'child_process';
import * as path from 'path';
import * as vscode from 'vscode';
import { activeExtension, fixtureUri, openFixture, waitFor } from './util';

const PLAN = 'checks/0003-image-thumbnails.md';

function planDiagnostics(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'plan-author');
}

const codeOf = (d: vscode.Diagnostic) => (typeof d.code === 'object' ? String(d.code.value) : String(d.code));

function missingTestPlan(uri: vscode.Uri): vscode.Diagnostic | undefined {
  return planDiagnostics(uri).find((d) => codeOf(d) === 'missing-subsection' && /Phase 2 has no "Test Plan"/.test(d.message));
}

/** Opens the fixture plan as it is on disk (an earlier test may have left it edited). */
async function openPlan(): Promise<vscode.TextEditor> {
  const editor = await openFixture(PLAN);
  if (editor.document.isDirty) {
    await vscode.commands.executeCommand('workbench.action.files.revert');
    await waitFor(() => !editor.document.isDirty, 'the plan to revert');
  }
  return editor;
}

async function closeAll() {
  const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === fixtureUri(PLAN).toString());
  if (doc?.isDirty) {
    await vscode.window.showTextDocument(doc);
    await vscode.commands.executeCommand('workbench.action.files.revert');
  }
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
}

const list = (uri: vscode.Uri) => planDiagnostics(uri).map((d) => `${d.range.start.line + 1} ${codeOf(d)}: ${d.message}`).join('\n');

suite('checks', () => {
  // The fixture on disk must survive the suite whatever happens to its editor.
  let onDisk: Uint8Array;
  suiteTeardown(async () => {
    const now = await vscode.workspace.fs.readFile(fixtureUri(PLAN));
    if (Buffer.compare(Buffer.from(now), Buffer.from(onDisk)) !== 0) await vscode.workspace.fs.writeFile(fixtureUri(PLAN), onDisk);
  });
  suiteSetup(async () => {
    onDisk = await vscode.workspace.fs.readFile(fixtureUri(PLAN));
    await activeExtension().catch(async () => {
      await openFixture(PLAN);
      await activeExtension();
    });
  });
  teardown(closeAll);

  test('a phase without "Test Plan": information on its heading, quick fix inserts it in place, undo restores', async () => {
    const editor = await openPlan();
    const doc = editor.document;
    const original = doc.getText();
    const d = (await waitFor(() => missingTestPlan(doc.uri), 'the missing-subsection warning').catch(async (e) => {
      const api = (await activeExtension()).exports as { cache: { findings(d: vscode.TextDocument): { code: string; message: string }[]; isPlan(d: vscode.TextDocument): boolean } };
      throw new Error(`${e.message}; all diagnostics: ${JSON.stringify(vscode.languages.getDiagnostics(doc.uri).map((x) => [x.source, x.message]))}; isPlan ${api.cache.isPlan(doc)} findings ${JSON.stringify(api.cache.findings(doc).map((f) => f.message))}; lang ${doc.languageId} ${doc.uri}`);
    }))!;
    // Template completeness is information: the plan's disagreements and errors lead the Problems list.
    assert.strictEqual(d.severity, vscode.DiagnosticSeverity.Information);
    assert.strictEqual(doc.lineAt(d.range.start.line).text, '### Phase 2: Storage Layout');
    assert.ok(typeof d.code === 'object' && d.code.target.toString().endsWith('docs/rules.md#missing-subsection'));

    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', doc.uri, d.range, vscode.CodeActionKind.QuickFix.value);
    const fix = actions.find((a) => a.title === 'Add "Test Plan" to Phase 2');
    assert.ok(fix, `no fix among: ${actions.map((a) => a.title).join(' | ')}`);
    assert.ok(fix.isPreferred);
    assert.ok(fix.kind && vscode.CodeActionKind.QuickFix.contains(fix.kind));
    assert.ok(fix.edit);
    assert.ok(await vscode.workspace.applyEdit(fix.edit));

    const lines = doc.getText().split('\n');
    const phase2 = lines.indexOf('### Phase 2: Storage Layout');
    const test = lines.indexOf('#### Test Plan', phase2);
    const criteria = lines.indexOf('#### Acceptance Criteria', phase2);
    const rollback = lines.indexOf('#### Rollback Strategy', phase2);
    assert.ok(criteria < test && test < rollback, `Test Plan at ${test}, between ${criteria} and ${rollback}`);
    assert.strictEqual(lines[test - 1], '', 'a blank line before the new subsection');
    assert.strictEqual(lines[rollback - 1], '', 'a blank line after it');
    assert.strictEqual(lines.indexOf('#### Test Plan', phase2), lines.lastIndexOf('#### Test Plan', lines.indexOf('### Phase 3: Gallery Integration')));

    await waitFor(() => !missingTestPlan(doc.uri) && planDiagnostics(doc.uri).length > 0, 'the warning to go');

    // One edit, one undo step.
    await vscode.window.showTextDocument(doc);
    await vscode.commands.executeCommand('undo');
    await waitFor(() => doc.getText() === original, 'undo to restore the text');
    assert.strictEqual(doc.getText(), original);
    await waitFor(() => missingTestPlan(doc.uri), 'the warning to come back');
  });

  test('fix all (source.fixAll.planAuthor) applies every preferred fix in one edit', async () => {
    const editor = await openPlan();
    const doc = editor.document;
    await waitFor(() => missingTestPlan(doc.uri), 'diagnostics');
    const whole = new vscode.Range(0, 0, doc.lineCount, 0);
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', doc.uri, whole, 'source.fixAll.planAuthor');
    const all = actions.find((a) => a.kind?.value === 'source.fixAll.planAuthor');
    assert.ok(all?.edit, `actions: ${actions.map((a) => `${a.kind?.value} ${a.title}`).join(' | ')}`);
    assert.ok(await vscode.workspace.applyEdit(all.edit));
    // The inserted "Test Plan" is the template's, placeholders included: they mark what is left to write.
    await waitFor(() => planDiagnostics(doc.uri).every((x) => codeOf(x) === 'placeholder'), 'only placeholders left').catch((e) => {
      throw new Error(`${e.message}; left:\n${list(doc.uri)}`);
    });
    assert.match(doc.getText(), /#### Acceptance Criteria\n- \[ \] Deleting an original deletes its thumbnails\n\n#### Test Plan\n/);
  });

  test('regenerate the Dependency Map: a refactoring inside the map section, and a command', async () => {
    const editor = await openPlan();
    const doc = editor.document;
    await waitFor(() => missingTestPlan(doc.uri), 'diagnostics');
    const mapLine = doc.getText().split('\n').indexOf('Phase 1 ──→ Phase 2 ──→ Phase 3');
    const here = new vscode.Range(mapLine, 2, mapLine, 2);
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', doc.uri, here, vscode.CodeActionKind.RefactorRewrite.value);
    assert.ok(actions.some((a) => a.title === 'Regenerate the Dependency Map from the Dependencies lines'), actions.map((a) => a.title).join(' | '));
    const outside = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', doc.uri, new vscode.Range(1, 0, 1, 0), vscode.CodeActionKind.RefactorRewrite.value);
    assert.ok(!outside.some((a) => a.title.startsWith('Regenerate')));

    // Draw a wrong map, then regenerate it from the Dependencies lines (Phase 5, which does not exist, is left out).
    const wrong = new vscode.WorkspaceEdit();
    wrong.replace(doc.uri, doc.lineAt(mapLine).range, 'Phase 1 ──→ Phase 3\nPhase 2');
    assert.ok(await vscode.workspace.applyEdit(wrong));
    await waitFor(() => planDiagnostics(doc.uri).some((d) => codeOf(d) === 'map-mismatch'), 'a map-mismatch warning');
    assert.ok(await vscode.commands.executeCommand('planAuthor.regenerateDependencyMap'));
    const text = doc.getText();
    assert.ok(text.includes('## Dependency Map\n```\nPhase 1 ──→ Phase 2 ──→ Phase 3\n```\n'), text.slice(text.indexOf('## Dependency Map'), text.indexOf('## Risk Analysis')));
    await waitFor(() => !planDiagnostics(doc.uri).some((d) => codeOf(d) === 'map-mismatch'), 'the map-mismatch warning to go');
  });

  test('regenerate the phases JSON, and add a missing Dependency Map, in untitled plans', async () => {
    const codev = [
      '# Plan: Dark Mode',
      '',
      '## Phases (Machine Readable)',
      '',
      '```json',
      '{"phases": [{"id": "phase_1", "title": "Old"}]}',
      '```',
      '',
      '## Phase Breakdown',
      '',
      '### Phase 1: Tokens',
      '**Dependencies**: None',
      '',
      '### Phase 2: Components',
      '**Dependencies**: Phase 1',
      '',
    ].join('\n');
    const doc = await vscode.workspace.openTextDocument({ language: 'markdown', content: codev });
    await vscode.window.showTextDocument(doc);
    await waitFor(() => planDiagnostics(doc.uri).some((d) => codeOf(d) === 'phases-json-drift'), 'phases-json-drift');
    const inJson = new vscode.Range(5, 3, 5, 3);
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', doc.uri, inJson, vscode.CodeActionKind.RefactorRewrite.value);
    assert.ok(actions.some((a) => a.title === 'Regenerate the phases JSON from the phase headings'), actions.map((a) => a.title).join(' | '));
    assert.ok(await vscode.commands.executeCommand('planAuthor.regeneratePhasesJson'));
    assert.ok(doc.getText().includes('```json\n{\n  "phases": [\n    {"id": "phase_1", "title": "Tokens"},\n    {"id": "phase_2", "title": "Components"}\n  ]\n}\n```'), doc.getText());
    await waitFor(() => !planDiagnostics(doc.uri).some((d) => codeOf(d).startsWith('phases-json')), 'the JSON findings to go');

    const noMap = '# Plan: X\n\n## Phase Breakdown\n\n### Phase 1: A\n**Dependencies**: None\n\n### Phase 2: B\n**Dependencies**: Phase 1\n\n## Risk Analysis\n- none\n';
    const doc2 = await vscode.workspace.openTextDocument({ language: 'markdown', content: noMap });
    await vscode.window.showTextDocument(doc2);
    assert.ok(await vscode.commands.executeCommand('planAuthor.regenerateDependencyMap'));
    assert.strictEqual(
      doc2.getText(),
      '# Plan: X\n\n## Phase Breakdown\n\n### Phase 1: A\n**Dependencies**: None\n\n### Phase 2: B\n**Dependencies**: Phase 1\n\n## Dependency Map\n\n```\nPhase 1 ──→ Phase 2\n```\n\n## Risk Analysis\n- none\n',
    );
    for (const d of [doc, doc2]) {
      await vscode.window.showTextDocument(d);
      await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    }
  });

  test('planAuthor.rules: a rule turned off leaves Problems, and comes back at the level set', async () => {
    const doc = (await openPlan()).document;
    await waitFor(() => missingTestPlan(doc.uri), 'the missing-subsection information');
    const cfg = vscode.workspace.getConfiguration('planAuthor');
    // User settings (the harness's own profile): nothing is written into the fixture workspace.
    try {
      await cfg.update('rules', { 'missing-subsection': 'off' }, vscode.ConfigurationTarget.Global);
      await waitFor(() => !planDiagnostics(doc.uri).some((d) => codeOf(d) === 'missing-subsection') && planDiagnostics(doc.uri).length > 0, 'missing-subsection to leave, the other findings to stay');
      await cfg.update('rules', { 'missing-subsection': 'error' }, vscode.ConfigurationTarget.Global);
      await waitFor(() => missingTestPlan(doc.uri)?.severity === vscode.DiagnosticSeverity.Error, 'missing-subsection back as an error');
    } finally {
      await cfg.update('rules', undefined, vscode.ConfigurationTarget.Global);
    }
    await waitFor(() => missingTestPlan(doc.uri)?.severity === vscode.DiagnosticSeverity.Information, 'missing-subsection back at its default level');
  });

  test('the editor and the command-line checker report the same findings', async () => {
    const editor = await openPlan();
    const doc = editor.document;
    await waitFor(() => missingTestPlan(doc.uri), 'diagnostics');
    const ext = await activeExtension();
    const cli = path.join(ext.extensionPath, 'dist', 'cli.js');
    const r = spawnSync(process.execPath, [cli, 'check', '--format', 'json', fixtureUri(PLAN).fsPath], { encoding: 'utf8', env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' } });
    assert.strictEqual(r.status, 1, r.stderr);
    const fromCli = JSON.parse(r.stdout).files[0].findings.map((f: { code: string; line: number; column: number; severity: string }) => `${f.line}:${f.column} ${f.severity} ${f.code}`);
    const severity = ['error', 'warning', 'information', 'hint'];
    const fromEditor = planDiagnostics(doc.uri)
      .sort((a, b) => a.range.start.compareTo(b.range.start) || codeOf(a).localeCompare(codeOf(b)))
      .map((d) => `${d.range.start.line + 1}:${d.range.start.character + 1} ${severity[d.severity]} ${codeOf(d)}`);
    assert.deepStrictEqual(fromEditor, fromCli);
    assert.deepStrictEqual(fromCli, ['43:1 information missing-subsection', '66:34 error unknown-phase']);
  });
});
