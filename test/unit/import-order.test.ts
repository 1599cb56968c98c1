import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { generateBatches } from '../../bench/generate';
import { generateHistory, mulberry32 } from '../../src/importer';
import { batchesOf, parentsFirst } from '../../src/importer/batches';
import { settleThread } from '../../src/importer/lifecycle';
import { SimInteraction, SimThread } from '../../src/importer/model';
import { ImportRecord, recordFrom } from '../../src/importer/record';
import { compareRecords, ExternalSorter } from '../../src/importer/sort';

function rec(id: string, startedAt: string, line: number, parentId?: string): ImportRecord {
  return recordFrom(
    { id, type: 'VOICE', externalId: 'C', startedAt, threading: parentId ? { parentInteractionId: parentId } : null },
    { file: 0, line, raw: `line ${line}` },
  );
}

async function collect<T>(it: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of it) out.push(x);
  return out;
}

describe('the external sort', () => {
  it('returns every record by start, then file and line, through run files on disk when they exceed a chunk', async () => {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'sort-test-'));
    const rng = mulberry32(3);
    const records = Array.from({ length: 2500 }, (_, k) =>
      rec(`r${k}`, new Date(Date.UTC(2026, 0, 1) + rng.int(0, 500) * 1000).toISOString(), k + 1),
    );
    const sorter = new ExternalSorter(100, tmp);
    for (const r of records) await sorter.add(r);
    expect(sorter.spilled).toBe(25);
    const out = await collect(sorter.sorted());
    sorter.close();
    expect(out.map((r) => r.input.id)).toEqual([...records].sort(compareRecords).map((r) => r.input.id));
    expect(out[7]).toEqual([...records].sort(compareRecords)[7]);
    expect(fs.readdirSync(tmp)).toEqual([]);
    fs.rmSync(tmp, { recursive: true });
  });
});

describe('batches', () => {
  it('never split one instant, and put a parent of the same instant before its child', async () => {
    async function* sorted() {
      yield rec('a', '2026-01-01T00:00:01Z', 1);
      yield rec('b', '2026-01-01T00:00:02Z', 2);
      yield rec('child', '2026-01-01T00:00:02Z', 3, 'parent');
      yield rec('parent', '2026-01-01T00:00:02Z', 4);
      yield rec('c', '2026-01-01T00:00:03Z', 5);
    }
    const batches = await collect(batchesOf(sorted(), 2));
    expect(batches.map((b) => [b.creates.map((r) => r.input.id), b.rangeEndMs])).toEqual([
      [['a', 'b', 'parent', 'child'], Date.parse('2026-01-01T00:00:03Z')],
      [['c'], Infinity],
    ]);
    expect(parentsFirst([rec('x', '2026-01-01T00:00:00Z', 1, 'y'), rec('y', '2026-01-01T00:00:01Z', 2)]).map((r) => r.input.id)).toEqual([
      'x',
      'y',
    ]);
  });
});

describe('ending an interaction settles its thread as end-interaction.cypher does', () => {
  function thread(spec: [id: string, parent: string | null, ended: boolean, requested?: string][]): SimThread {
    const members: SimInteraction[] = spec.map(([id, parentId, ended, requested]) => ({
      id,
      type: 'VOICE',
      externalId: null,
      phoneNumber: null,
      email: null,
      depth: 1,
      parentId,
      requestedParentId: requested ?? (parentId ? null : null),
      threadId: 't',
      startedAt: '2026-01-01T00:00:00.000Z',
      startMs: 0,
      endedAt: ended ? `2026-01-01T00:0${id.length}:00.000Z` : null,
      end: null,
      state: ended ? 'HOLD' : 'ACTIVE',
      stitchReason: 'EXPLICIT',
      children: [],
      fresh: true,
      loadedState: null,
    }));
    for (const m of members) if (m.parentId) members.find((p) => p.id === m.parentId)!.children.push(m);
    return {
      id: 't',
      rootId: 'a',
      externalId: null,
      externalThreadId: null,
      continuesThreadId: null,
      status: 'OPEN',
      startedAt: '',
      closedAt: null,
      channels: [],
      reopenedAt: null,
      members,
      fresh: true,
      changed: false,
      dropExternalThreadId: false,
    };
  }
  const states = (t: SimThread) => Object.fromEntries(t.members.map((m) => [m.id, m.state]));

  it('keeps a parent on HOLD while a child is live (the zombie thread), completes it when the last one ends, and closes the thread then', () => {
    const t = thread([
      ['a', null, true],
      ['bb', 'a', false],
    ]);
    settleThread(t);
    expect(states(t)).toEqual({ a: 'HOLD', bb: 'ACTIVE' });
    expect(t.status).toBe('OPEN');
    t.members[1]!.endedAt = '2026-01-01T00:09:00.000Z';
    settleThread(t);
    expect(states(t)).toEqual({ a: 'COMPLETED', bb: 'COMPLETED' });
    expect([t.status, t.closedAt]).toEqual(['CLOSED', '2026-01-01T00:09:00.000Z']);
  });

  it('keeps the requested parent of a re-rooted leg pending while anything in the thread is live', () => {
    const t = thread([
      ['a', null, true],
      ['bb', 'a', true],
      ['ccc', 'a', false, 'bb'],
    ]);
    settleThread(t);
    expect(states(t)).toEqual({ a: 'HOLD', bb: 'HOLD', ccc: 'ACTIVE' });
  });
});

describe('the synthetic history', () => {
  it('is the same for the same seed, and the benchmark dataset is unchanged by sharing its generator', () => {
    const one = [...generateHistory({ seed: 5, interactions: 500, days: 30, invalid: 0.02 })];
    const two = [...generateHistory({ seed: 5, interactions: 500, days: 30, invalid: 0.02 })];
    expect(one).toEqual(two);
    expect(one.length).toBeGreaterThanOrEqual(500);
    const hash = createHash('sha256');
    for (const b of generateBatches({ seed: 42, interactions: 20000, batchSize: 5000 })) hash.update(JSON.stringify(b));
    // The digest of the dataset bench-large and bench-small were loaded with (GENERATOR_VERSION 1).
    expect(hash.digest('hex')).toBe('a0e2bc5315b5fa2c4b56fca5cd85eab9db5ccf08a302a93c955b94bd5b421266');
  });
});
