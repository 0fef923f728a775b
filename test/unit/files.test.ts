// Safe reading (model/files.ts), shared by the CLI, the editor's status lookup and its background check: stat first,
// then read only a regular file under the size limit, a symbolic link only into the roots given. A file system that
// records every read shows what was read; the CLI tests do the same on real FIFOs and /dev/zero.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { readTextFile, findStatusFile, utf8Length, bytesOver, type PlanFileSystem, type FileInfo } from '../../src/model/files';

interface Entry {
  info: FileInfo;
  text?: string;
  /** Where a symbolic link leads. */
  to?: string;
}

/** An in-memory file system; `reads` lists every path read, with the most bytes asked for. */
function fakeFs(entries: Record<string, Entry>) {
  const reads: [string, number][] = [];
  const fs: PlanFileSystem = {
    async stat(p) {
      return entries[p]?.info;
    },
    async realPath(p) {
      return entries[p]?.to ?? p;
    },
    async read(p, max) {
      reads.push([p, max]);
      const e = entries[p];
      if (!e || e.info.kind !== 'file') throw new Error(`read of ${p}, which is not a regular file`);
      return new TextEncoder().encode(e.text ?? '').subarray(0, max);
    },
    async list(p) {
      const prefix = `${p}/`;
      return Object.keys(entries)
        .filter((k) => k.startsWith(prefix) && !k.slice(prefix.length).includes('/'))
        .map((k) => ({ name: k.slice(prefix.length), kind: entries[k].info.kind }));
    },
  };
  return { fs, reads };
}

const file = (text: string): Entry => ({ info: { kind: 'file', size: new TextEncoder().encode(text).length }, text });
const plan = '# Plan: X\n\n### Phase 1: A\n**Dependencies**: None\n';
const status = 'plan_phases:\n  - id: phase_1\n    status: complete\n';

describe('readTextFile', () => {
  test('a pipe, a device or a folder is never read', async () => {
    const { fs, reads } = fakeFs({ '/w/fifo.md': { info: { kind: 'other', size: 0 } }, '/w/dir.md': { info: { kind: 'directory', size: 0 } } });
    const fifo = await readTextFile(fs, '/w/fifo.md');
    assert.deepEqual(fifo.ok ? 'read' : fifo.why, 'not-a-file');
    const dir = await readTextFile(fs, '/w/dir.md');
    assert.deepEqual(dir.ok ? 'read' : dir.why, 'not-a-file');
    assert.deepEqual(reads, []);
  });

  test('a file over the limit by its size is not read; one that grew since is read only to one byte past the limit', async () => {
    const big = { info: { kind: 'file' as const, size: 3_000_000 }, text: 'x' };
    const grown = { info: { kind: 'file' as const, size: 10 }, text: 'x'.repeat(50) };
    const { fs, reads } = fakeFs({ '/w/big.md': big, '/w/grown.md': grown });
    const r = await readTextFile(fs, '/w/big.md');
    assert.equal(r.ok ? 'read' : r.message, '3.0 MB is over the 2 MB limit');
    assert.deepEqual(reads, []);
    const g = await readTextFile(fs, '/w/grown.md', { maxBytes: 20 });
    assert.equal(g.ok ? 'read' : g.why, 'too-big');
    assert.deepEqual(reads, [['/w/grown.md', 21]]);
  });

  test('a symbolic link is followed only into the roots given; a link to a device inside them is still not read', async () => {
    const { fs, reads } = fakeFs({
      '/w/plans/out.md': { info: { kind: 'symlink', size: 0 }, to: '/etc/passwd' },
      '/etc/passwd': file('root:x:0:0'),
      '/w/plans/in.md': { info: { kind: 'symlink', size: 0 }, to: '/w/real.md' },
      '/w/real.md': file(plan),
      '/w/plans/zero.md': { info: { kind: 'symlink', size: 0 }, to: '/w/dev/zero' },
      '/w/dev/zero': { info: { kind: 'other', size: 0 } },
    });
    const out = await readTextFile(fs, '/w/plans/out.md', { roots: ['/w'] });
    assert.equal(out.ok ? 'read' : out.message, 'a symbolic link to /etc/passwd, outside the folders checked');
    const none = await readTextFile(fs, '/w/plans/in.md');
    assert.equal(none.ok ? 'read' : none.why, 'outside', 'no roots: no link followed');
    const zero = await readTextFile(fs, '/w/plans/zero.md', { roots: ['/w'] });
    assert.equal(zero.ok ? 'read' : zero.why, 'not-a-file');
    assert.deepEqual(reads, []);
    const inside = await readTextFile(fs, '/w/plans/in.md', { roots: ['/w'] });
    assert.deepEqual(inside, { ok: true, text: plan, path: '/w/real.md' });
  });

  test('NUL bytes: not read as text; a byte-order mark is dropped', async () => {
    const { fs } = fakeFs({ '/w/bin.md': file('# Plan\u0000'), '/w/bom.md': file(`\ufeff${plan}`) });
    const bin = await readTextFile(fs, '/w/bin.md');
    assert.equal(bin.ok ? 'read' : bin.why, 'binary');
    const bom = await readTextFile(fs, '/w/bom.md');
    assert.equal(bom.ok && bom.text, plan);
  });
});

describe('findStatusFile', () => {
  test('a status.yaml that is a pipe, too big or a link out of the workspace is passed over for the next place', async () => {
    const entries: Record<string, Entry> = {
      '/w/plans/0001-x.status.yaml': { info: { kind: 'other', size: 0 } },
      '/w/status/0001-x.status.yaml': { info: { kind: 'file', size: 5_000_000 }, text: status },
      '/w/projects/0001-x/status.yaml': { info: { kind: 'symlink', size: 0 }, to: '/etc/status.yaml' },
      '/etc/status.yaml': file(status),
      '/w/projects/0001-other': { info: { kind: 'directory', size: 0 } },
      '/w/projects/0001-other/status.yaml': file(status),
    };
    const { fs, reads } = fakeFs(entries);
    const found = await findStatusFile(fs, '/w/plans/0001-x.md', { roots: ['/w'] });
    assert.equal(found?.path, '/w/projects/0001-other/status.yaml');
    assert.deepEqual(found?.phases.map((p) => [p.id, p.status]), [['phase_1', 'complete']]);
    assert.deepEqual(reads.map((r) => r[0]), ['/w/projects/0001-other/status.yaml']);
  });
});

describe('sizes in bytes everywhere', () => {
  test('utf8Length is the UTF-8 length Node writes to disk, for any text (lone surrogates too)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 60 }), fc.string({ unit: fc.integer({ min: 0xd800, max: 0xdfff }).map((c) => String.fromCharCode(c)), maxLength: 4 }), (a, b) => {
        const s = a + b + a;
        assert.equal(utf8Length(s), Buffer.byteLength(s, 'utf8'));
      }),
      { numRuns: 500 },
    );
  });

  test('the editor measures a plan in bytes: 800 characters of é are 1,600 bytes, over a limit of 1,000', () => {
    assert.equal(bytesOver('é'.repeat(800), 1000), 1600);
    assert.equal(bytesOver('e'.repeat(800), 1000), undefined);
    assert.equal(bytesOver('e'.repeat(1001), 1000), 1001);
    assert.equal(bytesOver('😀'.repeat(250), 1000), undefined, '250 emoji are 1,000 bytes: not over');
    assert.equal(bytesOver('😀'.repeat(251), 1000), 1004);
  });
});
