import { App } from '../../src/app';
import { codes, startTestApp, tokenFor, uniqueTenant } from '../support/app';
import { Writer } from '../support/stitch';

/** Writes that name another tenant's interaction by id, and creates racing for a CRM thread id nobody has used yet. */
describe('writes across tenants, and a new CRM thread id under concurrent creates', () => {
  let app: App;
  beforeAll(async () => {
    app = await startTestApp();
  });
  afterAll(async () => {
    await app.stop();
  });

  /** Transactions the service ran again after losing a race (the `conflict` retries in /metrics). */
  async function conflictRetries(): Promise<number> {
    const text = await (await fetch(app.url.replace(/\/graphql$/, '/metrics'))).text();
    const m = /^threadgraph_neo4j_transaction_retries_total\{reason="conflict"\} (\d+)/m.exec(text);
    return m ? Number(m[1]) : 0;
  }

  /** Everything a write could change in a tenant's graph, in a stable order. */
  async function graphOf(tenant: string): Promise<unknown> {
    return app.db.runRaw(
      `MATCH (i:Interaction {tenant: $tenant})
       OPTIONAL MATCH (p)-[:PARENT_OF]->(i)
       OPTIONAL MATCH (t:Thread {tenant: $tenant, id: i.threadId})
       RETURN i.id AS id, i.state AS state, i.endedAt AS endedAt, i.depth AS depth, i.threadId AS threadId,
              p.id AS parent, t.status AS status
       ORDER BY id`,
      { tenant },
    );
  }

  it('does not link, end or transfer another tenant’s interaction by id, and changes nothing in either tenant', async () => {
    const mine = new Writer(app, await tokenFor(uniqueTenant('mine')));
    const theirTenant = uniqueTenant('theirs');
    const theirs = new Writer(app, await tokenFor(theirTenant));
    const myRoot = await mine.created({ type: 'VOICE', externalId: 'C-MINE' });
    const myOther = await mine.created({ type: 'EMAIL', externalId: 'C-MINE-2' });
    const theirRoot = await theirs.created({ type: 'VOICE', externalId: 'C-THEIRS' });
    const theirChild = await theirs.created({ type: 'WEB_CHAT', externalId: 'C-THEIRS-2' });
    const before = { theirs: await graphOf(theirTenant) };

    const attempts = {
      linkTheirChildUnderMine: await mine.link(theirChild.interaction.id, myRoot.interaction.id),
      linkMineUnderTheirs: await mine.link(myOther.interaction.id, theirRoot.interaction.id),
      linkTheirsToTheirs: await mine.link(theirChild.interaction.id, theirRoot.interaction.id),
      endTheirs: await mine.end(theirRoot.interaction.id),
      transferTheirs: await mine.transfer(theirRoot.interaction.id, { type: 'WEB_CHAT' }),
    };
    expect(Object.fromEntries(Object.entries(attempts).map(([k, res]) => [k, { data: res.data ?? null, codes: codes(res) }]))).toEqual({
      linkTheirChildUnderMine: { data: null, codes: ['INTERACTION_NOT_FOUND'] },
      linkMineUnderTheirs: { data: null, codes: ['PARENT_NOT_FOUND'] },
      linkTheirsToTheirs: { data: null, codes: ['INTERACTION_NOT_FOUND'] },
      endTheirs: { data: null, codes: ['INTERACTION_NOT_FOUND'] },
      transferTheirs: { data: null, codes: ['INTERACTION_NOT_FOUND'] },
    });

    expect(await graphOf(theirTenant)).toEqual(before.theirs);
    const myOtherNow = await mine.interaction(myOther.interaction.id);
    expect(myOtherNow).toMatchObject({ depth: 1, parent: null, state: 'ACTIVE' });
    expect(await theirs.interaction(theirRoot.interaction.id)).toMatchObject({ state: 'ACTIVE', endedAt: null, parent: null });
  });

  it('keeps a CRM thread id to its tenant: the same id in another tenant starts a thread of its own', async () => {
    const a = new Writer(app, await tokenFor(uniqueTenant()));
    const b = new Writer(app, await tokenFor(uniqueTenant()));
    const inA = await a.created({ type: 'EMAIL', externalId: 'C1', threading: { threadId: 'CRM-SHARED' } });
    const inB = await b.created({ type: 'EMAIL', externalId: 'C1', threading: { threadId: 'CRM-SHARED' } });
    expect(inB.stitch).toMatchObject({ parentId: null, reason: 'THREAD_ID' });
    expect(inB.thread.id).not.toBe(inA.thread.id);
    expect(inB.thread.externalThreadId).toBe('CRM-SHARED');
  });

  it('makes one thread of twenty concurrent creates naming a CRM thread id nobody has used yet', async () => {
    const tenant = uniqueTenant();
    const w = new Writer(app, await tokenFor(tenant));
    const crm = { threadId: 'CRM-NEW-AND-RACED' };
    const retriesBefore = await conflictRetries();
    // Different customers (and so different stitching keys): only the CRM id can bring them together.
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) => w.created({ type: i % 2 ? 'EMAIL' : 'SMS', externalId: `CUST-${i}`, threading: crm })),
    );

    expect(new Set(results.map((r) => r.thread.id)).size).toBe(1);
    expect(results.filter((r) => r.stitch.parentId === null)).toHaveLength(1);
    const [row] = await app.db.runRaw(
      `MATCH (t:Thread {tenant: $tenant}) WITH collect(t) AS threads
       MATCH (i:Interaction {tenant: $tenant})
       RETURN size(threads) AS threads, [t IN threads | t.externalThreadId] AS crmIds,
              count(i) AS interactions, count(DISTINCT i.threadId) AS threadIds,
              sum(CASE WHEN NOT EXISTS { (:Interaction)-[:PARENT_OF]->(i) } THEN 1 ELSE 0 END) AS roots`,
      { tenant },
    );
    expect(row).toEqual({ threads: 1, crmIds: ['CRM-NEW-AND-RACED'], interactions: 20, threadIds: 1, roots: 1 });
    // Serialized before anything is written (the CRM thread id's StitchLock, and the lock Neo4j takes
    // on the absent key of the unique (tenant, externalThreadId) index): nobody lost a race and ran again.
    expect((await conflictRetries()) - retriesBefore).toBe(0);
  });
});
