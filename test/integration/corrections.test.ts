import { App } from '../../src/app';
import { integrityReport } from '../../src/stitching';
import { codes, gql, GqlResponse, startTestApp, tokenFor, uniqueTenant } from '../support/app';
import { feedOf } from '../support/events';

type Cost = { roundTrips: number; queries: string[] };

const HISTORY = 'history { id kind interactionId beforeParentId afterParentId fromThreadId toThreadId by at note }';
/** The Thread node's own fields (what a detach returns, no walk); WALKED adds the ones read from a walk. */
const NODE = 'id status startedAt closedAt channels externalThreadId';
const WALKED = `${NODE} rootId: root { id } size depth`;
const DETACH = `mutation($id: ID!, $note: String) { detachInteraction(id: $id, note: $note) {
  interaction { id depth stitchReason requestedParentId state thread { id } }
  thread { ${NODE} }
  fromThread { ${NODE} }
  correction { id kind interactionId beforeParentId afterParentId fromThreadId toThreadId by note }
} }`;

/**
 * Undoing a wrong stitch: detachInteraction takes an interaction and its subtree out of their thread
 * into a thread of their own, recomputes both threads' facts, and records who did it and why; the
 * audit trail (Interaction.history, Thread.history) shows every explicit link and correction.
 */
describe('corrections: detaching a subtree, and the audit trail', () => {
  let app: App;
  let tenant: string;
  let token: string;

  beforeAll(async () => {
    app = await startTestApp({ GRAPHQL_EXPOSE_QUERY_COUNT: 'true' });
  });
  beforeEach(async () => {
    tenant = uniqueTenant('corrections');
    token = await tokenFor(tenant);
  });
  afterAll(async () => {
    await app.stop();
  });

  const call = (query: string, variables: Record<string, unknown> = {}, as = token): Promise<GqlResponse> => gql(app, query, variables, as);
  async function ok(query: string, variables: Record<string, unknown> = {}): Promise<{ data: Record<string, any>; cost: Cost }> {
    const res = await call(query, variables);
    expect(res.errors).toBeUndefined();
    return { data: res.data!, cost: res.extensions!.cypher as Cost };
  }
  async function create(input: Record<string, unknown>): Promise<{ id: string; threadId: string }> {
    const { data } = await ok(
      'mutation($i: CreateInteractionInput!) { createInteraction(input: $i) { interaction { id } thread { id } } }',
      {
        i: input,
      },
    );
    return { id: data.createInteraction.interaction.id, threadId: data.createInteraction.thread.id };
  }
  const end = (id: string, endedAt: string) =>
    ok('mutation($id: ID!, $e: DateTime) { endInteraction(id: $id, input: { endedAt: $e }) { id } }', { id, e: endedAt });
  const thread = async (id: string) =>
    (await ok(`query($id: ID!) { thread(id: $id) { ${WALKED} interactions { id depth state } ${HISTORY} } }`, { id })).data.thread;
  /** Every node and edge of the tenant, to show a refusal changed nothing. */
  const snapshot = () =>
    app.db.runRaw(
      `CALL () { MATCH (n:Interaction {tenant: $tenant}) RETURN n UNION MATCH (n:Thread {tenant: $tenant}) RETURN n
                 UNION MATCH (n:Correction {tenant: $tenant}) RETURN n UNION MATCH (n:StitchLock {tenant: $tenant}) RETURN n }
       OPTIONAL MATCH (n)-[r]->(m)
       WITH n, collect([type(r), m.id]) AS out ORDER BY labels(n)[0], n.id
       RETURN labels(n) AS labels, properties(n) AS props, out`,
      { tenant },
    );

  it('detaches a subtree into a thread of its own in 1 round trip, shifting depths and recomputing both threads', async () => {
    // r (VOICE, CRM thread CRM-A) ─┬─ c (WEB_CHAT) ── g (EMAIL)
    //                              └─ s (SMS)
    const r = await create({ type: 'VOICE', externalId: 'CUST-1', threading: { threadId: 'CRM-A' }, startedAt: '2026-03-01T09:00:00Z' });
    const c = await create({ type: 'WEB_CHAT', threading: { parentInteractionId: r.id }, startedAt: '2026-03-01T09:10:00Z' });
    const g = await create({ type: 'EMAIL', threading: { parentInteractionId: c.id }, startedAt: '2026-03-01T09:20:00Z' });
    const s = await create({ type: 'SMS', threading: { parentInteractionId: r.id }, startedAt: '2026-03-01T09:05:00Z' });
    await end(r.id, '2026-03-01T09:30:00Z');
    await end(s.id, '2026-03-01T09:40:00Z');
    expect((await thread(r.threadId)).status).toBe('OPEN');

    const { data, cost } = await ok(DETACH, { id: c.id, note: 'wrong customer: a shared phone number' });
    expect(cost).toEqual({ roundTrips: 1, queries: ['detach-interaction'] });
    const d = data.detachInteraction;
    expect(d.interaction).toMatchObject({ id: c.id, depth: 1, stitchReason: 'NEW_THREAD', requestedParentId: null });
    expect(d.interaction.thread.id).toBe(d.thread.id);
    expect(d.thread).toMatchObject({
      status: 'OPEN',
      startedAt: '2026-03-01T09:10:00.000Z',
      closedAt: null,
      channels: ['WEB_CHAT', 'EMAIL'],
      externalThreadId: null,
    });
    // What is left has ended: the thread closes at its last end, and r (pending on c) completes.
    expect(d.fromThread).toMatchObject({
      id: r.threadId,
      status: 'CLOSED',
      closedAt: '2026-03-01T09:40:00.000Z',
      channels: ['VOICE', 'SMS'],
      externalThreadId: 'CRM-A',
    });
    expect(d.correction).toMatchObject({
      kind: 'DETACH',
      interactionId: c.id,
      beforeParentId: r.id,
      afterParentId: null,
      fromThreadId: r.threadId,
      toThreadId: d.thread.id,
      by: 'test-user',
      note: 'wrong customer: a shared phone number',
    });
    const left = await thread(r.threadId);
    expect(left).toMatchObject({ rootId: { id: r.id }, size: 2, depth: 2 });
    expect(left.interactions).toEqual([
      { id: r.id, depth: 1, state: 'COMPLETED' },
      { id: s.id, depth: 2, state: 'COMPLETED' },
    ]);
    const made = await thread(d.thread.id);
    expect(made).toMatchObject({ rootId: { id: c.id }, size: 2, depth: 2 });
    expect(made.interactions).toEqual([
      { id: c.id, depth: 1, state: 'ACTIVE' },
      { id: g.id, depth: 2, state: 'ACTIVE' },
    ]);
    // Both threads show the correction; so does the interaction.
    expect(left.history.map((e: any) => e.id)).toEqual([d.correction.id]);
    expect(made.history.map((e: any) => e.id)).toEqual([d.correction.id]);
    expect(await integrityReport(app.db.forTenant(tenant))).toMatchObject({
      cycles: { count: 0 },
      secondParents: { count: 0 },
      depthViolations: { count: 0 },
      orphans: { count: 0 },
      threadMembership: { count: 0 },
    });
  });

  it('undoes a wrong link: the CRM thread id goes back with the part that carried it, and the history shows both, newest first', async () => {
    const x = await create({ type: 'VOICE', externalId: 'CUST-X', startedAt: '2026-03-02T09:00:00Z' });
    const y = await create({ type: 'EMAIL', externalId: 'CUST-Y', threading: { threadId: 'CRM-Y' }, startedAt: '2026-03-02T10:00:00Z' });
    const y2 = await create({ type: 'EMAIL', threading: { parentInteractionId: y.id }, startedAt: '2026-03-02T10:05:00Z' });
    const linked = await ok(
      `mutation($c: ID!, $p: ID!, $n: String) { linkInteraction(childId: $c, parentId: $p, note: $n) { id depth } }`,
      { c: y.id, p: x.id, n: 'same customer, says the CRM' },
    );
    expect(linked.cost).toEqual({ roundTrips: 1, queries: ['link-interaction'] });
    expect(linked.data.linkInteraction).toMatchObject({ depth: 2 });
    expect((await thread(x.threadId)).externalThreadId).toBe('CRM-Y');

    const { data } = await ok(DETACH, { id: y.id, note: 'the CRM was wrong' });
    const d = data.detachInteraction;
    // The shape before the link, in a new thread: y a root, y2 below it, CRM-Y with them.
    expect(d.thread).toMatchObject({ externalThreadId: 'CRM-Y', channels: ['EMAIL'] });
    expect(d.fromThread).toMatchObject({ id: x.threadId, externalThreadId: null, channels: ['VOICE'], status: 'OPEN' });
    expect(await thread(x.threadId)).toMatchObject({ size: 1, depth: 1 });
    expect((await thread(d.thread.id)).interactions.map((i: any) => [i.id, i.depth])).toEqual([
      [y.id, 1],
      [y2.id, 2],
    ]);
    // A later contact by the CRM thread id joins the detached part.
    const joined = await create({ type: 'EMAIL', threading: { threadId: 'CRM-Y' } });
    expect(joined.threadId).toBe(d.thread.id);

    const history = (await ok(`query($id: ID!) { interaction(id: $id) { ${HISTORY} } }`, { id: y.id })).data.interaction.history;
    expect(history).toEqual([
      expect.objectContaining({ kind: 'DETACH', beforeParentId: x.id, afterParentId: null, by: 'test-user', note: 'the CRM was wrong' }),
      expect.objectContaining({
        kind: 'LINK',
        beforeParentId: null,
        afterParentId: x.id,
        fromThreadId: y.threadId,
        toThreadId: x.threadId,
        by: 'test-user',
        note: 'same customer, says the CRM',
      }),
    ]);
    expect(Date.parse(history[0].at)).toBeGreaterThanOrEqual(Date.parse(history[1].at));
    // The thread x kept saw both; the new one only the detach that made it.
    expect((await thread(x.threadId)).history.map((e: any) => e.kind)).toEqual(['DETACH', 'LINK']);
    expect((await thread(d.thread.id)).history.map((e: any) => e.kind)).toEqual(['DETACH']);
  });

  it('records nothing for a link that changes nothing or is refused, and reads histories in 1 round trip each', async () => {
    const a = await create({ type: 'VOICE', externalId: 'CUST-A' });
    const b = await create({ type: 'VOICE', externalId: 'CUST-B' });
    const link = `mutation($c: ID!, $p: ID!) { linkInteraction(childId: $c, parentId: $p) { id } }`;
    await ok(link, { c: b.id, p: a.id });
    await ok(link, { c: b.id, p: a.id }); // the same parent again: nothing to do
    expect(codes(await call(link, { c: a.id, p: b.id }))).toEqual(['CYCLE_DETECTED']);
    const { data, cost } = await ok(
      `query($a: ID!, $b: ID!) { a: interaction(id: $a) { ${HISTORY} } b: interaction(id: $b) { ${HISTORY} } }`,
      {
        a: a.id,
        b: b.id,
      },
    );
    expect(data.a.history).toEqual([]);
    expect(data.b.history).toEqual([expect.objectContaining({ kind: 'LINK', afterParentId: a.id, note: null })]);
    expect(cost.queries.filter((q) => q === 'interaction-history')).toHaveLength(1);
    const threads = await ok(`query($t: ID!) { thread(id: $t) { id ${HISTORY} } }`, { t: a.threadId });
    expect(threads.cost).toEqual({ roundTrips: 2, queries: ['load-threads', 'thread-history'] });
  });

  it('records interaction.detached as the first event of the new thread, after the events of the thread it left', async () => {
    const r = await create({ type: 'VOICE', externalId: 'CUST-EV' });
    const c = await create({ type: 'WEB_CHAT', threading: { parentInteractionId: r.id } });
    const g = await create({ type: 'EMAIL', threading: { parentInteractionId: c.id } });
    await end(r.id, new Date().toISOString());
    const d = (await ok(DETACH, { id: c.id })).data.detachInteraction;
    const events = await feedOf(app, token, 5);
    expect(events.map((e) => e.type)).toEqual([
      'interaction.created',
      'interaction.created',
      'interaction.created',
      'interaction.ended',
      'interaction.detached',
    ]);
    expect(events[4]!.data).toEqual({
      interaction: { id: c.id, type: 'WEB_CHAT', parentId: null, depth: 1, threadId: d.thread.id },
      thread: { id: d.thread.id, rootId: c.id, status: 'OPEN', externalId: 'CUST-EV', externalThreadId: null },
      formerParentId: r.id,
      fromThread: { id: r.threadId, status: 'CLOSED' },
      movedInteractionIds: expect.arrayContaining([c.id, g.id]),
    });
  });

  it('refuses a root, an unknown id, another tenant’s id, a bad note and a caller without the scope, changing nothing', async () => {
    const r = await create({ type: 'VOICE', externalId: 'CUST-R' });
    const c = await create({ type: 'VOICE', threading: { parentInteractionId: r.id } });
    const elsewhere = uniqueTenant('corrections-other');
    const theirs = await gql(
      app,
      'mutation { createInteraction(input: { type: VOICE, externalId: "CUST-O" }) { interaction { id } } }',
      {},
      await tokenFor(elsewhere),
    );
    const before = await snapshot();
    const refused = async (id: string, note: unknown, as = token) => codes(await call(DETACH, { id, note }, as));
    expect(await refused(r.id, null)).toEqual(['ALREADY_ROOT']);
    expect(await refused('no-such-interaction', null)).toEqual(['INTERACTION_NOT_FOUND']);
    expect(await refused('', null)).toEqual(['INTERACTION_NOT_FOUND']);
    expect(await refused(theirs.data!.createInteraction.interaction.id, null)).toEqual(['INTERACTION_NOT_FOUND']);
    expect(await refused(c.id, 'x'.repeat(1001))).toEqual(['BAD_USER_INPUT']);
    expect(await refused(c.id, 'a\uD800b')).toEqual(['BAD_USER_INPUT']);
    expect(await refused(c.id, null, await tokenFor(tenant, 'interaction:read'))).toEqual(['FORBIDDEN']);
    const root = await call(DETACH, { id: r.id });
    expect(root.errors![0]!.message).toContain('root');
    expect(await snapshot()).toEqual(before);
  });
});
