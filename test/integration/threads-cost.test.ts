import { App } from '../../src/app';
import { gql, startTestApp, tokenFor, uniqueTenant } from '../support/app';
import { openTwoInteractionThread, twelveInteractionThread } from '../support/threadShapes';
import { seedThread } from '../support/threads';

/** Everything a thread view can ask for, with parent, children and thread nested below each interaction. */
const INTERACTION_FIELDS = `
  id type externalId state startedAt endedAt subject metadata depth stitchReason
  handleTime { totalSeconds talkSeconds holdSeconds afterCallWorkSeconds }
  participants { id role state }`;
const FULL_THREAD = `
  id externalId externalThreadId status depth size channels startedAt endedAt closedAt
  root { id children { id } }
  edges { parentId childId reason }
  handleTime { totalSeconds spanSeconds byChannel { channel seconds interactions } }
  playback { ready segments { interactionId channel recordingUri transcriptUri startedAt endedAt } }
  interactions {
    ${INTERACTION_FIELDS}
    parent { id parent { id } thread { id size } }
    children { id children { id children { id } } parent { id } }
    thread { id status handleTime { totalSeconds } interactions(order: CHRONOLOGICAL) { id thread { id } } }
  }`;

type Cost = { roundTrips: number; queries: string[] };

describe('what a thread query costs, counted in Cypher round trips', () => {
  let app: App;
  let token: string;
  const tenant = uniqueTenant();

  beforeAll(async () => {
    app = await startTestApp({ GRAPHQL_EXPOSE_QUERY_COUNT: 'true' });
    token = await tokenFor(tenant, 'interaction:read');
    await seedThread(app.db, tenant, twelveInteractionThread('big-', 'CUST-BIG'), { id: 'big' });
    await seedThread(app.db, tenant, openTwoInteractionThread('small-', 'CUST-SMALL'), { id: 'small' });
    for (let k = 0; k < 4; k += 1) {
      await seedThread(app.db, tenant, twelveInteractionThread(`many-${k}-`, 'CUST-MANY'), { id: `many-${k}` });
    }
  });
  afterAll(async () => {
    await app.stop();
  });

  const run = async (query: string, variables: Record<string, unknown> = {}) => {
    const res = await gql(app, query, variables, token);
    expect(res.errors).toBeUndefined();
    return { data: res.data!, cost: res.extensions!.cypher as Cost };
  };

  it('reads a 3-level thread of 12 interactions with every nested field in 1 round trip (the walk)', async () => {
    const { data, cost } = await run(`query($id: ID!) { thread(id: $id) { ${FULL_THREAD} } }`, { id: 'big' });
    expect(data.thread.interactions).toHaveLength(12);
    expect(data.thread.interactions[1].children.map((c: { id: string }) => c.id)).toEqual(['big-survey', 'big-transfer-2', 'big-callback']);
    expect(cost).toEqual({ roundTrips: 1, queries: ['walk-threads'] });
  });

  it('reads a 2-interaction thread with the same query in the same 1 round trip', async () => {
    const { data, cost } = await run(`query($id: ID!) { thread(id: $id) { ${FULL_THREAD} } }`, { id: 'small' });
    expect(data.thread.interactions).toHaveLength(2);
    expect(cost).toEqual({ roundTrips: 1, queries: ['walk-threads'] });
  });

  it('lists a customer’s threads, counted, with every nested field in 2 round trips whatever the number of threads', async () => {
    const query = `query($key: String!, $first: Int) { threads(filter: { externalId: $key }, first: $first) { totalCount edges { node { ${FULL_THREAD} } } } }`;
    const four = await run(query, { key: 'CUST-MANY', first: 4 });
    const one = await run(query, { key: 'CUST-MANY', first: 1 });
    expect(four.data.threads.edges).toHaveLength(4);
    expect(one.data.threads.edges).toHaveLength(1);
    expect(four.data.threads.totalCount).toBe(4);
    for (const { cost } of [four, one]) {
      expect(cost.roundTrips).toBe(2);
      expect([...cost.queries].sort()).toEqual(['customer-threads', 'walk-threads']);
    }
  });

  it('reaches a thread from an interaction in 3 round trips: the interaction, its thread, one walk', async () => {
    const { data, cost } = await run(`{ interaction(id: "big-survey") { id thread { ${FULL_THREAD} } } }`);
    expect(data.interaction.thread.size).toBe(12);
    expect(cost).toEqual({ roundTrips: 3, queries: ['load-interactions', 'load-threads', 'walk-threads'] });
  });

  it('loads children outside a walk in one batched round trip per level', async () => {
    const { data, cost } = await run(`{
      a: interaction(id: "big-call") { children { id children { id } } }
      b: interaction(id: "many-0-call") { children { id children { id } } }
    }`);
    expect(data.a.children.map((c: { id: string }) => c.id)).toEqual(['big-transfer', 'big-chat', 'big-email']);
    expect(data.b.children[2].children.map((c: { id: string }) => c.id)).toEqual(['many-0-email-sms', 'many-0-email-reply']);
    expect(cost).toEqual({ roundTrips: 3, queries: ['load-interactions', 'load-children', 'load-children'] });
  });

  it('resolves 100 Interaction and 100 Thread representations in one round trip per type', async () => {
    const interactions = (await run('{ thread(id: "big") { interactions { id } } }')).data.thread.interactions.map(
      (i: { id: string }) => i.id,
    );
    const representations = Array.from({ length: 100 }, (_, k) => [
      { __typename: 'Interaction', id: k < 12 ? interactions[k] : `unknown-${k}` },
      { __typename: 'Thread', id: k % 2 === 0 ? 'big' : `many-${k % 4}` },
    ]).flat();
    const { data, cost } = await run(
      'query($r: [_Any!]!) { _entities(representations: $r) { ... on Interaction { id type } ... on Thread { id status } } }',
      { r: representations },
    );
    expect(data._entities).toHaveLength(200);
    expect(data._entities.filter((e: unknown) => e === null)).toHaveLength(88);
    expect(cost.roundTrips).toBe(2);
    expect([...cost.queries].sort()).toEqual(['load-interactions', 'load-threads']);
  });

  it('walks 100 Thread representations in one walk round trip', async () => {
    const representations = Array.from({ length: 100 }, (_, k) => ({
      __typename: 'Thread',
      id: ['big', 'small', 'many-0', 'many-1', 'many-2', 'many-3'][k % 6],
    }));
    const { data, cost } = await run(
      'query($r: [_Any!]!) { _entities(representations: $r) { ... on Thread { id size handleTime { totalSeconds } interactions { id parent { id } } } } }',
      { r: representations },
    );
    expect(data._entities[1]).toMatchObject({ id: 'small', size: 2 });
    expect(cost).toEqual({ roundTrips: 1, queries: ['walk-threads'] });
  });

  it('does not walk threads whose _entities selection asks walk-like fields only of interactions', async () => {
    const { data, cost } = await run(
      'query($r: [_Any!]!) { _entities(representations: $r) { ... on Thread { id status } ... on Interaction { id depth } } }',
      {
        r: [
          { __typename: 'Thread', id: 'big' },
          { __typename: 'Interaction', id: 'big-call' },
        ],
      },
    );
    expect(data._entities).toEqual([
      { id: 'big', status: 'CLOSED' },
      { id: 'big-call', depth: 1 },
    ]);
    expect([...cost.queries].sort()).toEqual(['load-interactions', 'load-threads']);
  });

  it('reads only the Thread node when the selection needs no walk', async () => {
    const { data, cost } = await run('query($id: ID!) { thread(id: $id) { id status externalId closedAt } }', { id: 'big' });
    expect(data.thread.id).toBe('big');
    expect(cost).toEqual({ roundTrips: 1, queries: ['load-threads'] });
  });
});
