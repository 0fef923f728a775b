// Findings as the command-line checker's JSON reports them: 1-based lines and columns clamped to the text. Shared by
// the CLI, the MCP server and the editor's language-model tools, so that all three report a plan alike. Pure: no
// `vscode`, no file system.
import type { PlanModel } from '../model/types';
import type { Finding } from './types';
import { lineStartsOf } from '../model/scan';

let lastIndex: { text: string; starts: number[] } | undefined;

/** 1-based line and column of a finding, clamped to the text (as an editor shows it); end column is exclusive. */
export function location(text: string, f: Pick<Finding, 'range'>) {
  // One index of line starts per text, not a split of the text per finding (20,000 findings on a long plan).
  if (lastIndex?.text !== text) lastIndex = { text, starts: lineStartsOf(text) };
  const starts = lastIndex.starts;
  const clamp = (p: { line: number; character: number }) => {
    const line = Math.max(0, Math.min(p.line, starts.length - 1));
    const end = line + 1 < starts.length ? starts[line + 1] - 1 : text.length;
    const len = end - starts[line] - (end > starts[line] && text.charCodeAt(end - 1) === 13 ? 1 : 0);
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
