import fc from 'fast-check';

/**
 * Arbitraries for the fuzz suite: values a careless or hostile client sends, mixed with valid ones
 * so that requests also get past the first check and reach the deeper ones (the database, the
 * stitching rules). `ids` are ids that exist in the fuzzed tenant, so links, ends and transfers hit
 * real interactions too.
 */
export function arbitraries(ids: readonly string[]) {
  const hostile = fc.constantFrom(
    '',
    ' ',
    '\uD800',
    'a\uDC00b',
    '\u0000',
    "' OR 1=1 --",
    '$tenant',
    '}{',
    '__proto__',
    'constructor',
    'x'.repeat(300),
    '😀'.repeat(150),
    'null',
    'MATCH (n) DETACH DELETE n',
  );
  const text = fc.oneof(fc.string({ maxLength: 40 }), fc.string({ unit: 'binary', maxLength: 20 }), hostile);
  const id = fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...ids) }, { weight: 2, arbitrary: text });
  const dateTime = fc.oneof(
    fc.constantFrom(
      '2026-11-21T09:30:00+01:00',
      '2026-02-30T10:00:00Z',
      '2025-02-29T10:00:00Z',
      '2024-02-29T10:00:00Z',
      '2026-04-31T10:00:00Z',
      '2026-01-01T24:00:00Z',
      '2026-01-01T10:00:00',
      '2026-01-01T10:00:00+25:00',
      '9999-12-31T23:59:59Z',
      '0001-01-01T00:00:00Z',
      '+275760-09-13T00:00:00Z',
      '2026-01-01T10:00:00.123456789-0330',
    ),
    fc
      .date({ min: new Date('1850-01-01T00:00:00Z'), max: new Date('2150-01-01T00:00:00Z'), noInvalidDate: true })
      .map((d) => d.toISOString()),
    text,
  );
  const number = fc.oneof(
    fc.integer({ min: -10, max: 3_000_000 }),
    fc.double({ noNaN: true, noDefaultInfinity: true }),
    fc.constantFrom(0, -0, 1e308, -1e308, 2_592_000, 2_592_001, Number.MAX_SAFE_INTEGER, 0.5),
  );
  /** Anything JSON can carry, odd values included (and, rarely, something deep). */
  const json = fc.oneof(
    { weight: 6, arbitrary: fc.jsonValue({ maxDepth: 4 }) },
    { weight: 1, arbitrary: fc.integer({ min: 15, max: 40 }).map(nested) },
    { weight: 1, arbitrary: fc.constant({ blob: 'x'.repeat(70_000) }) },
  );
  const odd = fc.oneof(text, number, fc.boolean(), fc.constant(null), json);
  /** A field's value: usually the right kind (valid or not), sometimes any odd value at all. */
  const field = <T>(right: fc.Arbitrary<T>) => fc.oneof({ weight: 4, arbitrary: right }, { weight: 1, arbitrary: odd });
  const channel = field(fc.constantFrom('VOICE', 'WEB_CHAT', 'EMAIL', 'SMS', 'SOCIAL', 'MESSAGING', 'VIDEO', 'FAX'));
  const participant = fc.record(
    { id: field(id), role: field(fc.constantFrom('AGENT', 'CUSTOMER', 'BOT', 'SUPERVISOR', 'ROBOT')), state: field(text) },
    { requiredKeys: [] },
  );
  const interactionInput = fc.record(
    {
      id: field(id),
      type: channel,
      externalId: field(fc.oneof(fc.constantFrom('CUST-F1', 'CUST-F2', 'ACCT-1-CUST-2'), text)),
      threading: field(fc.record({ parentInteractionId: field(id), threadId: field(text) }, { requiredKeys: [] })),
      participants: field(fc.array(participant, { maxLength: 4 })),
      metadata: field(json),
      startedAt: field(dateTime),
      phoneNumber: field(fc.oneof(fc.constantFrom('+14155550123', '+1 415 555 0123', '12345', '+999999999999999999'), text)),
      email: field(fc.oneof(fc.constantFrom('Ann@Example.com', 'not-an-email', 'a@b.c'), text)),
    },
    { requiredKeys: ['type'] },
  );
  const endInput = fc.record(
    {
      endedAt: field(dateTime),
      talkSeconds: field(number),
      holdSeconds: field(number),
      afterCallWorkSeconds: field(number),
    },
    { requiredKeys: [] },
  );
  const policyInput = fc.record(
    {
      key: field(fc.constantFrom('EXTERNAL_ID', 'COMPOSITE', 'PHONE_NUMBER', 'EMAIL')),
      windowSeconds: field(number),
      gracePeriodSeconds: field(number),
      crossChannel: field(fc.boolean()),
      maxDepth: field(fc.integer({ min: -1, max: 25 })),
      rejectOrphans: field(fc.boolean()),
      compositePattern: field(fc.constantFrom('^ACCT-[^-]+-CUST-[^-]+$', '^(a+)+$', '^(a)\\1$', '^(?=x).*$', 'no-anchors', '^[$', '^.*$')),
    },
    { requiredKeys: [] },
  );
  const cursor = fc.oneof(
    text,
    fc
      .tuple(fc.constantFrom(1, 2), fc.constantFrom('thread', 'interaction'), dateTime, id)
      .map((t) => Buffer.from(JSON.stringify(t)).toString('base64url')),
  );
  const representation = fc.oneof(
    fc.record({ __typename: fc.constantFrom('Interaction', 'Thread', 'Agent'), id: field(id) }, { requiredKeys: ['__typename'] }),
    fc.record({ __typename: fc.constantFrom('Customer'), externalId: field(text) }, { requiredKeys: [] }),
    fc.record({ __typename: field(fc.constantFrom('Query', 'Mutation', '_Service', 'Nope', 'Interaction')), id: field(id) }),
    odd,
  );
  const eventType = field(
    fc.oneof(fc.constantFrom('interaction.created', 'interaction.ended', 'thread.closed', 'thread.continued', 'thread.exploded'), text),
  );
  /** URLs a webhook may be given: literal addresses only (a name would be looked up in DNS). */
  const url = field(
    fc.oneof(
      fc.constantFrom(
        'https://192.0.2.10/hook',
        'http://127.0.0.1:8080/x',
        'http://[::1]/x',
        'http://169.254.169.254/latest',
        'ftp://192.0.2.10/x',
        'https://u:p@192.0.2.10/',
        'https://10.0.0.1/',
        'https://[::ffff:10.0.0.1]/',
        'not a url',
        'http://0x7f000001/',
        'https://192.0.2.10:99999/',
      ),
      text,
    ),
  );
  const secret = field(fc.oneof(fc.constantFrom('whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw', 'whsec_', 'whsec_!!!!', 'secret'), text));
  const sequence = field(fc.oneof(fc.integer({ min: -3, max: 50 }), fc.constantFrom('1', '9007199254740993', '-1', '1e3', 'x')));
  return {
    text,
    id,
    dateTime,
    number,
    json,
    odd,
    field,
    channel,
    interactionInput,
    endInput,
    policyInput,
    cursor,
    representation,
    eventType,
    url,
    secret,
    sequence,
  };
}

