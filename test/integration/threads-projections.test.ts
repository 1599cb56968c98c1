import { App } from '../../src/app';
import { toPlain } from '../../src/neo4j/values';
import { loadInteractions, walkThreads } from '../../src/threads';
import { gql, startTestApp, tokenFor, uniqueTenant } from '../support/app';
import { Writer } from '../support/stitch';
import { openTwoInteractionThread, twelveInteractionThread } from '../support/threadShapes';
import { seedThread } from '../support/threads';

/**
 * The read side's narrow projections return what the wide ones did: the aggregates the database
 * counts (summarize-threads, a list page) equal those computed from the walk, and an interaction
 * read with only the properties reads need equals the same interaction read whole (`i { .* }`),
 * less the write path's own properties. Each read is one Cypher round trip.
 */
const AGGREGATES = 'id size depth endedAt handleTime { totalSeconds spanSeconds byChannel { channel seconds interactions } }';

type Cost = { roundTrips: number; queries: string[] };

describe('read projections', () => {
  let app: App;
  let token: string;
  const tenant = uniqueTenant('proj');
  const ids = ['big', 'open', 'odd', 'plain', 'written'];

  beforeAll(async () => {
    app = await startTestApp({ GRAPHQL_EXPOSE_QUERY_COUNT: 'true' });
    token = await tokenFor(tenant);
    await seedThread(app.db, tenant, twelveInteractionThread('big-', 'CUST-BIG'), { id: 'big' });
    await seedThread(app.db, tenant, openTwoInteractionThread('open-', 'CUST-OPEN'), { id: 'open' });
    // Stored durations a read must not trust (negative, past the cap, text): they count as unknown.
    await seedThread(
      app.db,
      tenant,
      {
        id: 'odd-call',
        type: 'VOICE',
        startedAt: '2026-03-01T10:00:00.250Z',
        endedAt: '2026-03-01T10:05:00.750Z',
        talkSeconds: -5,
        children: [
          { id: 'odd-chat', type: 'WEB_CHAT', startedAt: '2026-03-01T10:06:00Z', endedAt: '2026-03-01T10:07:00Z', holdSeconds: 9e9 },
          { id: 'odd-sms', type: 'SMS', startedAt: '2026-03-01T10:08:00Z', endedAt: '2026-03-01T10:07:00Z', afterCallWorkSeconds: 12.5 },
        ],
      },
      { id: 'odd' },
    );
    await app.db.runRaw("MATCH (i:Interaction {tenant: $tenant, id: 'odd-sms'}) SET i.talkSeconds = 'ten'", { tenant });
    await seedThread(
      app.db,
      tenant,
      { id: 'plain-call', type: 'EMAIL', startedAt: '2026-03-02T10:00:00Z', endedAt: '2026-03-02T11:30:00Z' },
      { id: 'plain' },
    );
    // A thread the write path made, so its interactions carry payloadHash and stitchResult.
    const writer = new Writer(app, token);
    const first = await writer.created({ type: 'VOICE', externalId: 'CUST-W', startedAt: '2026-03-03T09:00:00Z' });
    await writer.end(first.interaction.id, { endedAt: '2026-03-03T09:10:00Z', talkSeconds: 400, holdSeconds: 30 });
    await writer.created({ type: 'SMS', externalId: 'CUST-W', startedAt: '2026-03-03T09:20:00Z' });
    await app.db.runRaw("MATCH (t:Thread {tenant: $tenant, id: $id}) SET t.id = 'written'", { tenant, id: first.thread.id });
    await app.db.runRaw("MATCH (i:Interaction {tenant: $tenant, threadId: $id}) SET i.threadId = 'written'", {
      tenant,
      id: first.thread.id,
    });
  });
  afterAll(async () => {
    await app.stop();
  });

  const run = async (query: string, variables: Record<string, unknown> = {}) => {
    const res = await gql(app, query, variables, token);
    expect(res.errors).toBeUndefined();
    return { data: res.data!, cost: res.extensions!.cypher as Cost };
  };

  /** The aggregates as the walk gives them: asking for an interaction too makes the thread load its walk. */
  const walked = async (id: string) => {
    const { data, cost } = await run(`query($id: ID!) { thread(id: $id) { ${AGGREGATES} interactions { id } } }`, { id });
    expect(cost.queries).toEqual(['walk-threads']);
    const { interactions: _interactions, ...aggregates } = data.thread;
    return aggregates;
  };

  /**
   * An open thread's span runs to now, and the two reads happen a moment apart (seconds on a loaded
   * machine: flooring both to the second failed when a second boundary fell between them), so spans
   * are compared within 5 s and everything else exactly.
   */
  const comparable = (t: { handleTime: { spanSeconds: number } }) => ({
    ...t,
    handleTime: { ...t.handleTime, spanSeconds: expect.closeTo(t.handleTime.spanSeconds, -1) },
  });

  it.each(ids)(
    'gives thread %s the same size, depth, end and handle time from the database as from its walk, in 1 round trip',
    async (id) => {
      const { data, cost } = await run(`query($id: ID!) { thread(id: $id) { ${AGGREGATES} } }`, { id });
      expect(cost).toEqual({ roundTrips: 1, queries: ['summarize-threads'] });
      expect(data.thread).toEqual(comparable(await walked(id)));
    },
  );

  it('counts untrusted stored durations as unknown, as the walk does', async () => {
    const { data } = await run(`{ thread(id: "odd") { ${AGGREGATES} } }`);
    // odd-call: -5 is no duration, so end minus start (300.5 s); odd-chat: 9e9 is past the cap, so 60 s;
    // odd-sms: 12.5 s of after-call work (its talk time is text), though it ended before it started.
    expect(data.thread.handleTime.totalSeconds).toBe(300.5 + 60 + 12.5);
    expect(data.thread.size).toBe(3);
  });

  it('lists a page with each row’s aggregates and the count in 1 round trip, equal to each walk', async () => {
    const { data, cost } = await run(`{ threads(first: 10) { totalCount edges { node { ${AGGREGATES} status channels startedAt } } } }`);
    expect(cost).toEqual({ roundTrips: 1, queries: ['list-threads'] });
    expect(data.threads.totalCount).toBe(5);
    const nodes = data.threads.edges.map((e: { node: { id: string } }) => e.node);
    expect(nodes.map((n: { id: string }) => n.id).sort()).toEqual([...ids].sort());
    for (const { status: _s, channels: _c, startedAt: _st, ...node } of nodes) expect(node).toEqual(comparable(await walked(node.id)));
  });

  it('resolves 100 Thread representations asking size and handle time in 1 round trip of short rows', async () => {
    const representations = Array.from({ length: 100 }, (_, k) => ({
      __typename: 'Thread',
      id: k < 95 ? ids[k % ids.length] : `unknown-${k}`,
    }));
    const { data, cost } = await run(
      'query($r: [_Any!]!) { _entities(representations: $r) { ... on Thread { id size handleTime { totalSeconds } } } }',
      { r: representations },
    );
    expect(cost).toEqual({ roundTrips: 1, queries: ['summarize-threads'] });
    expect(data._entities.filter((e: unknown) => e === null)).toHaveLength(5);
    for (const id of ids) {
      const walk = await walked(id);
      expect(data._entities.find((e: { id: string } | null) => e?.id === id)).toEqual({
        id,
        size: walk.size,
        handleTime: { totalSeconds: walk.handleTime.totalSeconds },
      });
    }
  });

  it('reads interactions with every property reads use, equal to a whole read, and without the write path’s own', async () => {
    const h = app.db.forTenant(tenant);
    const [walk] = await walkThreads(h, ['written']);
    const whole = await app.db.runRaw(
      `MATCH (i:Interaction {tenant: $tenant, threadId: 'written'})
       OPTIONAL MATCH (p:Interaction)-[:PARENT_OF]->(i)
       RETURN i { .*, parentId: p.id } AS interaction ORDER BY i.startedAt`,
      { tenant },
    );
    expect(whole.map((r) => Object.keys(r.interaction as object))).toContainEqual(expect.arrayContaining(['payloadHash', 'stitchResult']));
    const read = (i: object) => {
      const { payloadHash: _h, stitchResult: _r, createdAt: _c, ...rest } = toPlain(i) as Record<string, unknown>;
      return Object.fromEntries(Object.entries(rest).filter(([, v]) => v !== null));
    };
    const withoutNulls = (i: object) => Object.fromEntries(Object.entries(i).filter(([, v]) => v !== null && v !== undefined));
    expect(walk!.tree.map(withoutNulls)).toEqual(whole.map((r) => read(r.interaction as object)));
    expect(walk!.tree.every((i) => !('payloadHash' in i) && !('stitchResult' in i))).toBe(true);
    const loaded = await loadInteractions(
      h,
      walk!.tree.map((i) => i.id),
    );
    expect(loaded.map(withoutNulls)).toEqual(whole.map((r) => read(r.interaction as object)));
    expect(walk!.thread).toMatchObject({ id: 'written', status: 'OPEN', startedAt: '2026-03-03T09:00:00.000Z', closedAt: null });
  });
});
