import { randomUUID } from 'node:crypto';
import { App } from '../../src/app';
import { EVENT_TYPES, EventSignals, Sequencer } from '../../src/events';
import { createLogger } from '../../src/log';
import { createInteraction } from '../../src/stitching';
import { gql, startTestApp, tokenFor, uniqueTenant } from '../support/app';
import { eventually, FEED, FeedEvent, feedOf } from '../support/events';
import { samplesOf } from '../support/metrics';
import { connectTestDb } from '../support/db';

/**
 * The outbox: every write that changes a thread records its events in its own transaction, the
 * sequencer numbers them per tenant, and the feed serves them in that order.
 */
describe('thread events', () => {
  let app: App;
  let tenant: string;
  let token: string;

  beforeAll(async () => {
    app = await startTestApp({ EVENTS_POLL_MS: '100' });
  });
  beforeEach(async () => {
    tenant = uniqueTenant('events');
    token = await tokenFor(tenant);
  });
  afterAll(async () => {
    await app.stop();
  });

  async function run(query: string, variables: Record<string, unknown> = {}) {
    const res = await gql(app, query, variables, token);
    if (res.errors) throw new Error(JSON.stringify(res.errors));
    return res.data!;
  }
  const create = async (input: Record<string, unknown>) =>
    (
      await run('mutation($i: CreateInteractionInput!) { createInteraction(input: $i) { interaction { id threadId: thread { id } } } }', {
        i: input,
      })
    ).createInteraction.interaction as { id: string; threadId: { id: string } };
  const transfer = async (id: string, type = 'WEB_CHAT') =>
    (
      await run('mutation($id: ID!, $t: Channel!) { transferInteraction(id: $id, to: { type: $t }) { interaction { id } } }', {
        id,
        t: type,
      })
    ).transferInteraction.interaction.id as string;
  const end = (id: string, input: Record<string, unknown> = {}) =>
    run('mutation($id: ID!, $i: EndInteractionInput) { endInteraction(id: $id, input: $i) { id state } }', { id, i: input });
  const link = (c: string, p: string) => run('mutation($c: ID!, $p: ID!) { linkInteraction(childId: $c, parentId: $p) { id } }', { c, p });
  const types = (events: FeedEvent[]) => events.map((e) => e.type);

  /** Every ThreadEvent node of the tenant, numbered or not: what the outbox holds. */
  async function stored(): Promise<number> {
    const rows = await app.db.runRaw('MATCH (e:ThreadEvent {tenant: $tenant}) RETURN count(e) AS n', { tenant });
    return rows[0]!.n as number;
  }

  it('records interaction.created with its stitch decision, numbered from 1 in the tenant', async () => {
    const first = await create({ type: 'VOICE', externalId: 'CUST-1', participants: [{ id: 'agent-7', role: 'AGENT' }] });
    const second = await create({ type: 'SMS', externalId: 'CUST-1' });
    const events = await feedOf(app, token, 2);
    expect(events).toHaveLength(2);
    expect(events[0]).toEqual({
      id: expect.stringMatching(/^evt_[0-9a-f]{32}$/),
      type: 'interaction.created',
      version: 1,
      occurredAt: expect.any(String),
      tenant,
      sequence: 1,
      data: {
        interaction: expect.objectContaining({
          id: first.id,
          type: 'VOICE',
          externalId: 'CUST-1',
          state: 'ACTIVE',
          depth: 1,
          parentId: null,
          threadId: first.threadId.id,
          participants: [{ id: 'agent-7', role: 'AGENT', state: null }],
        }),
        thread: expect.objectContaining({ id: first.threadId.id, rootId: first.id, status: 'OPEN', created: true }),
        stitch: { parentId: null, requestedParentId: null, reason: 'NEW_THREAD', warnings: [] },
      },
    });
    expect(events[1]).toMatchObject({
      sequence: 2,
      data: {
        interaction: { id: second.id, parentId: first.id, depth: 2 },
        thread: { id: first.threadId.id, created: false },
        stitch: { parentId: first.id, reason: 'AUTO_STITCH' },
      },
    });
  });

  it('records a transfer as interaction.created (reason TRANSFER) then interaction.transferred', async () => {
    const voice = await create({ type: 'VOICE', externalId: 'CUST-1' });
    const chat = await transfer(voice.id);
    const events = await feedOf(app, token, 3);
    expect(types(events)).toEqual(['interaction.created', 'interaction.created', 'interaction.transferred']);
    expect(events[1]!.data.stitch).toMatchObject({ parentId: voice.id, requestedParentId: voice.id, reason: 'TRANSFER' });
    expect(events[2]!.data).toEqual({
      interaction: { id: voice.id, type: 'VOICE', state: 'TRANSFERRED', threadId: voice.threadId.id },
      to: { id: chat, type: 'WEB_CHAT' },
      thread: { id: voice.threadId.id, rootId: voice.id, status: 'OPEN', externalId: 'CUST-1' },
    });
  });

  it('records thread.closed once, when the deepest child ends, with the thread’s handle time and every id completed at that close', async () => {
    const voice = await create({ type: 'VOICE', externalId: 'CUST-1', startedAt: '2026-03-02T10:00:00Z' });
    const chat = (
      await run(
        'mutation($id: ID!) { transferInteraction(id: $id, to: { type: WEB_CHAT, startedAt: "2026-03-02T10:05:00Z" }) { interaction { id } } }',
        {
          id: voice.id,
        },
      )
    ).transferInteraction.interaction.id as string;
    await end(voice.id, { endedAt: '2026-03-02T10:06:00Z', talkSeconds: 300, holdSeconds: 20, afterCallWorkSeconds: 40 });
    let events = await feedOf(app, token, 4);
    expect(events.at(-1)).toMatchObject({
      type: 'interaction.ended',
      data: { interaction: { id: voice.id, state: 'TRANSFERRED' }, completedInteractionIds: [], thread: { status: 'OPEN', closed: false } },
    });

    await end(chat, { endedAt: '2026-03-02T10:20:00Z' });
    events = await feedOf(app, token, 6);
    expect(types(events)).toEqual([
      'interaction.created',
      'interaction.created',
      'interaction.transferred',
      'interaction.ended',
      'interaction.ended',
      'thread.closed',
    ]);
    const ended = events[4]!;
    expect(ended.data.interaction).toMatchObject({ id: chat, state: 'COMPLETED', handleTime: { totalSeconds: 900 } });
    expect([...ended.data.completedInteractionIds].sort()).toEqual([voice.id, chat].sort());
    const closed = events[5]!;
    const read = await run(
      'query($id: ID!) { thread(id: $id) { handleTime { totalSeconds spanSeconds byChannel { channel seconds interactions } } closedAt startedAt size } }',
      {
        id: voice.threadId.id,
      },
    );
    expect(closed.data).toEqual({
      thread: {
        id: voice.threadId.id,
        rootId: voice.id,
        status: 'CLOSED',
        externalId: 'CUST-1',
        externalThreadId: null,
        startedAt: read.thread.startedAt,
        closedAt: read.thread.closedAt,
        size: 2,
      },
      handleTime: read.thread.handleTime,
      completedInteractionIds: expect.arrayContaining([voice.id, chat]),
      closedByInteractionId: chat,
    });
    expect(closed.data.handleTime).toEqual({
      totalSeconds: 1260,
      spanSeconds: 1200,
      byChannel: [
        { channel: 'VOICE', seconds: 360, interactions: 1 },
        { channel: 'WEB_CHAT', seconds: 900, interactions: 1 },
      ],
    });

    // Ending it again changes nothing and records nothing.
    await end(chat);
    expect(await stored()).toBe(6);
  });

  it('records thread.reopened after the interaction.created that reopened a closed thread, and closes it again once', async () => {
    const first = await create({ type: 'VOICE', externalId: 'CUST-1' });
    await end(first.id);
    const next = await create({ type: 'EMAIL', externalId: 'CUST-1' });
    await end(next.id);
    const events = await feedOf(app, token, 7);
    expect(types(events)).toEqual([
      'interaction.created',
      'interaction.ended',
      'thread.closed',
      'interaction.created',
      'thread.reopened',
      'interaction.ended',
      'thread.closed',
    ]);
    expect(events[4]!.data).toMatchObject({
      thread: { id: first.threadId.id, status: 'OPEN', previousClosedAt: events[2]!.data.thread.closedAt },
      reopenedByInteractionId: next.id,
      cause: 'interaction.created',
    });
    expect(events[6]!.data.completedInteractionIds).toEqual([next.id]);
  });

  it('records a link on the parent’s thread, after the absorbed thread’s events, and thread.reopened when a live child reopens it', async () => {
    const parent = await create({ type: 'VOICE', externalId: 'CUST-1' });
    await end(parent.id);
    const child = await create({ type: 'VOICE', externalId: 'CUST-2' });
    const grandchild = await create({ type: 'VOICE', externalId: 'CUST-2' });
    await link(child.id, parent.id);
    const events = await feedOf(app, token, 7);
    expect(types(events)).toEqual([
      'interaction.created',
      'interaction.ended',
      'thread.closed',
      'interaction.created',
      'interaction.created',
      'interaction.linked',
      'thread.reopened',
    ]);
    expect(events[5]!.data).toEqual({
      interaction: { id: child.id, type: 'VOICE', parentId: parent.id, depth: 2, threadId: parent.threadId.id },
      thread: { id: parent.threadId.id, rootId: parent.id, status: 'OPEN', externalId: 'CUST-1', externalThreadId: null },
      absorbedThreadId: child.threadId.id,
      movedInteractionIds: expect.arrayContaining([child.id, grandchild.id]),
    });
    expect(events[6]!.data).toMatchObject({ reopenedByInteractionId: child.id, cause: 'interaction.linked' });
  });

  it('records thread.continued on a full CRM thread, before its continuation’s interaction.created, naming the CRM id handed over', async () => {
    await run('mutation { updateStitchingPolicy(input: { maxThreadSize: 2 }) { maxThreadSize } }');
    const crm = { threadId: 'CASE-0042' };
    const x1 = await create({ type: 'EMAIL', externalId: 'CUST-1', threading: crm });
    await create({ type: 'EMAIL', externalId: 'CUST-1', threading: crm });
    const x3 = await create({ type: 'EMAIL', externalId: 'CUST-1', threading: crm });
    expect(x3.threadId.id).not.toBe(x1.threadId.id);
    const events = await feedOf(app, token, 4);
    expect(types(events)).toEqual(['interaction.created', 'interaction.created', 'thread.continued', 'interaction.created']);
    expect(events[2]!.data).toEqual({
      thread: { id: x1.threadId.id, rootId: x1.id, status: 'OPEN', externalId: 'CUST-1', externalThreadId: null },
      continuedBy: { threadId: x3.threadId.id, interactionId: x3.id },
      handedOverExternalThreadId: 'CASE-0042',
    });
    expect(events[3]!.data.thread).toMatchObject({
      id: x3.threadId.id,
      created: true,
      continuesThreadId: x1.threadId.id,
      externalThreadId: 'CASE-0042',
    });
  });

  it('records nothing for a refused, replayed or no-op write', async () => {
    const a = await create({ type: 'VOICE', externalId: 'CUST-1' });
    const b = await create({ type: 'VOICE', threading: { parentInteractionId: a.id } });
    await feedOf(app, token, 2);
    const refusals = [
      gql(app, 'mutation($c: ID!, $p: ID!) { linkInteraction(childId: $c, parentId: $p) { id } }', { c: a.id, p: b.id }, token),
      gql(app, 'mutation { createInteraction(input: { type: VOICE }) { interaction { id } } }', {}, token),
      gql(app, 'mutation($id: ID!) { endInteraction(id: $id, input: { endedAt: "2000-01-01T00:00:00Z" }) { id } }', { id: a.id }, token),
      gql(app, 'mutation($id: ID!) { transferInteraction(id: $id, to: { type: VOICE }) { interaction { id } } }', { id: 'nobody' }, token),
    ];
    expect((await Promise.all(refusals)).map((r) => r.errors?.[0]?.extensions?.code)).toEqual([
      'CYCLE_DETECTED',
      'ORPHAN_REJECTED',
      'BAD_USER_INPUT',
      'INTERACTION_NOT_FOUND',
    ]);
    // The same parent again is the guard clause: nothing to do, nothing recorded.
    await link(b.id, a.id).catch(() => undefined);
    const key = randomUUID();
    const once = 'mutation($k: String) { createInteraction(input: { type: SMS, externalId: "CUST-9" }, idempotencyKey: $k) { replayed } }';
    expect((await gql(app, once, { k: key }, token)).data!.createInteraction.replayed).toBe(false);
    expect((await gql(app, once, { k: key }, token)).data!.createInteraction.replayed).toBe(true);
    expect(await stored()).toBe(3);
  });

  it('records nothing when the write’s transaction rolls back after its statement ran', async () => {
    const h = app.db.forTenant(tenant);
    const id = randomUUID();
    await expect(
      h.write(async (tx) => {
        const row = await tx.one('create-interaction', {
          policyVersion: null,
          defaults: { maxDepth: 5, maxThreadSize: 250, crossChannel: true },
          parentId: null,
          threadId: null,
          requestedParentId: null,
          transferFromId: null,
          reason: 'NEW_THREAD',
          newThreadId: randomUUID(),
          externalThreadId: null,
          continuesThreadId: null,
          startedAt: new Date().toISOString(),
          props: {
            id,
            type: 'VOICE',
            externalId: 'CUST-1',
            phoneNumber: null,
            email: null,
            subject: null,
            metadata: null,
            participants: '[]',
            payloadHash: 'h',
            stitchResult: '{}',
          },
          agentIds: [],
          claimKeys: [],
          hash: 'h',
          result: '{}',
          stitch: '{}',
        });
        expect(row).toMatchObject({ verdict: 'OK', eventsRecorded: 1 });
        throw new Error('the caller failed after the statement');
      }),
    ).rejects.toThrow('the caller failed');
    const left = await app.db.runRaw('MATCH (n {tenant: $tenant}) WHERE n:ThreadEvent OR n:Interaction RETURN count(n) AS n', { tenant });
    expect(left[0]!.n).toBe(0);
  });

  it('numbers a tenant’s events 1, 2, 3… without gaps, each thread’s in the order its changes were made, under concurrent writes', async () => {
    const customers = ['A', 'B', 'C', 'D'];
    const made = await Promise.all(
      customers.flatMap((c) => Array.from({ length: 6 }, () => create({ type: 'VOICE', externalId: `CUST-${c}` }))),
    );
    await Promise.all(made.map((i) => end(i.id)));
    const recorded = await stored();
    const events = await feedOf(app, token, recorded);
    expect(events.map((e) => e.sequence)).toEqual(Array.from({ length: recorded }, (_, k) => k + 1));
    const counters = await app.db.runRaw(
      'MATCH (e:ThreadEvent {tenant: $tenant}) RETURN e.id AS id, e.threadId AS thread, e.threadSeq AS threadSeq',
      {
        tenant,
      },
    );
    const byId = new Map(counters.map((r) => [r.id as string, r]));
    const perThread = new Map<string, number[]>();
    for (const e of events) {
      const r = byId.get(e.id)!;
      perThread.set(r.thread as string, [...(perThread.get(r.thread as string) ?? []), r.threadSeq as number]);
    }
    for (const seqs of perThread.values()) expect(seqs).toEqual(seqs.map((_, k) => k + 1));
  });

  it('never shows a tenant another tenant’s events', async () => {
    const other = uniqueTenant('events-other');
    const otherToken = await tokenFor(other);
    await create({ type: 'VOICE', externalId: 'CUST-1' });
    await gql(app, 'mutation { createInteraction(input: { type: VOICE, externalId: "CUST-1" }) { interaction { id } } }', {}, otherToken);
    const mine = await feedOf(app, token, 1);
    const theirs = await feedOf(app, otherToken, 1);
    expect(mine.map((e) => e.tenant)).toEqual([tenant]);
    expect(theirs.map((e) => e.tenant)).toEqual([other]);
    expect(mine[0]!.id).not.toBe(theirs[0]!.id);
  });

  it('pages in sequence order, filters by type (endCursor passing what it skipped), and resumes from endCursor', async () => {
    const a = await create({ type: 'VOICE', externalId: 'CUST-1' });
    await end(a.id);
    await create({ type: 'VOICE', externalId: 'CUST-2' });
    await feedOf(app, token, 4);
    const page1 = (await run(FEED, { first: 2 })).threadEvents;
    expect(page1.edges.map((e: { cursor: string }) => e.cursor)).toEqual(['1', '2']);
    expect(page1.pageInfo).toEqual({ endCursor: '2', hasNextPage: true });
    const page2 = (await run(FEED, { first: 2, after: page1.pageInfo.endCursor })).threadEvents;
    expect(page2.edges.map((e: { node: FeedEvent }) => e.node.type)).toEqual(['thread.closed', 'interaction.created']);
    expect(page2.pageInfo).toEqual({ endCursor: '4', hasNextPage: false });
    const closes = (await run(FEED, { types: ['thread.closed'] })).threadEvents;
    expect(closes.edges.map((e: { cursor: string }) => e.cursor)).toEqual(['3']);
    expect(closes.pageInfo.endCursor).toBe('4');
    const none = (await run(FEED, { after: '4' })).threadEvents;
    expect(none).toEqual({ edges: [], pageInfo: { endCursor: '4', hasNextPage: false } });
  });

  it('refuses a cursor that is not a sequence, an unknown event type and a page above the cap, with typed errors', async () => {
    const bad = await Promise.all([
      gql(app, FEED, { after: 'abc' }, token),
      gql(app, FEED, { types: ['thread.exploded'] }, token),
      gql(app, FEED, { first: 1000 }, token),
      gql(app, FEED, {}, await tokenFor(tenant, 'interaction:write')),
    ]);
    expect(bad.map((r) => r.errors?.[0]?.extensions?.code)).toEqual([
      'BAD_USER_INPUT',
      'UNKNOWN_EVENT_TYPE',
      'BAD_USER_INPUT',
      'FORBIDDEN',
    ]);
  });

  it('follows a tenant’s events as they are numbered (the iterator live consumers use)', async () => {
    const stop = new AbortController();
    const seen: string[] = [];
    const following = (async () => {
      // The tenant is new: after 0 is "from its first event" ('latest' could start after a create racing it).
      for await (const e of app.events.follow(tenant, { after: 0, signal: stop.signal })) {
        seen.push(e.type);
        if (seen.length === 3) stop.abort();
      }
    })();
    try {
      const i = await create({ type: 'VOICE', externalId: 'CUST-1' });
      await end(i.id);
      await eventually(async () => (seen.length === 3 ? true : undefined), 10_000, 'three followed events');
    } finally {
      stop.abort();
      await following;
    }
    expect(seen).toEqual(['interaction.created', 'interaction.ended', 'thread.closed']);
  });

  it('counts the events its sequencer numbered, by type, with the lag of the oldest waiting and when it last ran', async () => {
    // A second connection and a sequencer of the test's own (not started: the test runs it), with
    // metrics of their own. Its writes wake no sequencer, but every service on the database polls,
    // so a run of this one may find the events taken: write and run until it numbered some.
    const db = await connectTestDb();
    try {
      const sequencer = new Sequencer(db.forJobs(), new EventSignals(), 100, createLogger('error'), db.metrics);
      let numbered = 0;
      await eventually(
        async () => {
          await createInteraction(db.forTenant(tenant), { type: 'VOICE', externalId: 'CUST-SEQ' });
          numbered += (await sequencer.runOnce()).numbered;
          return numbered > 0 ? true : undefined;
        },
        30_000,
        'a run of the test’s sequencer to number an event',
      );
      const samples = await samplesOf({ db });
      const byType = [...samples].filter(([series]) => series.startsWith('threadgraph_events_numbered_total{'));
      for (const [series] of byType) expect(EVENT_TYPES.map((t) => `threadgraph_events_numbered_total{type="${t}"}`)).toContain(series);
      expect(byType.reduce((sum, [, n]) => sum + n, 0)).toBe(numbered);
      expect(samples.get('threadgraph_events_sequencer_lag_seconds')).toBeGreaterThanOrEqual(0);
      expect(samples.get('threadgraph_events_sequencer_last_run_timestamp_seconds')).toBeGreaterThan(0);
    } finally {
      await db.close();
    }
  });
});