/** A JSON object nested `depth` levels deep. */
export function nested(depth: number): Record<string, unknown> {
  let v: Record<string, unknown> = { leaf: true };
  for (let k = 1; k < depth; k++) v = { a: v };
  return v;
}

/** One fuzzed GraphQL request: an operation of the API with generated variables. */
export interface FuzzOperation {
  name: string;
  query: string;
  variables: Record<string, unknown>;
}

/** Every query and mutation of the API, each with variables drawn from `a`. */
export function operations(a: ReturnType<typeof arbitraries>): fc.Arbitrary<FuzzOperation> {
  const op = (name: string, query: string, variables: fc.Arbitrary<Record<string, unknown>>) =>
    variables.map((v) => ({ name, query, variables: v }));
  const INTERACTION =
    'id type externalId state startedAt endedAt depth stitchReason handleTime { totalSeconds } participants { id role } metadata';
  const RESULT = `interaction { ${INTERACTION} } thread { id status } stitch { parentId reason warnings { code } } replayed`;
  return fc.oneof(
    op(
      'createInteraction',
      `mutation($input: CreateInteractionInput!, $key: String) { createInteraction(input: $input, idempotencyKey: $key) { ${RESULT} } }`,
      fc.record(
        { input: a.field(a.interactionInput), key: a.field(fc.oneof(a.text, fc.constantFrom('fuzz-key-1', 'fuzz-key-2'))) },
        { requiredKeys: ['input'] },
      ),
    ),
    op(
      'linkInteraction',
      'mutation($c: ID!, $p: ID!) { linkInteraction(childId: $c, parentId: $p) { id depth parent { id } } }',
      fc.record({ c: a.field(a.id), p: a.field(a.id) }),
    ),
    op(
      'transferInteraction',
      `mutation($id: ID!, $to: TransferInput!) { transferInteraction(id: $id, to: $to) { ${RESULT} } }`,
      fc.record({
        id: a.field(a.id),
        to: a.field(
          fc.record(
            { type: a.channel, id: a.field(a.id), startedAt: a.field(a.dateTime), metadata: a.field(a.json) },
            { requiredKeys: ['type'] },
          ),
        ),
      }),
    ),
    op(
      'endInteraction',
      `mutation($id: ID!, $input: EndInteractionInput) { endInteraction(id: $id, input: $input) { ${INTERACTION} thread { status } } }`,
      fc.record({ id: a.field(a.id), input: a.field(a.endInput) }, { requiredKeys: ['id'] }),
    ),
    op(
      'updateStitchingPolicy',
      'mutation($input: StitchingPolicyInput!) { updateStitchingPolicy(input: $input) { key maxDepth compositePattern } }',
      fc.record({ input: a.field(a.policyInput) }),
    ),
    op(
      'interaction',
      `query($id: ID!) { interaction(id: $id) { ${INTERACTION} parent { id } children { id } thread { id size } } }`,
      fc.record({ id: a.field(a.id) }),
    ),
    op(
      'thread',
      'query($id: ID!) { thread(id: $id) { id size depth channels edges { parentId childId } handleTime { totalSeconds spanSeconds } playback { ready } interactions { id } } }',
      fc.record({ id: a.field(a.id) }),
    ),
    op(
      'threads',
      'query($f: ThreadFilter, $first: Int, $after: String) { threads(filter: $f, first: $first, after: $after) { totalCount pageInfo { hasNextPage endCursor } edges { cursor node { id } } } }',
      fc.record(
        {
          f: a.field(
            fc.record(
              {
                externalId: a.field(a.text),
                type: a.channel,
                status: a.field(fc.constantFrom('OPEN', 'CLOSED')),
                startedAfter: a.field(a.dateTime),
                startedBefore: a.field(a.dateTime),
              },
              { requiredKeys: [] },
            ),
          ),
          first: a.field(fc.integer({ min: -5, max: 150 })),
          after: a.field(a.cursor),
        },
        { requiredKeys: [] },
      ),
    ),
    op(
      'threadAnalytics',
      `query($range: AnalyticsRange!, $filter: AnalyticsFilter, $bucket: TimeBucket, $n: Int, $top: Int) {
        threadAnalytics(range: $range, filter: $filter) { from timeZone timeSeries(bucket: $bucket) { date hours threads }
          repeatContact(withinDays: $n) { repeatRate daysToNextContact { days } } agents(top: $top) { top { agentId } } } }`,
      fc.record(
        {
          range: a.field(
            fc.record(
              {
                from: a.field(fc.oneof(a.dateTime, fc.constantFrom('2026-11-01T00:00:00Z', '2025-10-01T00:00:00+02:00'))),
                to: a.field(fc.oneof(a.dateTime, fc.constantFrom('2026-11-30T00:00:00Z', '2026-12-01T00:00:00-05:00'))),
                timeZone: a.field(
                  fc.oneof(fc.constantFrom('UTC', 'Europe/Berlin', 'America/Santiago', '+01:00', 'Mars/Base', 'Etc/GMT+14'), a.text),
                ),
              },
              { requiredKeys: [] },
            ),
          ),
          filter: a.field(
            fc.record(
              {
                channels: a.field(fc.array(a.channel, { maxLength: 3 })),
                externalId: a.field(fc.oneof(fc.constantFrom('CUST-F1'), a.text)),
              },
              { requiredKeys: [] },
            ),
          ),
          bucket: a.field(fc.constantFrom('DAY', 'WEEK', 'MONTH')),
          n: a.field(fc.integer({ min: -1, max: 100 })),
          top: a.field(fc.integer({ min: -1, max: 120 })),
        },
        { requiredKeys: ['range'] },
      ),
    ),
    op(
      'detachInteraction',
      'mutation($id: ID!, $note: String) { detachInteraction(id: $id, note: $note) { interaction { id depth } thread { id } correction { kind } } }',
      fc.record({ id: a.field(a.id), note: a.field(a.text) }, { requiredKeys: ['id'] }),
    ),
    op(
      'eraseCustomer',
      'mutation($k: CustomerKeyInput!) { eraseCustomer(key: $k) { erased repeated receipt { keyHash } } }',
      fc.record({
        k: a.field(fc.record({ kind: a.field(fc.constantFrom('EXTERNAL_ID', 'PHONE_NUMBER', 'EMAIL', 'NAME')), value: a.field(a.text) })),
      }),
    ),
    op(
      'exportCustomer',
      'query($k: CustomerKeyInput!) { exportCustomer(key: $k) }',
      fc.record({
        k: a.field(fc.record({ kind: a.field(fc.constantFrom('EXTERNAL_ID', 'PHONE_NUMBER', 'EMAIL')), value: a.field(a.text) })),
      }),
    ),
    op('stitchingPolicy', '{ stitchingPolicy { key windowSeconds maxDepth compositePattern } }', fc.constant({})),
    op(
      'threadEvents',
      'query($after: String, $first: Int, $types: [String!]) { threadEvents(after: $after, first: $first, types: $types) { pageInfo { hasNextPage endCursor } edges { cursor node { id type sequence data } } } }',
      fc.record(
        {
          after: a.field(fc.oneof(a.text, a.sequence.map(String))),
          first: a.field(fc.integer({ min: -5, max: 150 })),
          types: a.field(fc.array(a.eventType, { maxLength: 3 })),
        },
        { requiredKeys: [] },
      ),
    ),
    // Over POST /graphql a subscription is refused (typed): it is served over WebSocket and SSE.
    op(
      'threadUpdated',
      'subscription($id: ID!, $after: Long) { threadUpdated(threadId: $id, after: $after) { id type sequence } }',
      fc.record({ id: a.field(a.id), after: a.sequence }, { requiredKeys: ['id'] }),
    ),
    op('customerThreads', 'subscription($x: String!) { customerThreads(externalId: $x) { id type } }', fc.record({ x: a.field(a.text) })),
    op(
      'webhookEndpoints',
      '{ webhookEndpoints { id url status eventTypes health { pending delivered failed position } } }',
      fc.constant({}),
    ),
    op(
      'webhookEndpoint',
      'query($id: ID!, $first: Int, $after: String, $status: WebhookDeliveryStatus, $eventId: ID) { webhookEndpoint(id: $id) { id deliveries(first: $first, after: $after, status: $status, eventId: $eventId) { pageInfo { hasNextPage } edges { node { id status } } } } }',
      fc.record(
        {
          id: a.field(a.id),
          first: a.field(fc.integer({ min: -5, max: 150 })),
          after: a.field(a.cursor),
          status: a.field(fc.constantFrom('PENDING', 'DELIVERED', 'FAILED', 'LOST')),
          eventId: a.field(a.id),
        },
        { requiredKeys: ['id'] },
      ),
    ),
    op(
      'createWebhookEndpoint',
      'mutation($i: CreateWebhookEndpointInput!) { createWebhookEndpoint(input: $i) { endpoint { id status } } }',
      fc.record({
        i: a.field(
          fc.record(
            { url: a.url, eventTypes: a.field(fc.array(a.eventType, { maxLength: 3 })), description: a.field(a.text), secret: a.secret },
            { requiredKeys: ['url', 'eventTypes'] },
          ),
        ),
      }),
    ),
    op(
      'rotateWebhookSecret',
      'mutation($id: ID!, $s: String) { rotateWebhookSecret(id: $id, secret: $s) { endpoint { id } } }',
      fc.record({ id: a.field(a.id), s: a.secret }, { requiredKeys: ['id'] }),
    ),
    op(
      'setWebhookEndpoint',
      'mutation($id: ID!) { disableWebhookEndpoint(id: $id) { id status } enableWebhookEndpoint(id: $id) { id status } }',
      fc.record({ id: a.field(a.id) }),
    ),
    op('deleteWebhookEndpoint', 'mutation($id: ID!) { deleteWebhookEndpoint(id: $id) }', fc.record({ id: a.field(a.text) })),
    op(
      'replayWebhookEvents',
      'mutation($i: ReplayWebhookEventsInput!) { replayWebhookEvents(input: $i) { queued eventIds } }',
      fc.record({
        i: a.field(
          fc.record(
            { endpointId: a.field(a.id), eventId: a.field(a.id), fromSequence: a.sequence, toSequence: a.sequence },
            { requiredKeys: ['endpointId'] },
          ),
        ),
      }),
    ),
    op('integrityReport', '{ integrityReport { cycles { count } orphans { count } } }', fc.constant({})),
    op(
      '_entities',
      `query($r: [_Any!]!, $first: Int, $after: String) { _entities(representations: $r) { ... on Interaction { id depth } ... on Thread { id size }
        ... on Customer { threads(first: $first, after: $after) { totalCount } } ... on Agent { interactions(first: $first, after: $after) { edges { node { id } } } } } }`,
      fc.record(
        {
          r: a.field(fc.array(a.representation, { maxLength: 4 })),
          first: a.field(fc.integer({ min: -2, max: 120 })),
          after: a.field(a.cursor),
        },
        { requiredKeys: ['r'] },
      ),
    ),
  );
}
