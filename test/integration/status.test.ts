// codev's status.yaml (codev/projects/<id>-<name>/status.yaml) beside a plan: read by the editor, used for progress
// and compared with the plan's phases.
import * as assert from 'assert';
import * as vscode from 'vscode';
import { activeExtension, openFixture, waitFor } from './util';
import type { PlanAuthorApi } from '../../src/extension';

const PLAN = 'tracked/plans/0009-tracked-plan.md';

suite('status.yaml', () => {
  test('the status file under projects/ is found; a phase it tracks that the plan lacks is reported', async () => {
    const editor = await openFixture(PLAN);
    const api = (await activeExtension()).exports as PlanAuthorApi;
    const entry = await waitFor(() => api.cache.get(editor.document)?.status && api.cache.get(editor.document), 'the status file to be read');
    assert.deepStrictEqual(entry.status!.phases.map((p) => [p.id, p.status]), [['phase_1', 'complete'], ['phase_2', 'in_progress'], ['phase_3', 'pending']]);
    const drift = await waitFor(
      () => vscode.languages.getDiagnostics(editor.document.uri).find((d) => typeof d.code === 'object' && d.code.value === 'status-drift'),
      'the status-drift warning',
    );
    assert.match(drift.message, /tracks "phase_3" \("Rollout"\), which this plan does not have/);
    assert.match(api.statusBarItem.text, /Plan: 2 phases · 33% ·/, 'progress from status.yaml: 1 of 3 complete');
  });
});
