import { App } from '../../src/app';
import { codes, gql, startTestApp, tokenFor, uniqueTenant } from '../support/app';
import { at, seedThread, SeedNode } from '../support/threads';

const BASE = '2026-05-01T12:00:00.000Z';

/** A one- or two-interaction thread starting `hours` after BASE. */
function thread(
  id: string,
  hours: number,
  opts: { customer?: string; type?: string; followUp?: string; open?: boolean; agent?: string } = {},
): SeedNode {
  const start = hours * 3600;
  return {
    id,
    type: opts.type ?? 'VOICE',
    externalId: opts.customer ?? 'CUST-A',
    startedAt: at(BASE, start),
    endedAt: opts.open ? null : at(BASE, start + 60),
    participants: opts.agent ? [{ id: opts.agent, role: 'AGENT' }] : [],
    children: opts.followUp
      ? [
          {
            id: `${id}-follow`,
            type: opts.followUp,
            startedAt: at(BASE, start + 600),
            endedAt: at(BASE, start + 660),
            participants: opts.agent ? [{ id: opts.agent, role: 'AGENT' }] : [],
          },
        ]
      : [],
  };
}

const PAGE = `totalCount pageInfo { hasNextPage hasPreviousPage startCursor endCursor } edges { cursor node { id } }`;
type Page = {
  totalCount: number;
  pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null };
  edges: { cursor: string; node: { id: string } }[];
};
const ids = (p: Page) => p.edges.map((e) => e.node.id);

