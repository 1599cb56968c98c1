import { App } from '../../src/app';
import { ThreadgraphError } from '../../src/errors';
import { sweepRetention } from '../../src/privacy';
import { createInteraction, endInteraction, integrityReport, linkInteraction } from '../../src/stitching';
import { startTestApp, tokenFor, uniqueTenant } from '../support/app';
import { feedOf } from '../support/events';

/**
 * Retention: idempotency keys and their first answers expire after IDEMPOTENCY_TTL, threads closed
 * longer ago than RETENTION_DAYS go with their interactions and edges, in bounded batches, safely
 * beside creates and beside another replica's sweep. The sweeps here are limited to the test's
 * tenant (the database is shared) and use short settings.
 */
describe('retention', () => {
  let app: App;
  beforeAll(async () => {
    app = await startTestApp({ RETENTION_INTERVAL: '0.2' });
  });
  afterAll(async () => {
    await app.stop();
  });

  const count = async (tenant: string, label: string) =>
    Number((await app.db.runRaw(`MATCH (n:${label} {tenant: $tenant}) RETURN count(n) AS n`, { tenant }))[0]!.n);

  it('expires an idempotency key after the TTL: then the same key is new', async () => {
    const tenant = uniqueTenant('retention-keys');
    const h = () => app.db.forTenant(tenant);
    const input = { type: 'VOICE' as const, externalId: 'CUST-TTL' };
    const first = await createInteraction(h(), input, { idempotencyKey: 'evt-1' });
    const settings = { idempotencyTtlSeconds: 60, retentionDays: null, batchSize: 500 };
    // Within the TTL: nothing expires, a retry replays.
    expect(await sweepRetention(app.db, settings, { tenants: [tenant] })).toMatchObject({ idempotencyKeys: 0 });
    expect((await createInteraction(h(), input, { idempotencyKey: 'evt-1' })).replayed).toBe(true);
    // Past it (the sweep's clock moved on by 61 s): the key and its answer go, and the key is new again.
    const later = new Date(Date.now() + 61_000);
    expect(await sweepRetention(app.db, settings, { tenants: [tenant], now: later })).toMatchObject({ idempotencyKeys: 1 });
    expect(await count(tenant, 'IdempotencyKey')).toBe(0);
    const again = await createInteraction(h(), input, { idempotencyKey: 'evt-1' });
    expect(again.replayed).toBe(false);
    expect(again.interaction.id).not.toBe(first.interaction.id);
  });

  it('deletes threads closed past RETENTION_DAYS with their interactions and edges, in bounded batches', async () => {
    const tenant = uniqueTenant('retention-threads');
    const h = () => app.db.forTenant(tenant);
    const old = '2026-01-01T10:00:00Z';
    const oldThreads: string[] = [];
    for (let i = 0; i < 5; i++) {
      const root = await createInteraction(
        h(),
        {
          type: 'VOICE',
          externalId: `CUST-OLD-${i}`,
          email: `old${i}@example.com`,
          startedAt: '2026-01-01T09:00:00Z',
          participants: [{ id: 'agent-1', role: 'AGENT' }],
        },
        { idempotencyKey: `old-${i}` },
      );
      const child = await createInteraction(h(), {
        type: 'EMAIL',
        threading: { parentInteractionId: root.interaction.id },
        startedAt: '2026-01-01T09:30:00Z',
      });
      await endInteraction(h(), child.interaction.id, { endedAt: old });
      await endInteraction(h(), root.interaction.id, { endedAt: old });
      oldThreads.push(root.thread.id);
    }
    // A linked pair (so a correction goes too), closed long ago.
    const a = await createInteraction(h(), { type: 'VOICE', externalId: 'CUST-LINKED', startedAt: '2026-01-02T09:00:00Z' });
    const b = await createInteraction(h(), { type: 'VOICE', externalId: 'CUST-LINKED-B', startedAt: '2026-01-02T09:10:00Z' });
    await linkInteraction(h(), b.interaction.id, a.interaction.id, 'same customer');
    await endInteraction(h(), a.interaction.id, { endedAt: '2026-01-02T10:00:00Z' });
    await endInteraction(h(), b.interaction.id, { endedAt: '2026-01-02T10:00:00Z' });
    // Kept: closed just now, and open.
    const recent = await createInteraction(h(), { type: 'SMS', externalId: 'CUST-NEW' });
    await endInteraction(h(), recent.interaction.id);
    const open = await createInteraction(h(), { type: 'SMS', externalId: 'CUST-OPEN', startedAt: '2026-01-01T09:00:00Z' });

    const counts = await sweepRetention(app.db, { idempotencyTtlSeconds: 86_400, retentionDays: 30, batchSize: 4 }, { tenants: [tenant] });
    // 6 threads of 2 interactions, at most 4 interactions per transaction: 3 batches, and one that finds
    // nothing; before them, one for the keys (none due).
    expect(counts).toEqual({ idempotencyKeys: 0, threads: 6, interactions: 12, stitchLocks: 12, batches: 5 });
    const left = await app.db.runRaw(`MATCH (i:Interaction {tenant: $tenant}) RETURN i.id AS id ORDER BY id`, { tenant });
    expect(left.map((r) => r.id)).toEqual([recent.interaction.id, open.interaction.id].sort());
    expect(await count(tenant, 'Thread')).toBe(2);
    expect(await count(tenant, 'Correction')).toBe(0);
    expect(await count(tenant, 'IdempotencyKey')).toBe(0);
    const locks = await app.db.runRaw(`MATCH (l:StitchLock {tenant: $tenant}) RETURN l.key AS key ORDER BY key`, { tenant });
    expect(locks.map((l) => l.key)).toEqual(['EXTERNAL_ID:CUST-NEW', 'EXTERNAL_ID:CUST-OPEN']);
    const edges = await app.db.runRaw(`MATCH (:Agent {tenant: $tenant})-[r:HANDLED]->() RETURN count(r) AS n`, { tenant });
    expect(edges[0]!.n).toBe(0);
    expect(await integrityReport(h())).toMatchObject({ threadMembership: { count: 0 }, orphans: { count: 0 } });
    // Nothing is due any more.
    expect(
      await sweepRetention(app.db, { idempotencyTtlSeconds: 86_400, retentionDays: 30, batchSize: 4 }, { tenants: [tenant] }),
    ).toMatchObject({
      threads: 0,
    });
  });

  it('records thread.deleted and scrubs the keys from the events of a thread the deleted one absorbed', async () => {
    const tenant = uniqueTenant('retention-events');
    const h = () => app.db.forTenant(tenant);
    const token = await tokenFor(tenant);
    // R is the root of thread A, which closes (thread.closed holds R's key); then R is linked under P: B absorbs A.
    const r = await createInteraction(h(), { type: 'VOICE', externalId: 'CUST-GONE-R', startedAt: '2026-01-01T09:00:00Z' });
    await endInteraction(h(), r.interaction.id, { endedAt: '2026-01-01T09:10:00Z' });
    const p = await createInteraction(h(), { type: 'VOICE', externalId: 'CUST-GONE-P', startedAt: '2026-01-01T08:00:00Z' });
    await endInteraction(h(), p.interaction.id, { endedAt: '2026-01-01T08:30:00Z' });
    await linkInteraction(h(), r.interaction.id, p.interaction.id);
    const before = await feedOf(app, token, 7);
    expect(before.filter((e) => e.data.thread.id === r.thread.id).map((e) => e.type)).toEqual([
      'interaction.created',
      'interaction.ended',
      'thread.closed',
    ]);

    const settings = { idempotencyTtlSeconds: 86_400, retentionDays: 30, batchSize: 500 };
    expect(await sweepRetention(app.db, settings, { tenants: [tenant] })).toMatchObject({ threads: 1, interactions: 2 });
    const keys = await app.db.runRaw(
      `MATCH (e:ThreadEvent {tenant: $tenant})
       WHERE any(v IN [e.externalId, e.threadExternalId, e.externalThreadId] WHERE v STARTS WITH 'CUST-GONE')
       RETURN e.type AS type, e.threadId AS threadId`,
      { tenant },
    );
    expect(keys).toEqual([]);
    const events = await feedOf(app, token, 8);
    expect(events.map((e) => e.type).slice(6)).toEqual(['interaction.linked', 'thread.deleted']);
    expect(events.at(-1)).toMatchObject({
      type: 'thread.deleted',
      version: 1,
      sequence: 8,
      data: {
        thread: { id: p.thread.id, rootId: p.interaction.id, status: 'CLOSED', externalId: null, closedAt: '2026-01-01T09:10:00.000Z' },
        deletedInteractions: 2,
      },
    });
  });

  it('is safe with two replicas sweeping at once and a create reopening a due thread', async () => {
    const tenant = uniqueTenant('retention-replicas');
    const h = () => app.db.forTenant(tenant);
    const ids: string[] = [];
    for (let i = 0; i < 12; i++) {
      const r = await createInteraction(h(), { type: 'VOICE', externalId: `CUST-${i}`, startedAt: '2026-01-01T09:00:00Z' });
      await endInteraction(h(), r.interaction.id, { endedAt: '2026-01-01T10:00:00Z' });
      ids.push(r.interaction.id);
    }
    const settings = { idempotencyTtlSeconds: 86_400, retentionDays: 30, batchSize: 1 };
    // Two sweeps (as two replicas would run them), and a contact that joins the first thread explicitly.
    const [one, two, joined] = await Promise.all([
      sweepRetention(app.db, settings, { tenants: [tenant] }),
      sweepRetention(app.db, settings, { tenants: [tenant] }),
      // Refused only because the sweep deleted the parent first: any other error fails the test.
      createInteraction(h(), { type: 'SMS', threading: { parentInteractionId: ids[0]! } }).then(
        (r) => r,
        (error: unknown) => {
          if (error instanceof ThreadgraphError && error.code === 'PARENT_NOT_FOUND') return null;
          throw error;
        },
      ),
    ]);
    // Either the contact came first (its thread reopened and is kept) or the sweep did (the parent was gone).
    const kept = joined ? 1 : 0;
    expect(one.threads + two.threads).toBe(12 - kept);
    expect(await count(tenant, 'Thread')).toBe(kept);
    expect(await count(tenant, 'Interaction')).toBe(2 * kept);
    expect(await integrityReport(h())).toMatchObject({ threadMembership: { count: 0 }, secondParents: { count: 0 } });
  });

  it('runs in the background and counts what it did in /metrics', async () => {
    let text = '';
    // The first sweep of a shared database may have a backlog to delete (other tenants' old keys): up to 2 min.
    for (let i = 0; i < 1200 && !/threadgraph_retention_sweeps_total\{outcome="ok"\} [1-9]/.test(text); i++) {
      text = await (await fetch(new URL('/metrics', app.url))).text();
      if (!/threadgraph_retention_sweeps_total\{outcome="ok"\} [1-9]/.test(text)) await new Promise((r) => setTimeout(r, 100));
    }
    expect(text).toMatch(/threadgraph_retention_sweeps_total\{outcome="ok"\} [1-9]/);
    expect(text).toContain('threadgraph_retention_deleted_total{kind="threads"}');
  }, 180_000);
});
