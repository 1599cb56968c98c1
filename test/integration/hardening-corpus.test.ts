import { App } from '../../src/app';
import { INPUT_LIMITS } from '../../src/model';
import { codes, gql, startTestApp, tokenFor, uniqueTenant } from '../support/app';
import { Writer } from '../support/stitch';
import { seedThread } from '../support/threads';
import { codesOf, INTERNAL_TEXT, nodeCount, send } from '../support/probe';

/**
 * The failures an attacker's and a careless client's probe found (issue 13), each as it was sent:
 * every one answers a typed 4xx with no internal text and writes nothing. Items 7-9 (readiness,
 * HTTP details, tokens) are in hardening-http.test.ts.
 */
describe('hardening: what a hostile or careless client sends', () => {
  let app: App;
  beforeAll(async () => {
    app = await startTestApp({ GRAPHQL_EXPOSE_QUERY_COUNT: 'true' });
  });
  afterAll(async () => {
    await app.stop();
  });

  /** A fresh tenant with every scope, and a Writer for it. */
  async function tenant() {
    const name = uniqueTenant('h13');
    const token = await tokenFor(name);
    return { name, token, w: new Writer(app, token) };
  }

  describe('1. a catastrophic composite pattern cannot stall the service', () => {
    it('matches ^(a+)+$ against a 256-character near miss at once, where backtracking would never finish', async () => {
      const { token, w } = await tenant();
      await w.policy({ key: 'COMPOSITE', compositePattern: '^(a+)+$' });
      const res = await w.create({ type: 'VOICE', externalId: `${'a'.repeat(255)}!` });
      expect(codes(res)).toEqual(['INVALID_EXTERNAL_ID']);
      const ok = await w.create({ type: 'VOICE', externalId: 'a'.repeat(256) });
      expect(ok.errors).toBeUndefined();
      // The service kept answering meanwhile.
      expect((await gql(app, '{ stitchingPolicy { compositePattern } }', {}, token)).data!.stitchingPolicy.compositePattern).toBe(
        '^(a+)+$',
      );
    });

    it('refuses patterns RE2 cannot run in linear time, and over-long ones, with INVALID_POLICY', async () => {
      const { token } = await tenant();
      for (const compositePattern of ['^(a)\\1$', '^(?=ACCT)\\w+$', `^${'a'.repeat(INPUT_LIMITS.patternLength)}$`, '^a{1000}b{1000}$']) {
        const res = await gql(
          app,
          'mutation($p: String) { updateStitchingPolicy(input: { key: COMPOSITE, compositePattern: $p }) { key } }',
          { p: compositePattern },
          token,
        );
        expect([compositePattern.slice(0, 20), codes(res)]).toEqual([compositePattern.slice(0, 20), ['INVALID_POLICY']]);
      }
    });
  });

  describe('2. numbers are bounded on the way in, and reads survive bad stored ones', () => {
    it('refuses talkSeconds and holdSeconds of 1e308 and anything over 30 days, and writes nothing', async () => {
      const { name, w } = await tenant();
      const created = await w.created({ type: 'VOICE', externalId: 'CUST-N' });
      const before = await nodeCount(app, name);
      for (const input of [
        { talkSeconds: 1e308, holdSeconds: 1e308 },
        { afterCallWorkSeconds: INPUT_LIMITS.durationSeconds + 1 },
        { talkSeconds: -1 },
      ]) {
        const res = await w.end(created.interaction.id, input);
        expect(codes(res)).toEqual(['BAD_USER_INPUT']);
        expect(res.errors![0]!.message).toMatch(/from 0 to 2592000 \(30 days\)/);
      }
      expect((await w.interaction(created.interaction.id))!.endedAt).toBeNull();
      expect(await nodeCount(app, name)).toBe(before);
      const ended = await w.end(created.interaction.id, { talkSeconds: INPUT_LIMITS.durationSeconds, holdSeconds: 0 });
      expect(ended.data!.endInteraction.handleTime).toEqual({ totalSeconds: INPUT_LIMITS.durationSeconds });
    });

    it('reads a thread whose stored durations and dates are absurd without failing', async () => {
      const { name, token } = await tenant();
      const seeded = await seedThread(app.db, name, {
        id: 'poisoned',
        startedAt: '2026-01-01T10:00:00.000Z',
        endedAt: '2026-01-01T10:05:00.000Z',
        talkSeconds: 1e308,
        holdSeconds: 1e308,
        children: [{ id: 'poisoned-2', startedAt: '2026-01-01T10:06:00.000Z', endedAt: '2026-01-01T10:07:00.000Z', talkSeconds: 30 }],
      });
      await app.db.runRaw('MATCH (i:Interaction {tenant: $t, id: $id}) SET i.participants = $p, i.metadata = $m', {
        t: name,
        id: 'poisoned-2',
        p: '{"not":"a list"}',
        m: '[1,2]',
      });
      const res = await gql(
        app,
        `query($id: ID!) { thread(id: $id) { handleTime { totalSeconds spanSeconds byChannel { seconds } }
          interactions { id handleTime { totalSeconds talkSeconds holdSeconds } participants { id } metadata } } }`,
        { id: seeded.threadId },
        token,
      );
      expect(res.errors).toBeUndefined();
      // The poisoned parts count as unknown, so that interaction falls back to end minus start.
      expect(res.data!.thread.handleTime).toMatchObject({ totalSeconds: 300 + 30, spanSeconds: 420 });
      expect(res.data!.thread.interactions[0].handleTime).toEqual({ totalSeconds: 300, talkSeconds: null, holdSeconds: null });
      expect(res.data!.thread.interactions[1]).toMatchObject({ participants: [], metadata: null });
    });
  });

  describe('3. parse-stage refusals are 400 with a typed code and no internal text', () => {
    const nest = (n: number) => `{ interaction(id: "1") { ${'parent { '.repeat(n - 1)}id${' }'.repeat(n - 1)} } }`;
    const cases: [string, unknown, string[]][] = [
      ['a syntax error', { query: '{' }, ['GRAPHQL_PARSE_FAILED']],
      ['a selection nested 2,500 deep', { query: nest(2500) }, ['GRAPHQL_VALIDATION_FAILED', 'GRAPHQL_PARSE_FAILED']],
      [
        'a selection nested 1,600 deep (inside the token limit)',
        { query: nest(1600) },
        ['GRAPHQL_VALIDATION_FAILED', 'GRAPHQL_PARSE_FAILED'],
      ],
      [
        'a list value nested 2,400 deep',
        { query: `{ interaction(id: ${'['.repeat(2400)}"1"${']'.repeat(2400)}) { id } }` },
        ['GRAPHQL_VALIDATION_FAILED', 'GRAPHQL_PARSE_FAILED'],
      ],
      [
        'an object literal nested 1,600 deep',
        {
          query: `mutation { createInteraction(input: { type: VOICE, metadata: ${'{a: '.repeat(1600)}1${'}'.repeat(1600)} }) { replayed } }`,
        },
        ['GRAPHQL_VALIDATION_FAILED', 'GRAPHQL_PARSE_FAILED'],
      ],
    ];
    it.each(cases)('%s', async (_name, body, accepted) => {
      const { name, token } = await tenant();
      const res = await send(app, '/graphql', body, token);
      expect(res.status).toBe(400);
      expect(accepted).toEqual(expect.arrayContaining([...new Set(codesOf(res))]));
      expect(res.text).not.toMatch(INTERNAL_TEXT);
      expect(await nodeCount(app, name)).toBe(0);
    });

    const deep = (n: number) => {
      let v: Record<string, unknown> = { leaf: true };
      for (let k = 0; k < n; k++) v = { a: v };
      return v;
    };
    it('refuses metadata nested 5,000 levels over GraphQL and REST, and writes nothing', async () => {
      const { name, token } = await tenant();
      // Written as text: JSON.stringify itself overflows on 5,000 levels (the service's JSON.parse does not).
      const metadata = `${'{"a":'.repeat(5000)}{"leaf":true}${'}'.repeat(5000)}`;
      const input = `{"type":"EMAIL","externalId":"CUST-D","metadata":${metadata}}`;
      const mutation = 'mutation($input: CreateInteractionInput!) { createInteraction(input: $input) { replayed } }';
      const viaGraphql = await send(app, '/graphql', `{"query":${JSON.stringify(mutation)},"variables":{"input":${input}}}`, token);
      expect(codesOf(viaGraphql)).toEqual(['BAD_USER_INPUT']);
      expect(viaGraphql.json.errors[0].message).toMatch(/nested at most 16 levels/);
      const viaRest = await send(app, '/api/v2/interactions', input, token);
      expect([viaRest.status, codesOf(viaRest)]).toEqual([400, ['BAD_USER_INPUT']]);
      expect(await nodeCount(app, name)).toBe(0);
    });

    it('keeps metadata up to the documented depth and size, and refuses one byte of nesting or size more', async () => {
      const { name, w } = await tenant();
      expect((await w.create({ type: 'EMAIL', externalId: 'CUST-E', metadata: deep(INPUT_LIMITS.jsonDepth - 2) })).errors).toBeUndefined();
      expect(codes(await w.create({ type: 'EMAIL', externalId: 'CUST-E', metadata: deep(INPUT_LIMITS.jsonDepth) }))).toEqual([
        'BAD_USER_INPUT',
      ]);
      const big = { blob: 'x'.repeat(INPUT_LIMITS.jsonBytes) };
      expect(codes(await w.create({ type: 'EMAIL', externalId: 'CUST-E', metadata: big }))).toEqual(['BAD_USER_INPUT']);
      expect(await nodeCount(app, name)).toBeGreaterThan(0);
    });
  });

  describe('4. bad cursors and _entities representations are BAD_USER_INPUT', () => {
    const cursor = (sortKey: string) => Buffer.from(JSON.stringify([1, 'thread', sortKey, 'x'])).toString('base64url');
    it.each([
      ['an impossible date', '2026-02-30T10:00Z'],
      ['an offset past ±18:00', '2026-02-01T10:00Z'.replace('Z', '+25:00')],
      ['an unknown zone', '2026-02-01T10:00+01:00[Mars/Olympus_Mons]'],
      ['a zone that disagrees with its offset', '2026-02-01T10:00+05:00[Europe/Paris]'],
      ['hour 24', '2026-02-01T24:00Z'],
    ])('a threads(after:) cursor with %s', async (_name, sortKey) => {
      const { token } = await tenant();
      const res = await gql(app, 'query($after: String) { threads(after: $after) { totalCount } }', { after: cursor(sortKey) }, token);
      expect(codes(res)).toEqual(['BAD_USER_INPUT']);
      expect(res.extensions!.cypher).toMatchObject({ roundTrips: 0 });
    });

    it.each([
      ['without its key', { __typename: 'Interaction' }],
      ['with a key of the wrong type (number)', { __typename: 'Interaction', id: 42 }],
      ['with a key of the wrong type (object)', { __typename: 'Thread', id: { $ne: null } }],
      ['with a null key', { __typename: 'Customer', externalId: null }],
      ['of an unknown typename', { __typename: 'Nope', id: '1' }],
      ['of a root typename', { __typename: 'Query', id: '1' }],
      ['without a typename', { id: '1' }],
      ['that is not an object', 'Interaction:1'],
    ])('an _entities representation %s', async (_name, representation) => {
      const { token } = await tenant();
      const res = await gql(
        app,
        'query($r: [_Any!]!) { _entities(representations: $r) { ... on Interaction { id } } }',
        { r: [representation] },
        token,
      );
      expect(codes(res)).toEqual(['BAD_USER_INPUT']);
      expect(JSON.stringify(res)).not.toMatch(INTERNAL_TEXT);
    });
  });

  describe('5. one strict date-time parser on every entry point', () => {
    const impossible = [
      '2026-02-30T10:00:00Z',
      '2025-02-29T10:00:00Z',
      '2026-04-31T10:00:00+02:00',
      '9999-12-31T23:59:59Z',
      '2100-12-31T23:30:00-01:00',
    ];
    const message = /must be an ISO-8601 date-time with a UTC offset, on a real calendar day, from 1900 to 2100/;

    it.each(impossible)('refuses %s in GraphQL variables and literals, REST, filters and endedAt, with one message', async (value) => {
      const { name, token, w } = await tenant();
      const viaVariable = await w.create({ type: 'VOICE', externalId: 'CUST-T', startedAt: value });
      const viaLiteral = await gql(
        app,
        `mutation { createInteraction(input: { type: VOICE, startedAt: "${value}" }) { replayed } }`,
        {},
        token,
      );
      const viaRest = await send(app, '/api/v2/interactions', { type: 'VOICE', externalId: 'CUST-T', startedAt: value }, token);
      const viaFilter = await gql(app, 'query($d: DateTime) { threads(filter: { startedAfter: $d }) { totalCount } }', { d: value }, token);
      for (const res of [viaVariable, viaFilter]) expect(codes(res)).toEqual(['BAD_USER_INPUT']);
      expect(codes(viaLiteral)).toEqual(['GRAPHQL_VALIDATION_FAILED']);
      expect([viaRest.status, codesOf(viaRest)]).toEqual([400, ['BAD_USER_INPUT']]);
      for (const text of [viaVariable, viaLiteral, viaFilter].map((r) => r.errors![0]!.message).concat(viaRest.json.error.message)) {
        expect(text).toMatch(message);
        expect(text).toContain(JSON.stringify(value));
      }
      expect(await nodeCount(app, name)).toBe(0);
      const live = await w.created({ type: 'VOICE', externalId: 'CUST-T' });
      expect(codes(await w.end(live.interaction.id, { endedAt: value }))).toEqual(['BAD_USER_INPUT']);
    });

    it('accepts a real leap day, an offset without a colon, and fractional seconds, and stores the instant in UTC', async () => {
      const { w } = await tenant();
      const leap = await w.created({ type: 'VOICE', externalId: 'CUST-L', startedAt: '2024-02-29T23:30:00.123456-0130' });
      expect(leap.interaction.startedAt).toBe('2024-03-01T01:00:00.123Z');
    });

    it.each([false, '', 0, 'now', '2026-01-01', '2026-01-01T10:00:00'])(
      'refuses REST "startedAt": %p (never read as now)',
      async (startedAt) => {
        const { name, token } = await tenant();
        const res = await send(app, '/api/v2/interactions', { type: 'VOICE', externalId: 'CUST-R', startedAt }, token);
        expect([res.status, codesOf(res)]).toEqual([400, ['BAD_USER_INPUT']]);
        expect(res.json.error.message).toMatch(message);
        expect(await nodeCount(app, name)).toBe(0);
      },
    );
  });

  describe('6. a transfer of an unknown or empty id is INTERACTION_NOT_FOUND, always', () => {
    it.each([true, false])('with rejectOrphans %p', async (rejectOrphans) => {
      const { name, w } = await tenant();
      await w.policy({ rejectOrphans });
      const before = await nodeCount(app, name);
      for (const id of ['', 'no-such-interaction', 'x'.repeat(INPUT_LIMITS.idLength + 1)]) {
        const res = await w.transfer(id, { type: 'VOICE' });
        expect([id.slice(0, 10), codes(res)]).toEqual([id.slice(0, 10), ['INTERACTION_NOT_FOUND']]);
      }
      expect(await nodeCount(app, name)).toBe(before);
    });
  });

  describe('10. identifiers must be well-formed Unicode and bounded', () => {
    it('refuses ids with lone surrogates instead of letting two of them collide on storage', async () => {
      const { name, token, w } = await tenant();
      for (const id of ['\uD800-a', '\uD801-a', 'ok-\uDC00']) {
        expect(codes(await w.create({ id, type: 'VOICE', externalId: 'CUST-U' }))).toEqual(['BAD_USER_INPUT']);
        const rest = await send(
          app,
          '/api/v2/interactions',
          `{"id": ${JSON.stringify(id)}, "type": "VOICE", "externalId": "CUST-U"}`,
          token,
        );
        expect([rest.status, codesOf(rest)]).toEqual([400, ['BAD_USER_INPUT']]);
      }
      // Reads and other mutations too: the lone surrogate would be read as U+FFFD and find someone else.
      expect(codes(await gql(app, 'query($id: ID!) { interaction(id: $id) { id } }', { id: '\uD800' }, token))).toEqual(['BAD_USER_INPUT']);
      expect(codes(await w.end('\uD800'))).toEqual(['BAD_USER_INPUT']);
      expect(await nodeCount(app, name)).toBe(0);
    });

    it('bounds id and key lengths', async () => {
      const { name, w } = await tenant();
      const cases = [
        { id: 'i'.repeat(INPUT_LIMITS.idLength + 1), type: 'VOICE', externalId: 'CUST-B' },
        { type: 'VOICE', externalId: 'k'.repeat(INPUT_LIMITS.keyLength + 1) },
        { type: 'VOICE', externalId: 'CUST-B', threading: { threadId: 't'.repeat(INPUT_LIMITS.keyLength + 1) } },
        { type: 'VOICE', externalId: 'CUST-B', participants: [{ id: 'p'.repeat(INPUT_LIMITS.idLength + 1), role: 'AGENT' }] },
        { type: 'VOICE', externalId: 'CUST\n-B' },
      ];
      for (const input of cases) expect(codes(await w.create(input))).toEqual(['BAD_USER_INPUT']);
      expect(codes(await w.create({ type: 'VOICE', externalId: 'CUST-B' }, 'k'.repeat(256)))).toEqual(['BAD_USER_INPUT']);
      expect(await nodeCount(app, name)).toBe(0);
      expect((await w.create({ id: 'i'.repeat(INPUT_LIMITS.idLength), type: 'VOICE', externalId: 'CUST-B' })).errors).toBeUndefined();
    });
  });
});