describe('thread and interaction connections', () => {
  let app: App;
  let token: string;
  const tenant = uniqueTenant();

  beforeAll(async () => {
    app = await startTestApp({ GRAPHQL_EXPOSE_QUERY_COUNT: 'true', PAGE_SIZE_MAX: '5' });
    token = await tokenFor(tenant, 'interaction:read');
    const seeds = [
      thread('t1', 1, { agent: 'agent-ann' }),
      thread('t2', 2, { followUp: 'EMAIL', agent: 'agent-ann' }),
      thread('t3b', 3, { customer: 'CUST-B', type: 'WEB_CHAT' }),
      thread('t3a', 3, { customer: 'CUST-B', open: true }),
      thread('t4', 4, { followUp: 'SMS', open: true }),
      thread('t5', 5, { agent: 'agent-bob' }),
      thread('t6', 6, { type: 'EMAIL', agent: 'agent-ann' }),
    ];
    for (const s of seeds) await seedThread(app.db, tenant, s, { id: s.id });
    await seedThread(app.db, uniqueTenant(), thread('foreign', 7, { agent: 'agent-ann' }), { id: 'foreign' });
  });
  afterAll(async () => {
    await app.stop();
  });

  const threads = async (args: string, variables: Record<string, unknown> = {}) => {
    const res = await gql(app, `query($after: String) { threads(${args}, after: $after) { ${PAGE} } }`, variables, token);
    expect(res.errors).toBeUndefined();
    return res.data!.threads as Page;
  };

  describe('Query.threads', () => {
    it('lists the tenant’s threads newest first, ties by id, over pages that meet exactly', async () => {
      const first = await threads('first: 3');
      expect(ids(first)).toEqual(['t6', 't5', 't4']);
      expect(first.totalCount).toBe(7);
      expect(first.pageInfo).toMatchObject({
        hasNextPage: true,
        hasPreviousPage: false,
        startCursor: first.edges[0]!.cursor,
        endCursor: first.edges[2]!.cursor,
      });
      const second = await threads('first: 3', { after: first.pageInfo.endCursor });
      expect(ids(second)).toEqual(['t3a', 't3b', 't2']);
      expect(second.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: true });
      const last = await threads('first: 3', { after: second.pageInfo.endCursor });
      expect(ids(last)).toEqual(['t1']);
      expect(last.pageInfo.hasNextPage).toBe(false);
    });

    it('does not skip or repeat a row when a thread starts between two page reads', async () => {
      const first = await threads('first: 2');
      await seedThread(app.db, tenant, thread('t-late', 9), { id: 't-late' });
      const second = await threads('first: 2', { after: first.pageInfo.endCursor });
      expect([...ids(first), ...ids(second)]).toEqual(['t6', 't5', 't4', 't3a']);
      await app.db.runRaw('MATCH (n:Interaction|Thread {tenant: $tenant, id: "t-late"}) DETACH DELETE n', { tenant });
    });

    it('filters by customer, channel, status and a half-open start window', async () => {
      expect(ids(await threads('filter: { externalId: "CUST-B" }'))).toEqual(['t3a', 't3b']);
      expect(ids(await threads('filter: { type: EMAIL }'))).toEqual(['t6', 't2']);
      expect(ids(await threads('filter: { status: OPEN }'))).toEqual(['t4', 't3a']);
      expect(ids(await threads('filter: { externalId: "CUST-B", status: CLOSED, type: WEB_CHAT }'))).toEqual(['t3b']);
      const window = await threads(`filter: { startedAfter: "${at(BASE, 2 * 3600)}", startedBefore: "${at(BASE, 5 * 3600)}" }`);
      expect(ids(window)).toEqual(['t4', 't3a', 't3b', 't2']);
      expect(window.totalCount).toBe(4);
    });

    it('serves the default page size, shrunk to the cap, when first is not given', async () => {
      expect(ids(await threads('filter: {}'))).toEqual(['t6', 't5', 't4', 't3a', 't3b']);
    });

    it('answers an empty page for first: 0, still telling whether threads exist', async () => {
      const page = await threads('first: 0');
      expect(page.edges).toEqual([]);
      expect(page.pageInfo).toMatchObject({ hasNextPage: true, startCursor: null, endCursor: null });
    });

    it('refuses a page above the cap with BAD_USER_INPUT naming the cap, and a negative first', async () => {
      const above = await gql(app, '{ threads(first: 6) { edges { node { id } } } }', {}, token);
      expect(codes(above)).toEqual(['BAD_USER_INPUT']);
      expect(above.errors![0]!.message).toContain('from 0 to 5');
      const negative = await gql(app, '{ threads(first: -1) { edges { node { id } } } }', {}, token);
      expect(codes(negative)).toEqual(['BAD_USER_INPUT']);
      expect(negative.extensions!.cypher).toMatchObject({ roundTrips: 0 });
    });

    it('refuses a cursor it did not hand out, and a cursor from another connection', async () => {
      const forged = await gql(app, '{ threads(after: "not-a-cursor") { edges { node { id } } } }', {}, token);
      expect(codes(forged)).toEqual(['BAD_USER_INPUT']);
      const agentPage = await gql(
        app,
        '{ _entities(representations: [{ __typename: "Agent", id: "agent-ann" }]) { ... on Agent { interactions(first: 1) { pageInfo { endCursor } } } } }',
        {},
        token,
      );
      const cursor = agentPage.data!._entities[0].interactions.pageInfo.endCursor;
      expect(codes(await gql(app, 'query($c: String) { threads(after: $c) { edges { node { id } } } }', { c: cursor }, token))).toEqual([
        'BAD_USER_INPUT',
      ]);
    });

    it('costs one round trip for a page, its totalCount and each row’s size and handle time included', async () => {
      const page = await gql(app, '{ threads(first: 5) { edges { node { id status channels } } } }', {}, token);
      expect(page.extensions!.cypher).toEqual({ roundTrips: 1, queries: ['list-threads'] });
      const counted = await gql(
        app,
        '{ threads(first: 5) { totalCount edges { node { id size depth endedAt handleTime { totalSeconds spanSeconds byChannel { channel } } } } } }',
        {},
        token,
      );
      expect(counted.errors).toBeUndefined();
      expect(counted.extensions!.cypher).toEqual({ roundTrips: 1, queries: ['list-threads'] });
    });

    it('never lists another tenant’s threads', async () => {
      const res = await gql(app, `{ threads(first: 5) { ${PAGE} } }`, {}, await tokenFor(uniqueTenant(), 'interaction:read'));
      expect(res.data!.threads).toMatchObject({ totalCount: 0, edges: [] });
    });
  });

  describe('Customer.threads', () => {
    const customerThreads = async (key: string, args: string) => {
      const res = await gql(
        app,
        `{ _entities(representations: [{ __typename: "Customer", externalId: "${key}" }]) { ... on Customer { externalId threads(${args}) { ${PAGE} } } } }`,
        {},
        token,
      );
      expect(res.errors).toBeUndefined();
      return res.data!._entities[0];
    };

    it('lists the threads whose externalId is the customer’s, newest first, filtered by status', async () => {
      const a = await customerThreads('CUST-A', 'first: 5');
      expect(ids(a.threads)).toEqual(['t6', 't5', 't4', 't2', 't1']);
      expect(a.threads.totalCount).toBe(5);
      expect(ids((await customerThreads('CUST-B', 'status: OPEN')).threads)).toEqual(['t3a']);
      expect((await customerThreads('CUST-NONE', 'first: 5')).threads).toMatchObject({ totalCount: 0, edges: [] });
    });

    it('pages many customers’ threads, with their counts, in one round trip', async () => {
      const res = await gql(
        app,
        `{ _entities(representations: [{ __typename: "Customer", externalId: "CUST-A" }, { __typename: "Customer", externalId: "CUST-B" }, { __typename: "Customer", externalId: "CUST-C" }]) {
            ... on Customer { externalId threads(first: 2) { totalCount edges { node { id } } } } } }`,
        {},
        token,
      );
      expect(res.errors).toBeUndefined();
      expect(res.data!._entities.map((c: { threads: Page }) => [ids(c.threads), c.threads.totalCount])).toEqual([
        [['t6', 't5'], 5],
        [['t3a', 't3b'], 2],
        [[], 0],
      ]);
      expect(res.extensions!.cypher).toEqual({ roundTrips: 1, queries: ['customer-threads'] });
    });
  });

  describe('Agent.interactions', () => {
    const agentPage = async (id: string, first: number, after: string | null = null) => {
      const res = await gql(
        app,
        'query($r: [_Any!]!, $first: Int, $after: String) { _entities(representations: $r) { ... on Agent { id interactions(first: $first, after: $after) { pageInfo { hasNextPage endCursor } edges { node { id thread { id } } } } } } }',
        { r: [{ __typename: 'Agent', id }], first, after },
        token,
      );
      expect(res.errors).toBeUndefined();
      return res.data!._entities[0].interactions;
    };

    it('lists the interactions an agent handled, newest first, over pages, in this tenant only', async () => {
      const first = await agentPage('agent-ann', 2);
      expect(first.edges.map((e: { node: { id: string } }) => e.node.id)).toEqual(['t6', 't2-follow']);
      expect(first.edges[1].node.thread).toEqual({ id: 't2' });
      expect(first.pageInfo.hasNextPage).toBe(true);
      const rest = await agentPage('agent-ann', 5, first.pageInfo.endCursor);
      expect(rest.edges.map((e: { node: { id: string } }) => e.node.id)).toEqual(['t2', 't1']);
      expect(rest.pageInfo.hasNextPage).toBe(false);
      expect((await agentPage('agent-nobody', 5)).edges).toEqual([]);
    });
  });
});
