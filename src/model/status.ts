// codev's `status.yaml` (plan_phases with pending | in_progress | complete): where it may lie beside a plan, and
// how to read it. Pure: the callers do the file I/O.
import { parse as parseYaml } from 'yaml';
import type { StatusInfo, StatusPhase } from './types';

export interface StatusCandidate {
  path: string;
  /** When set, `path` is a folder whose entries matching `glob` hold a `status.yaml`. */
  glob?: RegExp;
}

function dirname(p: string) {
  const i = p.lastIndexOf('/');
  return i <= 0 ? '/' : p.slice(0, i);
}

/** Places a plan's status file may be, most specific first (POSIX paths). */
export function statusCandidates(planPath: string): StatusCandidate[] {
  const dir = dirname(planPath);
  const file = planPath.slice(dir.length + 1);
  const base = file.replace(/\.md$/i, '');
  const parent = dirname(dir);
  const id = /^(\d+)-/.exec(base)?.[1];
  const out: StatusCandidate[] = [
    { path: `${dir}/${base}.status.yaml` },
    { path: `${parent}/status/${base}.status.yaml` },
    { path: `${parent}/projects/${base}/status.yaml` },
  ];
  if (id) {
    const escaped = id.replace(/^0+/, '');
    out.push({ path: `${parent}/projects`, glob: new RegExp(`^0*${escaped}(-|$)`) });
  }
  if (/^plan$/i.test(base)) out.unshift({ path: `${dir}/status.yaml` });
  return out;
}

/** Reads `plan_phases` from a status file; undefined when the text is not such a file. */
export function readStatus(text: string, path: string): StatusInfo | undefined {
  let doc: unknown;
  try {
    doc = parseYaml(text);
  } catch {
    return undefined;
  }
  const list = (doc as { plan_phases?: unknown })?.plan_phases;
  if (!Array.isArray(list)) return undefined;
  const phases: StatusPhase[] = list
    .filter((p) => p && typeof p === 'object')
    .map((p) => ({ id: String(p.id ?? ''), title: String(p.title ?? ''), status: String(p.status ?? 'pending') }));
  const current = (doc as { current_plan_phase?: unknown }).current_plan_phase;
  return { path, phases, currentPhase: typeof current === 'string' ? current : null };
}
