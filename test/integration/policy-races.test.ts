import { App } from '../../src/app';
import { createInteraction, linkInteraction, updatePolicy } from '../../src/stitching';
import { startTestApp, uniqueTenant } from '../support/app';

/**
 * A policy update applies to every write whose statements run after it commits: also to a write
 * that was already waiting for its locks when the update was acknowledged.
 */
describe('a policy update racing a write', () => {
  let app: App;
  beforeAll(async () => {
    app = await startTestApp();
  });
  afterAll(async () => {
    await app.stop();
  });

  /** Polls SHOW TRANSACTIONS until one of this database's transactions is blocked on a lock (at most 10 s). */
  async function untilBlocked(): Promise<void> {
    for (const deadline = Date.now() + 10_000; Date.now() < deadline;) {
      const rows = await app.db.runRaw("SHOW TRANSACTIONS YIELD status WHERE status STARTS WITH 'Blocked' RETURN count(*) AS n");
      if (Number(rows[0]?.n) > 0) return;
      await new Promise((r) => setTimeout(r, 20));
    }
    throw new Error('no transaction blocked within 10 s');
  }

  it('a link that waited for its locks decides with the maxDepth acknowledged meanwhile', async () => {
    const tenant = uniqueTenant('race');
    const h = app.db.forTenant(tenant);
    await updatePolicy(h, { maxDepth: 5 });
    const ids = [(await createInteraction(h, { type: 'VOICE', externalId: 'P' })).interaction.id];
    while (ids.length < 4)
      ids.push((await createInteraction(h, { type: 'VOICE', threading: { parentInteractionId: ids.at(-1)! } })).interaction.id);
    const parent = (await createInteraction(h, { type: 'VOICE', threading: { parentInteractionId: ids[3]! } })).interaction;
    expect(parent.depth).toBe(5);
    const child = (await createInteraction(h, { type: 'VOICE', externalId: 'C' })).interaction;
    const atFour = ids[3]!;

    // Another transaction holds the thread lock of the parent at depth 4 (as a write in progress would).
    const session = app.db.driver.session({ database: app.db.name });
    const holder = await session.beginTransaction();
    await holder.run('MATCH (t:Thread {tenant: $tenant, id: $id}) SET t:Thread', { tenant, id: parent.threadId });
    try {
      const link = linkInteraction(app.db.forTenant(tenant), child.id, atFour).then(
        () => 'linked',
        (e: { code?: string }) => e.code ?? String(e),
      );
      await untilBlocked();
      await updatePolicy(h, { maxDepth: 4 });
      await holder.rollback();
      // Depth 4 + the child's height 1 = 5: allowed before the update, not after it.
      expect(await link).toBe('MAX_DEPTH_EXCEEDED');
    } finally {
      await session.close();
    }
    const rows = await app.db.runRaw(
      'MATCH (c:Interaction {tenant: $tenant, id: $id}) RETURN c.depth AS depth, EXISTS { ()-[:PARENT_OF]->(c) } AS linked',
      {
        tenant,
        id: child.id,
      },
    );
    expect(rows).toEqual([{ depth: 1, linked: false }]);
  });
});
