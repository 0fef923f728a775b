// Hostile plans (bench/hostile.ts): each must cost about as much as its size, whatever its shape. Costs are
// counted in work done (characters handed to remark, edges, findings, bytes printed), never in wall-clock time,
// so that these tests pass or fail the same on a loaded machine; `npm run bench` prints the times.
import { test, describe, before } from 'node:test';
import assert from 'node:assert/strict';
import { parsePlan, checkPlan } from '../../src/model/index';
import { MAX_EXPANSION, MAX_RANGE_WORK, nextKeyLine } from '../../src/model/build';
import { readDependencyValue } from '../../src/model/dependencies';
import { MAX_MAP_EDGES } from '../../src/model/dependencyMap';
import { resolve, join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';

const cli = resolve(__dirname, '../../../dist/cli.js');
import { parseMarkdown, parseStats, MAX_NESTING } from '../../src/model/markdown';
import { SPLIT_CHARS } from '../../src/model/scan';
import { SHAPES } from '../../bench/hostile';
import type { RootContent } from 'mdast';
import type { PlanModel } from '../../src/model/types';

const shape = (name: string) => SHAPES.find((s) => s.name === name)!;

function depth(nodes: RootContent[]): number {
  let max = 0;
  const stack: [RootContent, number][] = nodes.map((n) => [n, 1]);
  while (stack.length) {
    const [n, d] = stack.pop()!;
    max = Math.max(max, d);
    for (const c of (n as { children?: RootContent[] }).children ?? []) stack.push([c, d + 1]);
  }
  return max;
}

test('chunks that spill into the next are merged in one step: 1,000 of them cost about two parses of the text, not 500', () => {
  const text = shape('spilling fences').make(1000);
  const before = parseStats.chars;
  const model = parsePlan(text);
  const parsed = parseStats.chars - before;
  assert.equal(model.phases.length, 1000);
  assert.ok(parsed <= 4 * text.length, `remark read ${parsed} characters for a ${text.length}-character plan`);
  assert.deepEqual(
    model.phases.map((p) => p.title),
    parsePlan(text, { wholeDocument: true }).phases.map((p) => p.title),
  );
});

test('a long plan without headings is parsed in chunks of about SPLIT_CHARS, cut before paragraphs, equal to one parse', () => {
  let text = '# Plan: Prose\n\n';
  for (let i = 0; text.length < 300_000; i++) text += `Paragraph ${i} with [a link](https://example.com/${i}) and *emphasis*,\nwrapped on two lines.\n\n- a list item ${i}\n  continued\n\n`;
  parseStats.largest = 0;
  const model = parsePlan(text);
  assert.ok(parseStats.largest < SPLIT_CHARS + 200, `one remark call read ${parseStats.largest} characters`);
  assert.deepEqual(model, parsePlan(text, { wholeDocument: true }));
});

test('`>` nested 4,000 deep on one line parses without overflowing the stack, nested at most MAX_NESTING deep', () => {
  const text = shape('nested quotes').make(4000);
  const model = parsePlan(text);
  assert.equal(model.title?.text, 'Plan: Hostile');
  const nodes = parseMarkdown('>'.repeat(4000) + ' x\n');
  assert.ok(depth(nodes) <= MAX_NESTING + 3, `tree ${depth(nodes)} deep`);
});

test('`- ` nested 2,000 deep on one line is read as a list nested at most MAX_NESTING deep (micromark is quadratic in depth)', () => {
  const nodes = parseMarkdown('- '.repeat(2000) + 'x\n');
  const d = depth(nodes);
  assert.ok(d <= 2 * MAX_NESTING + 3, `tree ${d} deep`);
  // The levels kept are real lists: the nesting is cut, not dropped.
  assert.ok(d >= MAX_NESTING, `tree ${d} deep`);
});

test('a line of dashes and spaces stays a thematic break however long', () => {
  const nodes = parseMarkdown(`${'- '.repeat(100)}\n`);
  assert.equal(nodes[0].type, 'thematicBreak');
});

test('only the GFM the model reads: tables and task lists, no autolink literals (quadratic on a long paragraph)', () => {
  const nodes = parseMarkdown('| a | b |\n|---|---|\n| 1 | 2 |\n\n- [x] done\n\nsee www.example.com and https://example.com\n');
  assert.deepEqual(nodes.map((n) => n.type), ['table', 'list', 'paragraph']);
  assert.equal((nodes[1] as { children: { checked: boolean }[] }).children[0].checked, true);
  const para = nodes[2] as { children: RootContent[] };
  assert.deepEqual(para.children.map((c) => c.type), ['text']);
});

// A timeout on the tests below guards against a hang only: the protected code takes well under a second, the
// unprotected code (per-reference rescans, per-finding splits) over a minute.
const HANG = { timeout: 40_000 };

function check(text: string) {
  const model = parsePlan(text);
  return { model, findings: checkPlan(model, { text }) };
}

/**
 * `items` behind a proxy that counts the reads of its elements and throws once they pass `limit`: a rule that walks
 * the list once per element (quadratic) fails at once, with the count, instead of running for a minute.
 */
function readsAtMost<T>(items: T[], limit: number, what: string): T[] {
  let reads = 0;
  return new Proxy(items, {
    get(target, key, receiver) {
      if (typeof key === 'string' && /^\d+$/.test(key) && ++reads > limit) throw new Error(`${what}: more than ${limit} reads of its ${target.length} items`);
      return Reflect.get(target, key, receiver);
    },
  });
}

/**
 * Runs `fn` with Array.prototype[method] counting its calls on lists of 1,000 items or more: past 100 of them (a
 * search per line or per entry), it throws and says so, instead of running for minutes.
 */
function searchesAtMost<R>(method: 'find' | 'some' | 'filter', fn: () => R): R {
  const proto = Array.prototype as unknown as Record<string, (...a: unknown[]) => unknown>;
  const original = proto[method];
  let calls = 0;
  proto[method] = function (this: unknown[], ...a: unknown[]) {
    if (this.length >= 1000 && ++calls > 100) throw new Error(`more than 100 calls of ${method} on a list of ${this.length}`);
    return original.apply(this, a);
  };
  try {
    return fn();
  } finally {
    proto[method] = original;
  }
}

test('one Dependencies line naming 10,000 unknown phases: one finding each, found without rescanning the line per id', HANG, () => {
  const text = shape('unknown ids').make(10000);
  const model = parsePlan(text);
  const deps = model.phases[0].dependencies!;
  // Every rule together reads the line's 10,000 references a few times over, never once per reference (10^8 reads).
  deps.refs = readsAtMost(deps.refs, 20 * deps.refs.length, 'the Dependencies line');
  const findings = checkPlan(model, { text });
  assert.equal(findings.filter((f) => f.code === 'unknown-phase').length, 10000);
});

test('a 20,000-phase chain with a one-line map is compared within a bounded search, with a short message', HANG, () => {
  const { findings } = check(shape('chain with a map').make(20000));
  const mismatch = findings.filter((f) => f.code === 'map-mismatch');
  assert.equal(mismatch.length, 1);
  assert.match(mismatch[0].message, /leaves out Phase 3, Phase 4, .* and 19978 more$/);
});

test('a 3,000-phase cycle (79 MB of messages) is one finding with a message of a few lines', HANG, () => {
  const { findings } = check(shape('cycle').make(3000));
  const cycles = findings.filter((f) => f.code === 'dependency-cycle');
  assert.equal(cycles.length, 1);
  assert.ok(cycles[0].message.length < 300, cycles[0].message);
  assert.match(cycles[0].message, /^Dependency cycle: 1 → 3000 → 2999 → 2998 → 2997 → … → .* \(3000 phases\)/);
  const small = check(shape('cycle').make(3)).findings.filter((f) => f.code === 'dependency-cycle');
  assert.equal(small.length, 1);
  assert.match(small[0].message, /^Dependency cycle: 1 → 3 → 2 → 1\./);
  assert.equal(small[0].related?.length, 2);
});

test('forty `Phases a-b` labels fanning out in a map: at most MAX_MAP_EDGES edges, and a note that the map was read in part', HANG, () => {
  const { model, findings } = check(shape('map ranges').make(40));
  assert.ok(model.dependencyMap!.edges.length <= MAX_MAP_EDGES, `${model.dependencyMap!.edges.length} edges`);
  assert.ok(findings.some((f) => f.code === 'too-complex' && /Dependency Map draws more arrows/.test(f.message)));
});

test('"All previous phases" on 4,000 phases: each phase depends on at most the MAX_EXPANSION before it, and says so once', HANG, () => {
  const { model, findings } = check(shape('all previous phases').make(4000));
  const total = model.phases.reduce((n, p) => n + (p.dependencies?.dependsOn.length ?? 0), 0);
  assert.ok(total <= MAX_EXPANSION * 4000, `${total} dependencies`);
  assert.deepEqual(model.phases[3999].dependencies!.dependsOn.slice(-2), ['3998', '3999']);
  assert.deepEqual(model.phases[5].dependencies!.dependsOn, ['1', '2', '3', '4', '5']);
  const notes = findings.filter((f) => f.code === 'too-complex');
  assert.equal(notes.length, 1);
  assert.match(notes[0].message, /All previous phases/);
});

test('a phases JSON opening 10,000 arrays is reported as too deep, not a stack overflow', HANG, () => {
  for (const name of ['deep phases JSON', 'deep invalid phases JSON']) {
    const { model, findings } = check(shape(name).make(10000));
    assert.match(model.phasesJson!.error!.message, /nested deeper than 64 levels/);
    assert.ok(findings.some((f) => f.code === 'phases-json-invalid'));
  }
});

describe('20,000 findings', () => {
  // The CLI's bundle, required (not run): its output functions on the findings of a real check.
  const { toText } = require(cli) as typeof import('../../src/cli');
  let run: Parameters<typeof toText>[0];
  before(() => {
    const text = shape('many findings').make(20000);
    const { model, findings } = check(text);
    run = { files: [{ path: 'p.md', abs: '/p.md', text, model, findings }], skipped: [], notPlans: 0, unreadableNamed: 0, errors: [] };
  });
  test('are located in the text by one index of line starts when printed (a split per finding took 48 s)', HANG, () => {
    // The text is scanned for its lines a few times at most while printing, not once per finding: a split or a search
    // of the whole text past that budget throws (and names itself) instead of running for a minute.
    const text = run.files[0].text;
    const lines = text.split('\n').length;
    const proto = String.prototype as unknown as Record<string, (...a: unknown[]) => unknown>;
    const originals = new Map(['split', 'indexOf', 'match', 'matchAll', 'replace'].map((m) => [m, proto[m]]));
    const calls = new Map<string, number>();
    for (const [name, original] of originals) {
      const limit = name === 'indexOf' ? 4 * lines : 4;
      proto[name] = function (this: string, ...a: unknown[]) {
        if (this.length === text.length && String(this) === text) {
          const n = (calls.get(name) ?? 0) + 1;
          calls.set(name, n);
          if (n > limit) throw new Error(`the whole text ${name}() more than ${limit} times`);
        }
        return original.apply(this, a);
      };
    }
    let out: string;
    try {
      out = toText(run);
    } finally {
      for (const [name, original] of originals) proto[name] = original;
    }
    assert.match(out, /^p\.md:8:11 error duplicate-phase Phase 1 is already defined on line 5/m);
    assert.ok(out.split('\n').length > 20000);
  });
});

test('preamble metadata between thousands of code blocks, and a phases JSON of 20,000 entries, are read in one pass', HANG, () => {
  // Whether a line lies in a code block is not found by searching the list of blocks per line: past a few searches of
  // a list of thousands, the search throws (and says so) instead of running for seconds.
  const meta: PlanModel = searchesAtMost('some', () => check(shape('metadata lines').make(5000)).model);
  assert.equal(meta.metadata.length, 5000);
  const json = check(shape('phases JSON entries').make(5000)).model;
  assert.equal(json.phasesJson!.phases!.length, 5000);
  assert.equal(json.phasesJson!.phases![4999].range.start.line, json.phasesJson!.range!.start.line + 5001);
});

test('ids written as numbers in a phases JSON of 10,000 entries are located from one parse, not a search of the text per id', HANG, () => {
  // A search for each id's quoted text ran to the end of the block for every id written as a number (quadratic),
  // and left every entry on the same line. Counted: the characters String#indexOf scans in long texts.
  const indexOf = String.prototype.indexOf;
  let scanned = 0;
  String.prototype.indexOf = function (this: string, search: string, from?: number) {
    const r = indexOf.call(this, search, from);
    if (this.length > 100_000) scanned += (r < 0 ? this.length : r) - (from ?? 0);
    return r;
  };
  const text = shape('phases JSON numeric ids').make(10000);
  let model: PlanModel;
  try {
    model = check(text).model;
  } finally {
    String.prototype.indexOf = indexOf;
  }
  assert.ok(scanned < 20 * text.length, `indexOf scanned ${scanned} characters of a ${text.length}-character plan`);
  const pj = model.phasesJson!;
  assert.equal(pj.phases!.length, 10000);
  pj.phases!.forEach((e, i) => {
    assert.equal(e.range.start.line, pj.range!.start.line + 2 + i, `entry ${i + 1}`);
    assert.equal(text.split('\n')[e.range.start.line].slice(e.range.start.character, e.range.end.character), `${i + 1}, "title": "T${i + 1}"}`);
  });
  assert.equal(pj.phases![9999].titleRange!.start.character, '  {"id": 10000, "title": '.length);
});

test('prose between thousands of code blocks in the Dependency Map section is read in one pass over lines and blocks', HANG, () => {
  // Whether a line of the section lies in a block was a search of the blocks per line: past a few searches of a
  // list of thousands, the search throws (and says so).
  const model: PlanModel = searchesAtMost('find', () => check(shape('map prose between blocks').make(5000)).model);
  const prose = model.dependencyMap!.prose!;
  assert.equal(prose.length, 5000);
  assert.ok(prose.every((p) => p.text === 'Phase 1 then'));
});

test('a phases JSON of thousands of entries that match no phase by id, against thousands of phases, is matched without a search per entry', HANG, () => {
  // Each entry is matched by title and by a slug through an index of the titles, and titles are compared through a
  // word index: past a few searches of the list of phases, the search throws (and says so).
  const findings = searchesAtMost('find', () => check(shape('phases JSON against phases').make(3000)).findings);
  // No entry matches a phase by id or title: each is taken for the phase in its position, and reported once for
  // its other title.
  assert.equal(findings.filter((f) => f.code === 'phases-json-drift').length, 3000);
});

test('link definitions under each of 300 headings: each chunk is parsed with the definitions it names, not all of them', () => {
  // Every chunk parsed with every definition appended cost chunks × definitions (minutes at 1 MB).
  const text = shape('reference definitions').make(300);
  const before = parseStats.chars;
  const model = parsePlan(text);
  const parsed = parseStats.chars - before;
  assert.ok(parsed <= 4 * text.length, `remark read ${parsed} characters for a ${text.length}-character plan`);
  assert.equal(model.headings.length, 302);
  // A reference defined in another chunk, or over two lines of a quote, still reads as a link.
  const refs = parsePlan('# Plan: [T][a]\n\n## S\n\n> [b\n> c] and [D]\n\n## Links\n\n[a]: https://a\n[b c]: https://b\n[d]: x\n');
  assert.equal(refs.title?.text, 'Plan: T');
  assert.deepEqual(refs, parsePlan('# Plan: [T][a]\n\n## S\n\n> [b\n> c] and [D]\n\n## Links\n\n[a]: https://a\n[b c]: https://b\n[d]: x\n', { wholeDocument: true }));
});

// Regular expressions with two runs of spaces side by side (or a run scanned again from each of its line breaks) took
// minutes on a long run; the readers below take one pass. A regular expression cannot be stopped from inside: the CLI
// checks the plan in a child process, killed past a budget that only the quadratic reading reaches.

/** `plan-author check` on `text` in a child process, killed after 30 s (the fixed readers take well under a second). */
function cliOn(text: string) {
  const dir = mkdtempSync(join(tmpdir(), 'hostile-'));
  try {
    const file = join(dir, 'plan.md');
    writeFileSync(file, text);
    const r = spawnSync(process.execPath, [cli, 'check', file], { encoding: 'utf8', timeout: 30_000, maxBuffer: 64 << 20 });
    assert.equal(r.signal, null, 'the check was stopped after 30 s');
    assert.ok(r.status === 0 || r.status === 1, r.stderr);
    return r;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
test('a dependency value of 400 KB of spaces between an id and a word is read in one pass', HANG, () => {
  cliOn(shape('spaces in a dependency value').make(400));
  // Not a bare list of ids (a word ends it) and no `Phase` before the id: nothing is read, and the value is unread.
  const reading = readDependencyValue(`1${' '.repeat(400 * 1024)}x`);
  assert.deepEqual(reading.refs, []);
  assert.equal(reading.unread.length, 1);
  assert.deepEqual(readDependencyValue('1, 2 .  ').refs.map((r) => r.id), ['1', '2']);
});

test('the `**Key**:` line ending a Dependencies value is found in one pass over 100,000 lines of no-break spaces', HANG, () => {
  cliOn(shape('no-break space lines in a dependency value').make(60000));
  const text = `x${'\n\u00a0'.repeat(100_000)}\n**Key**: y`;
  // The line break that opens the run of spaces before the key (as the regular expression reads it).
  assert.equal(nextKeyLine(text), 1);
  // The same answer as the regular expression it stands for, on short strings of its characters.
  const re = /\n\s*(?:\*\*|__)[^*\n]{1,40}(?:\*\*|__)?\s*:/;
  const chars = ['\n', ' ', '\u00a0', '*', '_', 'a', ':'];
  let seed = 7;
  const rnd = (k: number) => ((seed = (seed * 1103515245 + 12345) % 2147483648), seed % k);
  for (let t = 0; t < 20000; t++) {
    let s = '';
    for (let len = rnd(24); len > 0; len--) s += chars[rnd(chars.length)];
    assert.equal(nextKeyLine(s), re.exec(s)?.index ?? -1, JSON.stringify(s));
  }
});

test('ranges of phases on 3,000 phases are found through an index of the phases, not a search of them per range', HANG, () => {
  // Past a few filters of a list of thousands, the filter throws (and says so) instead of running for minutes.
  const model: PlanModel = searchesAtMost('filter', () => parsePlan(shape('phase ranges').make(3000)));
  assert.deepEqual(model.phases[2999].dependencies!.dependsOn, ['1', '2', '3', '4', '5', '6', '7', '8']);
  // Phases numbered down: each range visits the phases, within a budget, then is read as its two ends, with a note.
  const n = Math.ceil(MAX_RANGE_WORK / 2000) + 10;
  let down = '# Plan: Down\n\n## Phases\n\n';
  for (let i = n; i >= 1; i--) down += `### Phase ${i}: P\n**Dependencies**: Phases 1-3, 2-${n}\n\n`;
  const { model: m, findings } = check(down);
  assert.deepEqual(m.phases[0].dependencies!.dependsOn.slice(0, 3), ['3', '2', '1']);
  assert.deepEqual(m.phases[n - 1].dependencies!.dependsOn, ['1', '3', '2', String(n)]);
  assert.ok(findings.some((f) => f.code === 'too-complex' && /ranges of phases/.test(f.message)));
});

