import { App } from '../../src/app';
import { composeSupergraph } from '../federation/gateway';
import { startHiveGateway } from '../federation/hiveGateway';
import { RunningSubgraph, startCrm } from '../federation/subgraphs';
import { gql, startTestApp, tokenFor, uniqueTenant } from '../support/app';
import { EVENT_FIELDS, overSse, overWs, Subscriber } from '../support/subscriptions';

const THREAD = `subscription($id: ID!, $after: Long) { threadUpdated(threadId: $id, after: $after) { ${EVENT_FIELDS} } }`;

/**
 * Subscriptions through a federated gateway that supports them: Hive Gateway composing
 * threadgraph with a CRM subgraph, subscribing upstream over SSE with the client's token.
 */
describe('subscriptions through Hive Gateway', () => {
  let app: App;
  let crm: RunningSubgraph;
  let gateway: { url: string; stop(): Promise<void> };
  const open: Subscriber[] = [];

  beforeAll(async () => {
    app = await startTestApp({ EVENTS_POLL_MS: '100', WEBHOOK_DELIVERY: 'false' });
    crm = await startCrm([{ externalId: 'CUST-G', name: 'Grace Hopper' }]);
    const sdl = (await gql(app, '{ _service { sdl } }')).data!._service.sdl as string;
    gateway = await startHiveGateway(
      composeSupergraph([
        { name: 'threadgraph', url: app.url, sdl },
        { name: 'crm', url: crm.url, sdl: crm.sdl },
      ]),
    );
  });
  afterEach(async () => {
    await Promise.all(open.splice(0).map((s) => s.dispose()));
  });
  afterAll(async () => {
    await gateway?.stop();
    await crm?.stop();
    await app?.stop();
  });

  it.each([
    ['graphql-ws', overWs],
    ['SSE', overSse],
  ])('a desktop subscribed through the gateway over %s receives the update a mutation makes', async (_, over) => {
    const tenant = uniqueTenant('gw-subs');
    const token = await tokenFor(tenant);
    const created = await gql(
      app,
      'mutation { createInteraction(input: { type: VOICE, externalId: "CUST-G" }) { interaction { id } thread { id } } }',
      {},
      token,
    );
    const { interaction, thread } = created.data!.createInteraction;
    const s = over(gateway.url, token, THREAD, { id: thread.id, after: 0 });
    open.push(s);
    await s.count('threadUpdated', 1);
    // A mutation through the gateway: the stitched child reaches the subscriber.
    const child = await fetch(gateway.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({
        query: 'mutation { createInteraction(input: { type: WEB_CHAT, externalId: "CUST-G" }) { interaction { id } } }',
      }),
    });
    const childId = ((await child.json()) as any).data.createInteraction.interaction.id;
    const events = await s.count('threadUpdated', 2);
    expect(events.map((e) => e.type)).toEqual(['interaction.created', 'interaction.created']);
    expect(events[1]).toMatchObject({
      tenant,
      data: { interaction: { id: childId, parentId: interaction.id }, thread: { id: thread.id } },
    });
    expect(s.received.every((r) => r.errors === undefined)).toBe(true);
  });

  it('carries the subgraph’s refusal of a token without interaction:read to the client', async () => {
    const token = await tokenFor(uniqueTenant('gw-subs'), 'interaction:write');
    const s = overSse(gateway.url, token, THREAD, { id: 'x' });
    open.push(s);
    const ended = await s.until(() => s.ended ?? s.received.find((r) => r.errors));
    expect(JSON.stringify(ended)).toMatch(/FORBIDDEN|interaction:read/);
  });
});
