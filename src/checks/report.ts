// Findings as the command-line checker's JSON reports them: 1-based lines and columns clamped to the text. Shared by
// the CLI, the MCP server and the editor's language-model tools, so that all three report a plan alike. Pure: no
// `vscode`, no file system.
import type { PlanModel } from '../model/types';
import type { Finding } from './types';

/** 1-based line and column of a finding, clamped to the text (as an editor shows it); end column is exclusive. */
export function location(text: string, f: Pick<Finding, 'range'>) {
  const lines = text.split('\n');
  const clamp = (p: { line: number; character: number }) => {
    const line = Math.max(0, Math.min(p.line, lines.length - 1));
    const len = lines[line].replace(/\r$/, '').length;
    return { line: line + 1, column: Math.max(0, Math.min(p.character, len)) + 1 };
  };
  const s = clamp(f.range.start);
  const e = clamp(f.range.end);
  return { line: s.line, column: s.column, endLine: e.line, endColumn: e.column };
}

export interface FileReportInput {
  path: string;
  text: string;
  model: PlanModel;
  findings: Finding[];
}

/** One entry of the CLI's JSON `files` array. */
export function fileReport(f: FileReportInput) {
  return {
    path: f.path,
    preset: f.model.preset,
    phases: f.model.phases.map((p) => ({ id: p.id, title: p.title, line: p.heading.start.line + 1, dependsOn: p.dependencies?.dependsOn ?? [] })),
    findings: f.findings.map((x) => ({ code: x.code, severity: x.severity, message: x.message, ...location(f.text, x) })),
  };
}
