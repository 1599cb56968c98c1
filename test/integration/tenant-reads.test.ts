import { App } from '../../src/app';
import { gql, startTestApp, tokenFor, uniqueTenant } from '../support/app';
import { seedThread } from '../support/threads';

/**
 * A PARENT_OF edge that crosses tenants must never exist (the write path refuses it and the audit
 * reports it), but if one did, no read may follow it into the other tenant: the far end of every
 * relationship a read follows is matched on the caller's tenant too.
 */
describe('reads that follow relationships', () => {
  let app: App;
  const mine = uniqueTenant('mine');
  const theirs = uniqueTenant('theirs');

  beforeAll(async () => {
    app = await startTestApp();
    const start = '2026-03-02T09:00:00.000Z';
    await seedThread(app.db, mine, {
      id: 'm-root',
      type: 'VOICE',
      externalId: 'C-M',
      startedAt: start,
      children: [{ id: 'm-child', startedAt: start }],
    });
    await seedThread(app.db, theirs, { id: 'secret', type: 'EMAIL', externalId: 'C-T', startedAt: start });
    // The planted corruption: my root "parents" their interaction.
    await app.db.runRaw(
      `MATCH (p:Interaction {tenant: $mine, id: 'm-root'}), (c:Interaction {tenant: $theirs, id: 'secret'})
       CREATE (p)-[:PARENT_OF {reason: 'EXPLICIT'}]->(c)`,
      { mine, theirs },
    );
  });
  afterAll(async () => {
    await app.stop();
  });

  it('never lists another tenant’s interaction among the children of mine', async () => {
    const res = await gql(app, '{ interaction(id: "m-root") { id children { id } } }', {}, await tokenFor(mine));
    expect(res.data).toEqual({ interaction: { id: 'm-root', children: [{ id: 'm-child' }] } });
  });

  it('never walks into another tenant’s interaction from my thread', async () => {
    const res = await gql(
      app,
      '{ thread(id: "thread-of-m-root") { size interactions { id } edges { childId } } }',
      {},
      await tokenFor(mine),
    );
    expect(res.data).toEqual({
      thread: { size: 2, interactions: [{ id: 'm-root' }, { id: 'm-child' }], edges: [{ childId: 'm-child' }] },
    });
  });

  it('never shows my interaction as the parent of theirs', async () => {
    const res = await gql(app, '{ interaction(id: "secret") { id parent { id } } }', {}, await tokenFor(theirs));
    expect(res.data).toEqual({ interaction: { id: 'secret', parent: null } });
  });
});
