import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ThreadgraphError } from '../../src/errors';
import { generateHistory, importHistory, RecordJson } from '../../src/importer';
import { Database, newCounter } from '../../src/neo4j';
import { createInteraction, endInteraction, integrityReport } from '../../src/stitching';
import { uniqueTenant } from '../support/app';
import { graphSnapshot } from '../support/graphSnapshot';
import { connectTestDb } from '../support/db';

// Imports of a few thousand records, on a 2-core machine shared with other suites.
jest.setTimeout(300_000);
/** Resuming, conflicting content, parents already in the graph, nothing half-written, live writes beside an import. */
describe('importing history', () => {
  let db: Database;
  let dir: string;
  let history: RecordJson[];
  let file: string;
  beforeAll(async () => {
    db = await connectTestDb();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'threadgraph-import-'));
    history = [...generateHistory({ seed: 21, interactions: 800, days: 30 })].flatMap((i) => (i.kind === 'record' ? [i.record] : []));
    file = write('history.ndjson', history);
  });
  afterAll(async () => {
    await db.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  function write(name: string, records: RecordJson[]): string {
    const f = path.join(dir, name);
    fs.writeFileSync(f, records.map((r) => JSON.stringify(r)).join('\n') + '\n');
    return f;
  }

  const rejectsOf = (p: string) =>
    fs
      .readFileSync(p, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as RecordJson & { _reject: { line: number; code: string; message: string } });

  const audit = async (tenant: string) => {
    const r = await integrityReport(db.forTenant(tenant));
    return Object.values(r).reduce((n, c) => n + c.count, 0);
  };

  it('resumes after an interruption without duplicating anything, and gives the graph of an uninterrupted import', async () => {
    const whole = uniqueTenant('whole');
    const resumed = uniqueTenant('resumed');
    const fresh = newCounter();
    const once = await importHistory(db.forTenant(whole, { counter: fresh }), [{ path: file, format: 'ndjson' }], {
      batchSize: 100,
      rejectsDir: dir,
    });
    // Into an empty tenant, only the first batch looks its ids up before claiming: nothing of it is in.
    expect(fresh.names.filter((n) => n === 'import/find-imported')).toHaveLength(1);
    expect(once.batches).toBeGreaterThan(3);
    const stop = new AbortController();
    const first = await importHistory(db.forTenant(resumed), [{ path: file, format: 'ndjson' }], {
      batchSize: 100,
      rejectsDir: dir,
      signal: stop.signal,
      onProgress: (p) => {
        if (p.phase === 'importing' && p.processed >= 300) stop.abort();
      },
    });
    expect(first.interrupted).toBe(true);
    expect(first.created).toBeGreaterThan(0);
    expect(first.created).toBeLessThan(once.created);
    const second = await importHistory(db.forTenant(resumed), [{ path: file, format: 'ndjson' }], { batchSize: 70, rejectsDir: dir });
    expect(second.interrupted).toBe(false);
    expect(second.alreadyIn).toBe(first.created);
    expect(first.created + second.created).toBe(once.created);
    expect(await graphSnapshot(db, resumed)).toEqual(await graphSnapshot(db, whole));
    // Run again once all is in: each batch is one unlocking read of its ids, nothing is claimed or written.
    const counter = newCounter();
    const third = await importHistory(db.forTenant(resumed, { counter }), [{ path: file, format: 'ndjson' }], {
      batchSize: 200,
      rejectsDir: dir,
    });
    expect([third.created, third.alreadyIn]).toEqual([0, once.created]);
    expect(new Set(counter.names)).toEqual(new Set(['import/find-imported']));
    expect(counter.count).toBe(third.batches);
    const [ids] = await db.runRaw('MATCH (i:Interaction {tenant: $tenant}) RETURN count(i) AS n, count(DISTINCT i.id) AS distinct', {
      tenant: resumed,
    });
    expect(ids).toEqual({ n: once.created, distinct: once.created });
    expect(await audit(resumed)).toBe(0);
  });

  it('reports a record already in with different content and leaves the stored one as it is', async () => {
    const tenant = uniqueTenant('conflict');
    const some = history.slice(0, 60);
    await importHistory(db.forTenant(tenant), [{ path: write('first.ndjson', some), format: 'ndjson' }], { rejectsDir: dir });
    const before = await graphSnapshot(db, tenant);
    const changed = some.map((r, k) =>
      k === 3 ? { ...r, metadata: { ...r.metadata, subject: 'Changed' } } : k === 5 && r.endedAt ? { ...r, talkSeconds: 1 } : r,
    );
    const again = await importHistory(db.forTenant(tenant), [{ path: write('changed.ndjson', changed), format: 'ndjson' }], {
      rejectsDir: dir,
    });
    expect(again.created).toBe(0);
    expect(again.refused).toEqual({ IDEMPOTENCY_KEY_REUSED: some[5]!.endedAt ? 2 : 1 });
    const rejected = rejectsOf(again.rejects[0]!.path).find((r) => r.id === some[3]!.id);
    expect(rejected).toMatchObject({ metadata: { subject: 'Changed' }, _reject: { line: 4, code: 'IDEMPOTENCY_KEY_REUSED' } });
    expect(await graphSnapshot(db, tenant)).toEqual(before);
  });

  it('finds an id in the graph after the import stopped looking ids up (a later batch repeats one): that batch runs again and refuses it', async () => {
    const some = history.slice(0, 60);
    const last = some.reduce((t, r) => Math.max(t, Date.parse(r.endedAt ?? r.startedAt)), 0);
    // The first record again, with other content, an hour after everything else: in the last batch.
    const { endedAt: _e, talkSeconds: _t, holdSeconds: _h, afterCallWorkSeconds: _a, ...first } = some[0]!;
    const again = { ...first, startedAt: new Date(last + 3_600_000).toISOString(), metadata: { subject: 'Again' } };
    const options = { batchSize: 10, rejectsDir: dir };
    const plain = await importHistory(
      db.forTenant(uniqueTenant('plain')),
      [{ path: write('plain.ndjson', some), format: 'ndjson' }],
      options,
    );
    const tenant = uniqueTenant('taken');
    const counter = newCounter();
    const file = write('repeat.ndjson', [...some, again]);
    const summary = await importHistory(db.forTenant(tenant, { counter }), [{ path: file, format: 'ndjson' }], options);
    // Only the first batch looked its ids up; in the last one claim-batch found the repeated id in
    // the graph, and the batch ran again reading every id's end.
    expect(counter.names.filter((n) => n === 'import/find-imported')).toHaveLength(1);
    expect(summary.timing.attempts - summary.batches).toBe(plain.timing.attempts - plain.batches + 1);
    expect(summary.created).toBe(plain.created);
    expect(summary.refused).toEqual({ ...plain.refused, IDEMPOTENCY_KEY_REUSED: 1 });
    const [stored] = await db.runRaw('MATCH (i:Interaction {tenant: $tenant, id: $id}) RETURN i.subject AS subject', {
      tenant,
      id: some[0]!.id,
    });
    expect(stored).toEqual({ subject: (some[0]!.metadata as { subject?: string } | null | undefined)?.subject ?? null });
    expect(await audit(tenant)).toBe(0);
  });

  it('replays a live-created interaction the file holds too as already in, ending it, after the import stopped looking ids up', async () => {
    const tenant = uniqueTenant('live-first');
    const at = (minutes: number) => new Date(Date.parse('2026-03-02T09:00:00Z') + minutes * 60_000).toISOString();
    // Three batches of other customers first: the first finds none of its ids in, so later ones are not looked up.
    const others: RecordJson[] = Array.from({ length: 30 }, (_, k) => ({
      id: `other-${k}`,
      type: 'EMAIL',
      externalId: `OTHER-${k}`,
      startedAt: at(k),
      endedAt: at(k + 1),
    }));
    const live = { id: 'call-1', type: 'VOICE' as const, externalId: 'CUST-LIVE', startedAt: at(60) };
    await createInteraction(db.forTenant(tenant), live);
    const file = write('live-first.ndjson', [
      ...others,
      { ...live, endedAt: at(65) },
      { id: 'call-2', type: 'VOICE', externalId: 'CUST-LIVE', startedAt: at(70), endedAt: at(75) },
    ]);
    const summary = await importHistory(db.forTenant(tenant), [{ path: file, format: 'ndjson' }], { batchSize: 10, rejectsDir: dir });
    expect([summary.created, summary.alreadyIn, summary.refused]).toEqual([31, 1, {}]);
    // The last batch met call-1 in the graph, ran again reading its end, and ended it.
    expect(summary.timing.attempts).toBe(summary.batches + 1);
    const rows = await db.runRaw(
      `MATCH (i:Interaction {tenant: $tenant}) WHERE i.externalId = 'CUST-LIVE'
       OPTIONAL MATCH (p:Interaction {tenant: $tenant})-[:PARENT_OF]->(i)
       RETURN i.id AS id, i.endedAt.epochMillis AS endedAt, p.id AS parent ORDER BY id`,
      { tenant },
    );
    expect(rows).toEqual([
      { id: 'call-1', endedAt: Date.parse(at(65)), parent: null },
      { id: 'call-2', endedAt: Date.parse(at(75)), parent: 'call-1' },
    ]);
    expect(await audit(tenant)).toBe(0);
  });

  it('stitches to parents already in the graph, as the live path would, and writes nothing of a refused record', async () => {
    const tenant = uniqueTenant('parents');
    const h = () => db.forTenant(tenant);
    await createInteraction(h(), { id: 'live-1', type: 'VOICE', externalId: 'CUST-A', startedAt: '2026-03-01T10:00:00Z' });
    await endInteraction(h(), 'live-1', { endedAt: '2026-03-01T10:30:00Z' });
    const records: RecordJson[] = [
      // A transfer from the call already in (EXPLICIT), then the customer's follow-up (AUTO_STITCH to it).
      {
        id: 'imp-1',
        type: 'WEB_CHAT',
        threading: { parentInteractionId: 'live-1' },
        participants: [{ id: 'AG-9', role: 'AGENT' }],
        startedAt: '2026-03-01T10:29:00Z',
        endedAt: '2026-03-01T10:50:00Z',
      },
      { id: 'imp-2', type: 'EMAIL', externalId: 'CUST-A', startedAt: '2026-03-02T09:00:00Z', endedAt: '2026-03-02T09:05:00Z' },
      // Refused: a parent that never appears, an orphan. Their agents must not appear either.
      {
        id: 'imp-3',
        type: 'SMS',
        threading: { parentInteractionId: 'ghost' },
        participants: [{ id: 'AG-GHOST', role: 'AGENT' }],
        startedAt: '2026-03-02T09:01:00Z',
      },
      { id: 'imp-4', type: 'SMS', participants: [{ id: 'AG-ORPHAN', role: 'AGENT' }], startedAt: '2026-03-02T09:02:00Z' },
    ];
    const summary = await importHistory(h(), [{ path: write('parents.ndjson', records), format: 'ndjson' }], { rejectsDir: dir });
    expect(summary).toMatchObject({
      created: 2,
      stitched: { EXPLICIT: 1, AUTO_STITCH: 1 },
      refused: { PARENT_NOT_FOUND: 1, ORPHAN_REJECTED: 1 },
    });
    expect(rejectsOf(summary.rejects[0]!.path).map((r) => [r.id, r._reject.line, r._reject.code])).toEqual([
      ['imp-3', 3, 'PARENT_NOT_FOUND'],
      ['imp-4', 4, 'ORPHAN_REJECTED'],
    ]);
    const snapshot = await graphSnapshot(db, tenant);
    expect(snapshot.interactions.map((i) => [i.id, i.parentId, i.stitchReason, i.depth, i.state, i.externalId])).toEqual([
      ['imp-1', 'live-1', 'EXPLICIT', 2, 'COMPLETED', 'CUST-A'],
      ['imp-2', 'imp-1', 'AUTO_STITCH', 3, 'COMPLETED', 'CUST-A'],
      ['live-1', null, 'NEW_THREAD', 1, 'COMPLETED', 'CUST-A'],
    ]);
    expect(snapshot.threads).toMatchObject([
      { rootId: 'live-1', status: 'CLOSED', closedAt: '2026-03-02T09:05:00.000Z', reopened: true, size: 3 },
    ]);
    const [agents] = await db.runRaw('MATCH (a:Agent {tenant: $tenant}) RETURN collect(a.id) AS ids', { tenant });
    expect(agents!.ids).toEqual(['AG-9']);
  });

  it('runs beside live creates and ends for the same customers, and the audit counts zero', async () => {
    const tenant = uniqueTenant('beside');
    const customers = [...new Set(history.map((r) => r.externalId).filter((x): x is string => typeof x === 'string'))].slice(0, 40);
    let importing = true;
    const acknowledged: string[] = [];
    const live = async (worker: number) => {
      for (let n = 0; importing || n < 5; n++) {
        const id = `live-${worker}-${n}`;
        try {
          await createInteraction(db.forTenant(tenant), {
            id,
            type: 'VOICE',
            externalId: customers[(worker * 7 + n) % customers.length],
            startedAt: new Date(Date.parse('2026-11-20T00:00:00Z') + n * 1000).toISOString(),
          });
          acknowledged.push(id);
          if (n % 2 === 0)
            await endInteraction(db.forTenant(tenant), id, {
              endedAt: new Date(Date.parse('2026-11-20T00:00:00Z') + n * 1000 + 500).toISOString(),
            });
        } catch (error) {
          if (!(error instanceof ThreadgraphError && error.code === 'CONFLICT_RETRY_EXHAUSTED')) throw error;
        }
      }
    };
    const workers = [0, 1, 2, 3].map(live);
    const summary = await importHistory(db.forTenant(tenant), [{ path: file, format: 'ndjson' }], { batchSize: 80, rejectsDir: dir });
    importing = false;
    await Promise.all(workers);
    expect(summary.created).toBeGreaterThan(700);
    const [count] = await db.runRaw('MATCH (i:Interaction {tenant: $tenant}) WHERE i.id IN $ids RETURN count(i) AS n', {
      tenant,
      ids: acknowledged,
    });
    expect(count!.n).toBe(acknowledged.length);
    expect(acknowledged.length).toBeGreaterThan(20);
    expect(await audit(tenant)).toBe(0);
    const [total] = await db.runRaw('MATCH (i:Interaction {tenant: $tenant}) RETURN count(i) AS n', { tenant });
    expect(total!.n).toBe(summary.created + acknowledged.length);
  });
});
