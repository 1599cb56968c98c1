import { App } from '../../src/app';
import { ALL_FIGURES, close, EXPECTED } from '../support/analytics';
import { PERIOD, seedAnalyticsFixture } from '../support/analyticsFixture';
import { codes, gql, startTestApp, tokenFor, uniqueTenant } from '../support/app';
import { seedThread } from '../support/threads';
import { Writer } from '../support/stitch';

type Cost = { roundTrips: number; queries: string[] };

const QUERY = `query($range: AnalyticsRange!, $filter: AnalyticsFilter) { threadAnalytics(range: $range, filter: $filter) { ${ALL_FIGURES} } }`;

describe('thread analytics over the hand-computed fixture (GraphQL)', () => {
  let app: App;
  let token: string;
  const tenant = uniqueTenant('analytics');
  const neighbour = uniqueTenant('analytics-neighbour');

  beforeAll(async () => {
    app = await startTestApp({ GRAPHQL_EXPOSE_QUERY_COUNT: 'true' });
    token = await tokenFor(tenant, 'analytics:read');
    await seedAnalyticsFixture(app.db, tenant);
    // Another tenant with the same ids, customers and agents, and more: a query that forgot its
    // tenant anywhere (threads, walks, next contacts, agents) would count them.
    await seedAnalyticsFixture(app.db, neighbour);
    await seedThread(
      app.db,
      neighbour,
      {
        id: 'X1',
        type: 'VOICE',
        externalId: 'C2',
        startedAt: '2026-03-28T08:00:00Z',
        endedAt: '2026-03-28T08:10:00Z',
        participants: [{ id: 'AG-1', role: 'AGENT' }],
      },
      { id: 'X' },
    );
  });
  afterAll(async () => {
    await app.stop();
  });

  const run = async (query: string, variables: Record<string, unknown>, as = token) => {
    const res = await gql(app, query, variables, as);
    return { res, data: res.data?.threadAnalytics, cost: res.extensions?.cypher as Cost };
  };

  it('computes every figure group exactly as by hand, in one round trip per group', async () => {
    const { res, data, cost } = await run(QUERY, { range: PERIOD });
    expect(res.errors).toBeUndefined();
    expect(data.from).toBe(PERIOD.from);
    expect(data.to).toBe(PERIOD.to);
    expect(data.timeZone).toBe('Europe/Berlin');
    expect(data.volume).toEqual(close(EXPECTED.volume));
    expect(data.handleTime).toEqual(close(EXPECTED.handleTime));
    expect(data.timeSeries).toEqual(close(EXPECTED.days));
    expect(data.weeks).toEqual(close(EXPECTED.weeks));
    expect(data.stitchingQuality).toEqual(close(EXPECTED.stitchingQuality));
    expect(data.repeatContact).toEqual(close(EXPECTED.repeatContact));
    expect(data.channelTransitions).toEqual(close(EXPECTED.channelTransitions));
    expect(data.journeys).toEqual(close(EXPECTED.journeys));
    expect(data.agents).toEqual(close({ ...EXPECTED.agents, top: EXPECTED.agents.top.map((a) => ({ ...a, agent: { id: a.agentId } })) }));
    // Nine fields (timeSeries twice, by day and by week), nine statements.
    expect(cost.roundTrips).toBe(9);
    expect([...cost.queries].sort()).toEqual(
      [
        'analytics/agents',
        'analytics/channel-transitions',
        'analytics/handle-time',
        'analytics/journeys',
        'analytics/repeat-contact',
        'analytics/stitching-quality',
        'analytics/time-series',
        'analytics/time-series',
        'analytics/volume',
      ].sort(),
    );
  });

  it('costs one round trip per selected group: two groups, two round trips', async () => {
    const { data, cost } = await run(
      `query($range: AnalyticsRange!) { threadAnalytics(range: $range) { from volume { threads } journeys(top: 2) { top { path } } } }`,
      { range: PERIOD },
    );
    expect(data).toEqual({
      from: PERIOD.from,
      volume: { threads: 9 },
      journeys: { top: [{ path: 'VOICE' }, { path: 'MESSAGING>MESSAGING>EMAIL>VOICE' }] },
    });
    expect(cost.roundTrips).toBe(2);
    expect([...cost.queries].sort()).toEqual(['analytics/journeys', 'analytics/volume']);
  });

  it('moves the repeat-contact window with withinDays: 3 days holds only D (R is exactly 3), 4 holds K, A, D and R, 13 holds C and P too', async () => {
    const q = `query($range: AnalyticsRange!, $n: Int) { threadAnalytics(range: $range) { repeatContact(withinDays: $n) { withinDays repeatThreads laterContactThreads noNextContactThreads } } }`;
    const within = async (n: number) => (await run(q, { range: PERIOD, n })).data.repeatContact;
    // Gaps (test/support/analytics.ts): D 1.4 d, R 3.0, A 3.07, K 3.94, P 6.25, C 12.1; H, M1, M2 none.
    expect(await within(3)).toEqual({ withinDays: 3, repeatThreads: 1, laterContactThreads: 5, noNextContactThreads: 3 });
    expect(await within(4)).toEqual({ withinDays: 4, repeatThreads: 4, laterContactThreads: 2, noNextContactThreads: 3 });
    expect(await within(13)).toEqual({ withinDays: 13, repeatThreads: 6, laterContactThreads: 0, noNextContactThreads: 3 });
  });

  it('filters by channel (threads that used one of them) and by customer', async () => {
    const q = `query($range: AnalyticsRange!, $filter: AnalyticsFilter) { threadAnalytics(range: $range, filter: $filter) {
      volume { threads interactions customers } journeys { top { path threads } } } }`;
    const voice = await run(q, { range: PERIOD, filter: { channels: ['VOICE'] } });
    // A, D, H, G, M1, M2: 3 + 2 + 4 + 1 + 1 + 1 interactions; customers C1, C3, C4, C6, C7.
    expect(voice.data.volume).toEqual({ threads: 6, interactions: 12, customers: 5 });
    const c1 = await run(q, { range: PERIOD, filter: { externalId: 'C1' } });
    expect(c1.data).toEqual({
      volume: { threads: 1, interactions: 3, customers: 1 },
      journeys: { top: [{ path: 'VOICE>VOICE>WEB_CHAT', threads: 1 }] },
    });
  });

  it('answers zeros and nulls, and every empty bucket, for a period without threads', async () => {
    const { data } = await run(
      `query($range: AnalyticsRange!) { threadAnalytics(range: $range) {
        volume { threads interactions interactionsPerThread { count sum mean p50 } bySize { threads } }
        handleTime { perThread { count sum mean } byChannel { channel } span { count } }
        timeSeries { date hours threads handleTimeSeconds meanHandleTimeSeconds }
        stitchingQuality { interactions orphanRate nullParentRate byReason { interactions share } }
        repeatContact { closedThreads repeatRate daysToNextContact { days } }
        channelTransitions { threads transfersPerThread transitions { edges } }
        journeys { threads journeys top { path } } agents { agents top { agentId } } } }`,
      { range: { from: '2026-10-24T00:00:00+02:00', to: '2026-10-26T00:00:00+01:00', timeZone: 'Europe/Berlin' } },
    );
    expect(data.volume).toEqual({
      threads: 0,
      interactions: 0,
      interactionsPerThread: { count: 0, sum: 0, mean: null, p50: null },
      bySize: Array(6).fill({ threads: 0 }),
    });
    expect(data.handleTime).toEqual({ perThread: { count: 0, sum: 0, mean: null }, byChannel: [], span: { count: 0 } });
    // The autumn change: Sunday 2026-10-25 has 25 hours in Berlin.
    expect(data.timeSeries).toEqual([
      { date: '2026-10-24', hours: 24, threads: 0, handleTimeSeconds: 0, meanHandleTimeSeconds: null },
      { date: '2026-10-25', hours: 25, threads: 0, handleTimeSeconds: 0, meanHandleTimeSeconds: null },
    ]);
    expect(data.stitchingQuality).toEqual({
      interactions: 0,
      orphanRate: null,
      nullParentRate: null,
      byReason: Array(6).fill({ interactions: 0, share: null }),
    });
    expect(data.repeatContact).toEqual({ closedThreads: 0, repeatRate: null, daysToNextContact: [] });
    expect(data.channelTransitions).toEqual({ threads: 0, transfersPerThread: null, transitions: [] });
    expect(data.journeys).toEqual({ threads: 0, journeys: 0, top: [] });
    expect(data.agents).toEqual({ agents: 0, top: [] });
  });

  it("counts only the caller's tenant: the neighbour sees its own extra thread", async () => {
    const other = await tokenFor(neighbour, 'analytics:read');
    const { data } = await run(
      `query($range: AnalyticsRange!) { threadAnalytics(range: $range) { volume { threads interactions } repeatContact { repeatThreads } } }`,
      { range: PERIOD },
      other,
    );
    // X (C2) starts 55 minutes after C closes: there, C's customer came back within 7 days (K, A, C, D, P, R).
    expect(data).toEqual({ volume: { threads: 10, interactions: 17 }, repeatContact: { repeatThreads: 6 } });
  });

  describe('the scope analytics:read', () => {
    it('is required: FORBIDDEN without it, UNAUTHENTICATED without a token, and nothing runs', async () => {
      const reader = await tokenFor(tenant, 'interaction:read interaction:write policy:admin');
      const forbidden = await run(QUERY, { range: PERIOD }, reader);
      expect(codes(forbidden.res)).toEqual(['FORBIDDEN']);
      expect(forbidden.res.errors![0]!.message).toMatch(/analytics:read/);
      expect(forbidden.cost.roundTrips).toBe(0);
      const anonymous = await gql(app, QUERY, { range: PERIOD });
      expect(codes(anonymous)).toEqual(['UNAUTHENTICATED']);
    });

    it('is enough on its own: it does not need interaction:read', async () => {
      const { res, data } = await run(`query($range: AnalyticsRange!) { threadAnalytics(range: $range) { volume { threads } } }`, {
        range: PERIOD,
      });
      expect(res.errors).toBeUndefined();
      expect(data.volume.threads).toBe(9);
    });
  });

  describe('bad input is BAD_USER_INPUT, says what was expected, and runs nothing', () => {
    const refused = async (range: Record<string, unknown>, field = 'volume { threads }', filter?: Record<string, unknown>) => {
      const { res, cost } = await run(
        `query($range: AnalyticsRange!, $filter: AnalyticsFilter) { threadAnalytics(range: $range, filter: $filter) { ${field} } }`,
        { range, filter },
      );
      expect(res.status).toBe(200);
      expect(codes(res)).toEqual(['BAD_USER_INPUT']);
      expect(cost.roundTrips).toBe(0);
      return res.errors![0]!.message;
    };

    it('refuses an unbounded range', async () => {
      expect(await refused({ to: PERIOD.to })).toMatch(/range\.from is required: figures cover a bounded period/);
      expect(await refused({ from: PERIOD.from, to: null })).toMatch(/range\.to is required/);
    });

    it('refuses an inverted or empty range', async () => {
      expect(await refused({ from: PERIOD.to, to: PERIOD.from })).toMatch(
        /range\.to \(2026-03-26T23:00:00.000Z\) must be after range\.from \(2026-03-30T22:00:00.000Z\)/,
      );
      expect(await refused({ from: PERIOD.from, to: PERIOD.from })).toMatch(/must be after/);
    });

    it('refuses a range longer than ANALYTICS_MAX_DAYS (400 by default)', async () => {
      expect(await refused({ from: '2025-01-01T00:00:00Z', to: '2026-02-06T00:00:00Z' })).toMatch(
        /The period is 401 days long; at most 400 days \(ANALYTICS_MAX_DAYS\)/,
      );
      expect(
        (
          await run(`query($range: AnalyticsRange!) { threadAnalytics(range: $range) { from } }`, {
            range: { from: '2025-01-01T00:00:00Z', to: '2026-02-05T00:00:00Z' },
          })
        ).res.errors,
      ).toBeUndefined();
    });

    it('refuses an unknown time zone, or an offset where a zone name is expected', async () => {
      expect(await refused({ ...PERIOD, timeZone: 'Mars/Olympus_Mons' })).toMatch(
        /range\.timeZone must be an IANA time zone name such as Europe\/Berlin or UTC, got "Mars\/Olympus_Mons"/,
      );
      expect(await refused({ ...PERIOD, timeZone: '+01:00' })).toMatch(/IANA time zone name/);
    });

    it('refuses withinDays outside 1..90 and top outside 1..100', async () => {
      expect(await refused(PERIOD, 'repeatContact(withinDays: 0) { closedThreads }')).toMatch(
        /withinDays must be an integer in 1\.\.90, got 0/,
      );
      expect(await refused(PERIOD, 'repeatContact(withinDays: 91) { closedThreads }')).toMatch(
        /withinDays must be an integer in 1\.\.90, got 91/,
      );
      expect(await refused(PERIOD, 'journeys(top: 0) { threads }')).toMatch(/top must be an integer in 1\.\.100, got 0/);
      expect(await refused(PERIOD, 'agents(top: 101) { agents }')).toMatch(/top must be an integer in 1\.\.100, got 101/);
    });

    it('refuses an empty channel filter and a blank customer', async () => {
      expect(await refused(PERIOD, 'volume { threads }', { channels: [] })).toMatch(/filter\.channels must name at least one channel/);
      expect(await refused(PERIOD, 'volume { threads }', { externalId: ' ' })).toMatch(/filter\.externalId must not be blank/);
    });
  });

  it('counts a thread the engine closed in the period and reopened since, with the reopen as its next contact', async () => {
    const own = uniqueTenant('analytics-reopened');
    const writer = await tokenFor(own, 'interaction:write analytics:read');
    const w = new Writer(app, writer);
    const call = await w.created({ type: 'VOICE', externalId: 'CUST-R', startedAt: '2026-05-04T09:00:00Z' });
    await w.ended(call.interaction.id, { endedAt: '2026-05-04T09:10:00Z' });
    // 2 days 6 hours later the customer writes: stitched into the closed thread, which reopens, then closes again.
    const mail = await w.created({ type: 'EMAIL', externalId: 'CUST-R', startedAt: '2026-05-06T15:10:00Z' });
    expect(mail.stitch.reason).toBe('AUTO_STITCH');
    await w.ended(mail.interaction.id, { endedAt: '2026-05-06T15:20:00Z' });

    const repeat = async (from: string, to: string) => {
      const res = await gql(
        app,
        `query($range: AnalyticsRange!) { threadAnalytics(range: $range) { volume { threads } repeatContact {
          closedThreads repeatThreads noNextContactThreads daysToNextContact { days threads } } } }`,
        { range: { from, to } },
        writer,
      );
      expect(res.errors).toBeUndefined();
      return res.data!.threadAnalytics;
    };
    // The first close (09:10Z on the 4th) is in the period though the thread's closedAt is now the 6th:
    // found by its thread.reopened event; the email 2 d 6 h later is its next contact.
    expect(await repeat('2026-05-04T00:00:00Z', '2026-05-05T00:00:00Z')).toEqual({
      volume: { threads: 1 },
      repeatContact: { closedThreads: 1, repeatThreads: 1, noNextContactThreads: 0, daysToNextContact: [{ days: 2, threads: 1 }] },
    });
    // Its second close, in a period it did not start in: counted there, no contact since.
    expect(await repeat('2026-05-06T00:00:00Z', '2026-05-07T00:00:00Z')).toEqual({
      volume: { threads: 0 },
      repeatContact: { closedThreads: 1, repeatThreads: 0, noNextContactThreads: 1, daysToNextContact: [] },
    });
    // Both closes in one period: the thread counts once, at its first.
    expect((await repeat('2026-05-04T00:00:00Z', '2026-05-07T00:00:00Z')).repeatContact).toEqual({
      closedThreads: 1,
      repeatThreads: 1,
      noNextContactThreads: 0,
      daysToNextContact: [{ days: 2, threads: 1 }],
    });
  });

  it("takes the customer from the tenant's stitching key: a tenant stitching on phone numbers, with no CRM ids, gets repeat figures", async () => {
    const own = uniqueTenant('analytics-phone');
    const writer = await tokenFor(own, 'interaction:write policy:admin analytics:read');
    const w = new Writer(app, writer);
    await w.policy({ key: 'PHONE_NUMBER', windowSeconds: 3600 });
    const call = async (phoneNumber: string, startedAt: string, endedAt: string) => {
      const made = await w.created({ type: 'VOICE', phoneNumber, startedAt });
      await w.ended(made.interaction.id, { endedAt });
      return made.stitch.reason as string;
    };
    // One line calls, hangs up at 09:10Z, and calls again 23 h 50 min later: past the 1-hour window, a new thread.
    expect(await call('+49 30 5550001', '2026-05-04T09:00:00Z', '2026-05-04T09:10:00Z')).toBe('NEW_THREAD');
    expect(await call('+49 30 5550001', '2026-05-05T09:00:00Z', '2026-05-05T09:05:00Z')).toBe('NEW_THREAD');
    // Another line calls once.
    expect(await call('+49 30 5550002', '2026-05-04T12:00:00Z', '2026-05-04T12:05:00Z')).toBe('NEW_THREAD');

    const res = await gql(
      app,
      `query($range: AnalyticsRange!) { threadAnalytics(range: $range) { repeatContact {
        closedThreads repeatThreads laterContactThreads noNextContactThreads daysToNextContact { days threads } } } }`,
      { range: { from: '2026-05-04T00:00:00Z', to: '2026-05-05T00:00:00Z' } },
      writer,
    );
    // Closed on the 4th: both lines' first threads (no externalId on either); the first line came back within 0 whole days.
    expect(res.data!.threadAnalytics.repeatContact).toEqual({
      closedThreads: 2,
      repeatThreads: 1,
      laterContactThreads: 0,
      noNextContactThreads: 1,
      daysToNextContact: [{ days: 0, threads: 1 }],
    });
  });

  it('counts an AMBIGUOUS_KEY refusal the stitching engine itself recorded', async () => {
    const shared = uniqueTenant('analytics-ambiguous');
    const writer = await tokenFor(shared, 'interaction:write policy:admin analytics:read');
    const w = new Writer(app, writer);
    await w.policy({ key: 'PHONE_NUMBER' });
    const first = await w.created({
      type: 'VOICE',
      externalId: 'FAMILY-1',
      phoneNumber: '+49 30 1234567',
      startedAt: '2026-05-04T09:00:00Z',
    });
    expect(first.stitch.warnings).toEqual([]);
    // The same line, another customer, within the window: the engine refuses to stitch and says why.
    const second = await w.created({
      type: 'VOICE',
      externalId: 'FAMILY-2',
      phoneNumber: '+49 30 1234567',
      startedAt: '2026-05-04T09:30:00Z',
    });
    expect(second.stitch).toEqual({
      parentId: null,
      reason: 'NEW_THREAD',
      warnings: [{ code: 'AMBIGUOUS_KEY', message: expect.any(String) }],
    });

    const res = await gql(
      app,
      `query($range: AnalyticsRange!) { threadAnalytics(range: $range) { stitchingQuality { interactions ambiguousKeyRefusals ambiguousKeyRate keyedWithoutParent } } }`,
      { range: { from: '2026-05-04T00:00:00Z', to: '2026-05-05T00:00:00Z' } },
      writer,
    );
    expect(res.data!.threadAnalytics.stitchingQuality).toEqual({
      interactions: 2,
      ambiguousKeyRefusals: 1,
      ambiguousKeyRate: 0.5,
      keyedWithoutParent: 2,
    });
  });
});
