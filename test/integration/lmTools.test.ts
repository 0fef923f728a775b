// The language-model tools in the real editor: registered in `vscode.lm.tools` under the names and references
// package.json contributes, and invoked through `vscode.lm.invokeTool` outside any chat request, on the open plan.
// The API is typed locally (as in src/extension/lmTools.ts), so this file compiles against older API typings too.
import * as assert from 'assert';
import * as vscode from 'vscode';
import { activeExtension, openFixture, waitFor } from './util';

const PLAN = 'checks/0003-image-thumbnails.md';

interface ToolInfo {
  name: string;
  description: string;
  tags: readonly string[];
  inputSchema?: object;
}
interface ToolResult {
  content: unknown[];
}
interface Lm {
  tools: readonly ToolInfo[];
  invokeTool(name: string, options: { input: object; toolInvocationToken: undefined }, token?: vscode.CancellationToken): Thenable<ToolResult>;
}
const lm = (vscode as unknown as { lm?: Lm }).lm;

const TOOLS: Record<string, string> = {
  planAuthor_checkPlan: 'planCheck',
  planAuthor_planOutline: 'planOutline',
  planAuthor_readyPhases: 'planReady',
  planAuthor_newPlan: 'planNew',
  planAuthor_explainRule: 'planRule',
};

/** The text parts of a tool result. */
function textOf(result: ToolResult): string {
  return result.content.map((p) => (typeof (p as { value?: unknown }).value === 'string' ? (p as { value: string }).value : '')).join('');
}

async function invoke(name: string, input: object): Promise<string> {
  assert.ok(lm, 'vscode.lm exists in this VS Code');
  return textOf(await lm.invokeTool(name, { input, toolInvocationToken: undefined }));
}

const codeOf = (d: vscode.Diagnostic) => (typeof d.code === 'object' ? String(d.code.value) : String(d.code));
const SEVERITY = ['error', 'warning', 'information', 'hint'];

suite('language-model tools', () => {
  suiteSetup(async () => {
    await openFixture(PLAN);
    await activeExtension();
  });
  suiteTeardown(() => vscode.commands.executeCommand('workbench.action.closeAllEditors'));

  test('the five tools are registered in vscode.lm.tools, each described and with an input schema', async () => {
    assert.ok(lm, 'vscode.lm exists in this VS Code');
    const pkg = vscode.extensions.getExtension('plan-author.plan-author')!.packageJSON as {
      contributes: { languageModelTools: { name: string; toolReferenceName: string; canBeReferencedInPrompt: boolean }[] };
    };
    const contributed = pkg.contributes.languageModelTools;
    assert.deepStrictEqual(Object.fromEntries(contributed.map((t) => [t.name, t.toolReferenceName])), TOOLS);
    assert.ok(contributed.every((t) => t.canBeReferencedInPrompt));
    const tools: ToolInfo[] = await waitFor(() => {
      const found = lm.tools.filter((t) => t.name in TOOLS);
      return found.length === Object.keys(TOOLS).length ? found : undefined;
    }, 'the tools in vscode.lm.tools');
    for (const t of tools) {
      assert.ok(t.description.length > 40, `${t.name} tells the model what it does`);
      assert.ok(t.tags.includes('plan-author'), `${t.name} is tagged`);
      assert.strictEqual((t.inputSchema as { type?: string } | undefined)?.type, 'object', `${t.name} has an input schema`);
    }
  });

  test('planCheck on the open plan, through vscode.lm.invokeTool: the editor\'s findings, with their quick fixes', async () => {
    const editor = await openFixture(PLAN);
    const uri = editor.document.uri;
    const diagnostics: vscode.Diagnostic[] = await waitFor(() => {
      const d = vscode.languages.getDiagnostics(uri).filter((x) => x.source === 'plan-author');
      return d.length >= 2 ? d : undefined;
    }, 'the plan\'s diagnostics');
    const text = await invoke('planAuthor_checkPlan', {});
    assert.match(text, new RegExp(`^${PLAN.replace(/[.]/g, '\\.')}: ${diagnostics.length} problems`));
    for (const d of diagnostics) {
      const at = `${d.range.start.line + 1}:${d.range.start.character + 1} ${SEVERITY[d.severity]} ${codeOf(d)}: `;
      assert.ok(text.includes(at + d.message.split('\n')[0]), `the tool reports ${at}${d.message}\n---\n${text}`);
    }
    assert.match(text, /quick fix \(preferred\): Add "Test Plan" to Phase 2: insert ".*#### Test Plan/);
    // By path, relative to the workspace folder: the same answer.
    assert.strictEqual(await invoke('planAuthor_checkPlan', { path: PLAN }), text);
  });

  test('planOutline, planReady, planNew and planRule answer through vscode.lm.invokeTool', async () => {
    const outline = await invoke('planAuthor_planOutline', { path: 'tracked/plans/0009-tracked-plan.md' });
    assert.match(outline, /Phase 1: Collect \(lines 5–8\) complete \[done\]; no dependencies/);
    assert.match(outline, /```mermaid\nflowchart TD/);
    const ready = await invoke('planAuthor_readyPhases', { path: 'tracked/plans/0009-tracked-plan.md' });
    assert.match(ready, /1 phase ready to start[^\n]*\n {2}Phase 2: Report \(line 10\) already in progress; after 1/);
    assert.match(ready, /Complete: 1/);
    const plan = await invoke('planAuthor_newPlan', { template: 'codev-pir', title: 'Fix the flaky upload' });
    assert.match(plan, /Nothing was written/);
    assert.match(plan, /Fix the flaky upload/);
    const rule = await invoke('planAuthor_explainRule', { code: 'unknown-phase' });
    assert.match(rule, /^unknown-phase \(default severity error\)/);
    assert.match(rule, /Bad \(triggers unknown-phase\):/);
  });

  test('bad input is refused with a message: outside the workspace, a folder, no such file, an unknown rule', async () => {
    for (const [input, tool, message] of [
      [{ path: '/etc/hostname' }, 'planAuthor_checkPlan', /outside the workspace folders/],
      [{ path: 'plans' }, 'planAuthor_planOutline', /is a folder/],
      [{ path: 'plans/no-such-plan.md' }, 'planAuthor_readyPhases', /no such file/],
      [{ code: 'no-such-rule' }, 'planAuthor_explainRule', /unknown rule "no-such-rule"/],
    ] as [object, string, RegExp][]) {
      await assert.rejects(() => invoke(tool, input), (e: Error) => message.test(e.message), `${tool} ${JSON.stringify(input)}`);
    }
    // Still answering.
    assert.match(await invoke('planAuthor_checkPlan', { path: PLAN }), /problems/);
  });
});
