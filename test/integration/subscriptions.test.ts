import { App } from '../../src/app';
import { gql, startTestApp, tokenFor, uniqueTenant } from '../support/app';
import { eventually } from '../support/events';
import { meter } from '../support/metrics';
import { EVENT_FIELDS, overSse, overWs, Subscriber } from '../support/subscriptions';

const THREAD = `subscription($id: ID!, $after: Long) { threadUpdated(threadId: $id, after: $after) { ${EVENT_FIELDS} } }`;
const CUSTOMER = `subscription($x: String!, $after: Long) { customerThreads(externalId: $x, after: $after) { ${EVENT_FIELDS} } }`;

/**
 * Live updates for agent desktops: Subscription.threadUpdated and customerThreads over graphql-ws
 * and GraphQL over SSE on /graphql, fed from the committed outbox, authorised by the same tokens.
 */
describe('subscriptions', () => {
  let app: App;
  const open: Subscriber[] = [];

  beforeAll(async () => {
    app = await startTestApp({ EVENTS_POLL_MS: '100', AUTH_CLOCK_SKEW_SECONDS: '0' });
  });
  afterEach(async () => {
    await Promise.all(open.splice(0).map((s) => s.dispose()));
  });
  afterAll(async () => {
    await app.stop();
  });

  const track = (s: Subscriber) => (open.push(s), s);

  async function writer(tenant: string) {
    const token = await tokenFor(tenant);
    const run = async (query: string, variables: Record<string, unknown> = {}) => {
      const res = await gql(app, query, variables, token);
      if (res.errors) throw new Error(JSON.stringify(res.errors));
      return res.data!;
    };
    return {
      tenant,
      token,
      create: async (input: Record<string, unknown>) =>
        (
          await run('mutation($i: CreateInteractionInput!) { createInteraction(input: $i) { interaction { id } thread { id } } }', {
            i: input,
          })
        ).createInteraction as { interaction: { id: string }; thread: { id: string } },
      end: (id: string) => run('mutation($id: ID!) { endInteraction(id: $id) { id } }', { id }),
      /** The tenant's feed position: a subscription `after` it misses nothing written later. */
      position: async () => Number((await run('{ threadEvents(first: 0) { pageInfo { endCursor } } }')).threadEvents.pageInfo.endCursor),
    };
  }

  it.each([
    ['graphql-ws', overWs, 'ws'],
    ['SSE', overSse, 'sse'],
  ] as const)(
    'over %s, threadUpdated receives the create, end and close of its thread, in order, and nothing of another thread',
    async (_, over, transport) => {
      const w = await writer(uniqueTenant('subs'));
      const m = await meter(app);
      const first = await w.create({ type: 'VOICE', externalId: 'CUST-1' });
      const s = track(over(app.url, w.token, THREAD, { id: first.thread.id, after: 0 }));
      await w.create({ type: 'SMS', externalId: 'CUST-OTHER' });
      const second = await w.create({ type: 'EMAIL', externalId: 'CUST-1' });
      await w.end(second.interaction.id);
      await w.end(first.interaction.id);
      const events = await s.count('threadUpdated', 5);
      expect(events.map((e) => e.type)).toEqual([
        'interaction.created',
        'interaction.created',
        'interaction.ended',
        'interaction.ended',
        'thread.closed',
      ]);
      expect(events.every((e) => e.data.thread.id === first.thread.id)).toBe(true);
      const sequences = events.map((e) => e.sequence);
      expect(sequences).toEqual([...sequences].sort((a, b) => a - b));
      expect(events[4].data.closedByInteractionId).toBe(first.interaction.id);
      expect(s.received.every((r) => r.errors === undefined)).toBe(true);
      // Metrics: one connection of this transport and one stream open now, five events sent over it.
      expect(await m.now(`threadgraph_subscription_connections{transport="${transport}"}`)).toBe(1);
      expect(await m.now('threadgraph_subscription_streams')).toBe(1);
      expect(await m.delta(`threadgraph_subscription_events_sent_total{transport="${transport}"}`)).toBe(5);
      await s.dispose();
      await m.reads(`threadgraph_subscription_connections{transport="${transport}"}`, 0);
      await m.reads('threadgraph_subscription_streams', 0);
    },
  );

  it('customerThreads over SSE and graphql-ws: the customer’s events from the moment it subscribed (after), none of another tenant', async () => {
    const a = await writer(uniqueTenant('subs-a'));
    const b = await writer(uniqueTenant('subs-b'));
    const positionA = await a.position();
    const positionB = await b.position();
    const sseA = track(overSse(app.url, a.token, CUSTOMER, { x: 'CUST-7', after: positionA }));
    const wsB = track(overWs(app.url, b.token, CUSTOMER, { x: 'CUST-7', after: positionB }));
    const inA = await a.create({ type: 'VOICE', externalId: 'CUST-7' });
    await a.create({ type: 'VOICE', externalId: 'CUST-8' });
    const inB = await b.create({ type: 'WEB_CHAT', externalId: 'CUST-7' });
    const gotA = await sseA.count('customerThreads', 1);
    const gotB = await wsB.count('customerThreads', 1);
    expect(gotA[0]).toMatchObject({ type: 'interaction.created', data: { interaction: { id: inA.interaction.id } } });
    expect(gotB[0]).toMatchObject({ type: 'interaction.created', data: { interaction: { id: inB.interaction.id } } });
    await a.end(inA.interaction.id);
    const more = await sseA.count('customerThreads', 3);
    expect(more.map((e) => e.type)).toEqual(['interaction.created', 'interaction.ended', 'thread.closed']);
    expect(new Set(sseA.events('customerThreads').map((e) => e.tenant))).toEqual(new Set([a.tenant]));
    expect(new Set(wsB.events('customerThreads').map((e) => e.tenant))).toEqual(new Set([b.tenant]));
  });

  it('refuses a connection without a token, with a bad one, or without interaction:read; over HTTP POST a subscription is a typed 400', async () => {
    const tenant = uniqueTenant('subs-auth');
    const writeOnly = await tokenFor(tenant, 'interaction:write');
    for (const token of [null, 'not.a.jwt', writeOnly]) {
      const ws = track(overWs(app.url, token, THREAD, { id: 'x' }));
      const ended = await ws.finished();
      expect(ended).toMatchObject({ how: 'error', error: { code: 4403 } });
    }
    const sse = await fetch(app.url, {
      method: 'POST',
      headers: { accept: 'text/event-stream', 'content-type': 'application/json', authorization: `Bearer ${writeOnly}` },
      body: JSON.stringify({ query: THREAD, variables: { id: 'x' } }),
    });
    expect(sse.status).toBe(403);
    expect(((await sse.json()) as any).errors[0].extensions.code).toBe('FORBIDDEN');
    const anonymous = await fetch(app.url, {
      method: 'POST',
      headers: { accept: 'text/event-stream', 'content-type': 'application/json' },
      body: JSON.stringify({ query: THREAD, variables: { id: 'x' } }),
    });
    expect(anonymous.status).toBe(401);
    const post = await gql(app, THREAD, { id: 'x' }, await tokenFor(tenant));
    expect(post.status).toBeLessThan(500);
    expect(post.errors?.[0]?.extensions?.code).toBe('BAD_REQUEST');
  });

  it('serves only subscriptions over WebSocket and SSE (queries and mutations go to POST /graphql)', async () => {
    const w = await writer(uniqueTenant('subs-ops'));
    const ws = track(overWs(app.url, w.token, '{ stitchingPolicy { maxDepth } }'));
    const ended = await ws.until(() => (ws.ended ? ws.ended : undefined));
    expect(JSON.stringify(ended)).toContain('Only subscriptions are served');
    const sse = track(overSse(app.url, w.token, 'mutation { createInteraction(input: { type: VOICE }) { replayed } }'));
    await sse.finished();
    expect(await w.position()).toBe(0);
  });

  it('checks the token again for every event: one that expired ends the stream with UNAUTHENTICATED', async () => {
    const w = await writer(uniqueTenant('subs-exp'));
    const first = await w.create({ type: 'VOICE', externalId: 'CUST-1' });
    const exp = Math.floor(Date.now() / 1000) + 2;
    const s = track(overWs(app.url, await tokenFor(w.tenant, 'interaction:read', { exp }), THREAD, { id: first.thread.id, after: 0 }));
    await s.count('threadUpdated', 1);
    // The token expires at `exp`: wait for the clock (bounded), then an event arrives for it.
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, exp * 1000 - Date.now() + 50)));
    await w.end(first.interaction.id);
    const denied = await s.until(() => s.received.find((r) => r.errors));
    expect(denied.errors![0]!.extensions?.code).toBe('UNAUTHENTICATED');
    await s.finished();
    expect(s.events('threadUpdated')).toHaveLength(1);
  });

  it('ends a stream that falls SUBSCRIPTION_BUFFER_EVENTS behind with SUBSCRIPTION_OVERFLOW, and lets its follower go', async () => {
    const small = await startTestApp({ EVENTS_POLL_MS: '100', SUBSCRIPTION_BUFFER_EVENTS: '2', WEBHOOK_DELIVERY: 'false' });
    try {
      const tenant = uniqueTenant('subs-slow');
      const m = await meter(small);
      const stream = await small.events.live.open(tenant, { filter: () => true, after: null });
      expect(await m.now('threadgraph_subscription_streams')).toBe(1);
      const token = await tokenFor(tenant);
      for (let k = 0; k < 3; k++) {
        const res = await gql(
          small,
          'mutation { createInteraction(input: { type: VOICE, externalId: "CUST-S" }) { replayed } }',
          {},
          token,
        );
        expect(res.errors).toBeUndefined();
      }
      // The consumer reads nothing: the third event overflows its buffer of two, and the stream ends.
      await eventually(async () => (stream.isDone ? true : undefined), 15_000, 'the overflow');
      const first = await stream.next();
      expect(first.value?.error?.code).toBe('SUBSCRIPTION_OVERFLOW');
      expect(first.value?.error?.message).toContain('after: 0');
      expect((await stream.next()).done).toBe(true);
      expect(small.events.live.streamCount).toBe(0);
      expect(small.events.live.followerCount).toBe(0);
      expect(await m.delta('threadgraph_subscription_overflows_total')).toBe(1);
      expect(await m.now('threadgraph_subscription_streams')).toBe(0);
    } finally {
      await small.stop();
    }
  });

  it('works across replicas: a subscriber on one service hears a write made through another', async () => {
    const other = await startTestApp({ EVENTS_POLL_MS: '100', WEBHOOK_DELIVERY: 'false' });
    try {
      const tenant = uniqueTenant('subs-replicas');
      const token = await tokenFor(tenant);
      const s = track(overSse(other.url, token, CUSTOMER, { x: 'CUST-R', after: 0 }));
      const res = await gql(
        app,
        'mutation { createInteraction(input: { type: VOICE, externalId: "CUST-R" }) { interaction { id } } }',
        {},
        token,
      );
      const [event] = await s.count('customerThreads', 1);
      expect(event).toMatchObject({
        tenant,
        type: 'interaction.created',
        data: { interaction: { id: res.data!.createInteraction.interaction.id } },
      });
    } finally {
      await Promise.all(open.splice(0).map((s) => s.dispose()));
      await other.stop();
    }
  });

  it('drains on stop: WebSockets close with 1001, SSE streams complete, and stop does not wait out the grace period', async () => {
    const stopping = await startTestApp({ EVENTS_POLL_MS: '100', SHUTDOWN_GRACE_MS: '600000', WEBHOOK_DELIVERY: 'false' });
    const tenant = uniqueTenant('subs-drain');
    const token = await tokenFor(tenant);
    const ws = overWs(stopping.url, token, CUSTOMER, { x: 'CUST-D', after: 0 });
    const sse = overSse(stopping.url, token, CUSTOMER, { x: 'CUST-D', after: 0 });
    try {
      await gql(stopping, 'mutation { createInteraction(input: { type: VOICE, externalId: "CUST-D" }) { replayed } }', {}, token);
      await ws.count('customerThreads', 1);
      await sse.count('customerThreads', 1);
      expect(stopping.events.live.streamCount).toBe(2);
      await stopping.stop();
      // Each stream completes, then the WebSocket closes with 1001 (going away).
      const [wsEnd, sseEnd] = await Promise.all([ws.finished(), sse.finished()]);
      expect(wsEnd).toEqual({ how: 'complete' });
      expect(sseEnd).toEqual({ how: 'complete' });
      expect(await ws.until(() => ws.closedWith ?? undefined)).toBe(1001);
      expect(stopping.events.live.streamCount).toBe(0);
    } finally {
      await ws.dispose();
      await sse.dispose();
    }
  });
});
