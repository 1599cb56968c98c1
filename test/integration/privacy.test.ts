import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { App } from '../../src/app';
import { importHistory } from '../../src/importer';
import { eraseCustomer, sweepRetention } from '../../src/privacy';
import { createInteraction, endInteraction, integrityReport, linkInteraction, updatePolicy } from '../../src/stitching';
import { codes, gql, startTestApp, tokenFor, uniqueTenant } from '../support/app';
import { feedOf } from '../support/events';

const SCOPES = 'interaction:read interaction:write privacy:admin';
const ERASE = `mutation($k: CustomerKeyInput!) { eraseCustomer(key: $k) {
  erased threads repeated receipt { id keyKind keyHash at by interactions threads } } }`;
const EXPORT = 'query($k: CustomerKeyInput!) { exportCustomer(key: $k) }';
/** What a refused request must leave as it was: thread events aside, which the sequencer numbers in the background. */
const WRITTEN = ['Interaction', 'Thread', 'Agent', 'StitchLock', 'IdempotencyKey', 'StitchingPolicy', 'Correction', 'ErasureReceipt']
  .map((label) => `MATCH (n:${label} {tenant: $tenant}) RETURN n`)
  .join(' UNION ');
/** Every node of the tenant, label by label (a scan of every node would read every tenant's). */
const NODES = [
  'Interaction',
  'Thread',
  'Agent',
  'StitchLock',
  'IdempotencyKey',
  'StitchingPolicy',
  'Correction',
  'ErasureReceipt',
  'ThreadEvent',
  'StaleStitchLock',
]
  .map((label) => `MATCH (n:${label} {tenant: $tenant}) RETURN n`)
  .join(' UNION ');
const THREAD = `query($id: ID!) { thread(id: $id) { id size depth externalId externalThreadId status closedAt
  edges { parentId childId reason } handleTime { totalSeconds spanSeconds byChannel { channel seconds interactions } } } }`;

/**
 * Erasure and export of a data subject: erasure removes the personal data of every interaction that
 * carries the key and of their threads, keeps structure and durations, leaves a receipt that holds a
 * keyed hash of the key (never the key), and is idempotent; an erased interaction never matches a key
 * again; an erasure racing creates of the same key leaves no interaction it should have erased.
 */
describe('privacy: erasing and exporting a customer', () => {
  let app: App;
  let tenant: string;
  let token: string;

  beforeAll(async () => {
    app = await startTestApp();
  });
  beforeEach(async () => {
    tenant = uniqueTenant('privacy');
    token = await tokenFor(tenant, SCOPES);
  });
  afterAll(async () => {
    await app.stop();
  });

  async function ok(query: string, variables: Record<string, unknown> = {}): Promise<Record<string, any>> {
    const res = await gql(app, query, variables, token);
    if (res.errors) throw new Error(JSON.stringify(res.errors));
    return res.data!;
  }
  async function create(input: Record<string, unknown>, key?: string): Promise<Record<string, any>> {
    return (
      await ok(
        `mutation($i: CreateInteractionInput!, $k: String) { createInteraction(input: $i, idempotencyKey: $k) {
           interaction { id threadId: thread { id } } stitch { reason parentId } } }`,
        { i: input, k: key ?? null },
      )
    ).createInteraction;
  }
  /** Every node and relationship property of the tenant whose text contains one of `needles`. */
  async function holding(needles: string[]): Promise<string[]> {
    const rows = await app.db.runRaw(
      `CALL () {
         ${NODES}
       }
       CALL (n) {
         RETURN n AS e, coalesce(n.id, n.key, labels(n)[0]) AS name
         UNION
         MATCH (n)-[r]->()
         RETURN r AS e, type(r) AS name
       }
       RETURN name, properties(e) AS props`,
      { tenant },
    );
    const lower = needles.map((n) => n.toLowerCase());
    return rows.flatMap((r) =>
      Object.entries(r.props as Record<string, unknown>)
        .filter(([, v]) => lower.some((n) => JSON.stringify(v).toLowerCase().includes(n)))
        .map(([k]) => `${String(r.name)}.${k}`),
    );
  }

  it('erases by externalId: no property keeps the key or the personal fields; structure and handle time stay; a receipt holds a hash', async () => {
    const personal = {
      externalId: 'CUST-ERASE-1',
      phoneNumber: '+1 415 555 0123',
      email: 'Ann.Lee@Example.com',
      participants: [
        { id: 'agent-7', role: 'AGENT' },
        { id: 'ann-lee-42', role: 'CUSTOMER' },
        { id: 'bot-ann', role: 'BOT' },
      ],
      metadata: { subject: 'Card stolen, Ann Lee', recordingUri: 's3://rec/ann-lee-42.wav' },
    };
    const first = await create(
      { type: 'VOICE', ...personal, threading: { threadId: 'CRM-ANN-LEE' }, startedAt: '2026-03-01T09:00:00Z' },
      'evt-ann-1',
    );
    const a1 = first.interaction.id;
    const threadId = first.interaction.threadId.id;
    const a2 = (
      await ok(
        `mutation($id: ID!) { transferInteraction(id: $id, to: { type: WEB_CHAT, startedAt: "2026-03-01T09:05:00Z",
           participants: [{ id: "ann-lee-42", role: CUSTOMER }] }) {
         interaction { id } } }`,
        { id: a1 },
      )
    ).transferInteraction.interaction.id;
    const a3 = await create({
      type: 'SMS',
      externalId: 'CUST-ERASE-1',
      startedAt: '2026-03-01T09:20:00Z',
      metadata: { subject: 'follow-up' },
    });
    expect(a3.stitch.reason).toBe('AUTO_STITCH');
    // Someone else, wrongly linked into Ann's thread, and then a correction whose note names her.
    const bob = await create({ type: 'EMAIL', externalId: 'CUST-BOB', email: 'bob@example.com', startedAt: '2026-03-01T09:30:00Z' });
    await ok('mutation($c: ID!, $p: ID!, $n: String) { linkInteraction(childId: $c, parentId: $p, note: $n) { id } }', {
      c: bob.interaction.id,
      p: a3.interaction.id,
      n: 'asked by Ann Lee (ann.lee@example.com)',
    });
    for (const [id, endedAt, talk] of [
      [a2, '2026-03-01T09:15:00Z', 300],
      [a1, '2026-03-01T09:16:00Z', 400],
      [a3.interaction.id, '2026-03-01T09:25:00Z', null],
      [bob.interaction.id, '2026-03-01T09:45:00Z', 60],
    ] as const) {
      await ok('mutation($id: ID!, $e: DateTime, $t: Float) { endInteraction(id: $id, input: { endedAt: $e, talkSeconds: $t }) { id } }', {
        id,
        e: endedAt,
        t: talk,
      });
    }
    const before = (await ok(THREAD, { id: threadId })).thread;
    const needles = ['CUST-ERASE-1', '+14155550123', 'ann.lee@example.com', 'ann-lee-42', 'bot-ann', 'Ann Lee', 'CRM-ANN-LEE'];
    expect((await holding(needles)).length).toBeGreaterThan(0);

    const erased = (await ok(ERASE, { k: { kind: 'EXTERNAL_ID', value: ' CUST-ERASE-1 ' } })).eraseCustomer;
    expect(erased).toMatchObject({
      erased: 3,
      threads: 1,
      repeated: false,
      receipt: { keyKind: 'EXTERNAL_ID', by: 'test-user', interactions: 3, threads: 1 },
    });
    expect(erased.receipt.keyHash).toMatch(/^[0-9a-f]{64}$/);

    // Nothing in the tenant holds her keys or personal fields any more: not the interactions, not the
    // thread, not the locks, idempotency keys, corrections or the receipt.
    expect(await holding(needles)).toEqual([]);
    const after = (await ok(THREAD, { id: threadId })).thread;
    expect(after).toEqual({ ...before, externalId: null, externalThreadId: null });
    const [stored] = await app.db.runRaw(`MATCH (i:Interaction {tenant: $tenant, id: $id}) RETURN properties(i) AS props`, {
      tenant,
      id: a1,
    });
    const props = stored!.props as Record<string, unknown>;
    for (const field of ['externalId', 'phoneNumber', 'email', 'subject', 'metadata', 'externalThreadId', 'payloadHash']) {
      expect(props[field]).toBeUndefined();
    }
    expect(JSON.parse(String(props.participants))).toEqual([
      { id: 'agent-7', role: 'AGENT', state: null },
      { id: 'erased', role: 'CUSTOMER', state: null },
      { id: 'erased', role: 'BOT', state: null },
    ]);
    expect(props).toMatchObject({ type: 'VOICE', state: 'COMPLETED', depth: 1, talkSeconds: 400 });
    expect(props.erasedAt).toEqual(expect.any(String));
    // Bob is not Ann: his interaction keeps its keys (the correction's note, which named her, went).
    expect(await holding(['CUST-BOB', 'bob@example.com'])).toEqual(
      expect.arrayContaining([
        `${bob.interaction.id}.email`,
        `${bob.interaction.id}.externalId`,
        'EMAIL:bob@example.com.key',
        'EXTERNAL_ID:CUST-BOB.key',
      ]),
    );
    expect(await integrityReport(app.db.forTenant(tenant))).toMatchObject({ orphans: { count: 0 }, threadMembership: { count: 0 } });

    // Idempotent: a repeat erases nothing and returns the receipt that stands.
    const again = (await ok(ERASE, { k: { kind: 'EXTERNAL_ID', value: 'CUST-ERASE-1' } })).eraseCustomer;
    expect(again).toEqual({ erased: 0, threads: 0, repeated: true, receipt: erased.receipt });
    // The retried first request is refused, never re-created; a new contact matches nothing erased.
    const retried = await gql(
      app,
      'mutation($i: CreateInteractionInput!) { createInteraction(input: $i, idempotencyKey: "evt-ann-1") { replayed } }',
      { i: { type: 'VOICE', ...personal, threading: { threadId: 'CRM-ANN-LEE' }, startedAt: '2026-03-01T09:00:00Z' } },
      token,
    );
    expect(codes(retried)).toEqual(['IDEMPOTENCY_KEY_REUSED']);
    const back = await create({
      type: 'VOICE',
      externalId: 'CUST-ERASE-1',
      phoneNumber: '+14155550123',
      startedAt: '2026-03-01T10:00:00Z',
    });
    expect(back.stitch).toEqual({ reason: 'NEW_THREAD', parentId: null });
    const exported = (await ok(EXPORT, { k: { kind: 'EXTERNAL_ID', value: 'CUST-ERASE-1' } })).exportCustomer;
    expect(exported.interactions.map((i: any) => i.id)).toEqual([back.interaction.id]);
  });

  it('scrubs the key from the events of a thread a link absorbed, and records thread.erased on each thread it touched', async () => {
    const h = () => app.db.forTenant(tenant);
    // R (the customer) is the root of thread A, which closes: thread.closed holds A's externalId, her key.
    const r = await createInteraction(h(), { type: 'VOICE', externalId: 'CUST-ABSORBED', startedAt: '2026-03-01T09:00:00Z' });
    await endInteraction(h(), r.interaction.id, { endedAt: '2026-03-01T09:10:00Z' });
    // Then R is linked under P, someone else's: A is absorbed into B, and R's events still name A.
    const p = await createInteraction(h(), { type: 'VOICE', externalId: 'CUST-HOLDER', startedAt: '2026-03-01T09:20:00Z' });
    await linkInteraction(h(), r.interaction.id, p.interaction.id);
    await feedOf(app, token, 5);
    expect(await holding(['CUST-ABSORBED'])).toEqual(expect.arrayContaining([expect.stringMatching(/^evt_.*\.threadExternalId$/)]));

    expect(await eraseCustomer(h(), { kind: 'EXTERNAL_ID', value: 'CUST-ABSORBED' }, 'x'.repeat(32))).toMatchObject({ erased: 1 });
    expect(await holding(['CUST-ABSORBED'])).toEqual([]);
    // The erasure's own event, last in the feed and after B's earlier events: no personal data.
    const events = await feedOf(app, token, 6);
    const b = p.thread.id;
    expect(events.filter((e) => e.data.thread?.id === b).map((e) => e.type)).toEqual([
      'interaction.created',
      'interaction.linked',
      'thread.erased',
    ]);
    expect(events.at(-1)).toMatchObject({
      type: 'thread.erased',
      version: 1,
      sequence: 6,
      data: { thread: { id: b, rootId: p.interaction.id, status: 'OPEN', externalId: null }, erasedInteractions: 1 },
    });
    expect(events.map((e) => e.type).filter((t) => t === 'thread.erased')).toHaveLength(1);
    // A repeat erases nothing and records nothing.
    expect(await eraseCustomer(h(), { kind: 'EXTERNAL_ID', value: 'CUST-ABSORBED' }, 'x'.repeat(32))).toMatchObject({ repeated: true });
    const [stored] = await app.db.runRaw('MATCH (e:ThreadEvent {tenant: $tenant}) RETURN count(e) AS n', { tenant });
    expect(stored).toEqual({ n: 6 });
  });

  it('scrubs the CRM thread id a full thread handed over from its thread.continued', async () => {
    const h = () => app.db.forTenant(tenant);
    await updatePolicy(h(), { maxThreadSize: 2 });
    const crm = { threadId: 'CASE-HANDED-OVER' };
    for (let k = 0; k < 3; k++) await createInteraction(h(), { type: 'EMAIL', externalId: 'CUST-HANDED', threading: crm });
    const events = await feedOf(app, token, 4);
    expect(events.map((e) => e.type)).toContain('thread.continued');
    expect(await eraseCustomer(h(), { kind: 'EXTERNAL_ID', value: 'CUST-HANDED' }, 'x'.repeat(32))).toMatchObject({
      erased: 3,
      threads: 2,
    });
    expect(await holding(['CASE-HANDED-OVER', 'CUST-HANDED'])).toEqual([]);
  });

  it('exports a customer by phone number or email, normalized as stitching normalizes them, as JSON', async () => {
    const root = await create({
      type: 'EMAIL',
      externalId: 'CUST-EXP',
      email: 'Cara@Example.COM',
      phoneNumber: '+44 20 7946 0958',
      metadata: { subject: 'Refund', orderId: 'O-1' },
      participants: [{ id: 'cara', role: 'CUSTOMER' }],
      startedAt: '2026-04-01T08:00:00Z',
    });
    const someoneElse = await create({ type: 'VOICE', threading: { parentInteractionId: root.interaction.id }, externalId: 'CUST-OTHER' });
    const byEmail = (await ok(EXPORT, { k: { kind: 'EMAIL', value: ' cara@example.com' } })).exportCustomer;
    const byPhone = (await ok(EXPORT, { k: { kind: 'PHONE_NUMBER', value: '+442079460958' } })).exportCustomer;
    expect(byEmail.key).toEqual({ kind: 'EMAIL', value: 'cara@example.com' });
    expect(byPhone.key).toEqual({ kind: 'PHONE_NUMBER', value: '+442079460958' });
    for (const exported of [byEmail, byPhone]) {
      expect(exported.interactions).toEqual([
        expect.objectContaining({
          id: root.interaction.id,
          externalId: 'CUST-EXP',
          email: 'cara@example.com',
          phoneNumber: '+442079460958',
          metadata: { subject: 'Refund', orderId: 'O-1' },
          participants: [{ id: 'cara', role: 'CUSTOMER', state: null }],
          startedAt: '2026-04-01T08:00:00.000Z',
        }),
      ]);
      expect(exported.interactions[0]).not.toHaveProperty('tenant');
      expect(exported.interactions[0]).not.toHaveProperty('payloadHash');
      // The thread node, not the other person's interaction in it.
      expect(exported.threads).toEqual([expect.objectContaining({ id: root.interaction.threadId.id, externalId: 'CUST-EXP' })]);
      expect(JSON.stringify(exported)).not.toContain(someoneElse.interaction.id);
    }
    // Exported by someone else's key, the thread is one they were wrongly stitched into: its keys are Cara's, not theirs.
    const other = (await ok(EXPORT, { k: { kind: 'EXTERNAL_ID', value: 'CUST-OTHER' } })).exportCustomer;
    expect(other.interactions.map((i: any) => i.id)).toEqual([someoneElse.interaction.id]);
    expect(other.threads).toEqual([expect.objectContaining({ id: root.interaction.threadId.id, externalId: null })]);
    expect(JSON.stringify(other)).not.toContain('CUST-EXP');
    expect((await ok(EXPORT, { k: { kind: 'EMAIL', value: 'nobody@example.com' } })).exportCustomer).toMatchObject({
      interactions: [],
      threads: [],
      history: [],
    });
  });

  it('answers 0 for a key matching nothing, and refuses bad keys and callers without privacy:admin, changing nothing', async () => {
    const snapshot = () =>
      app.db.runRaw(`CALL () { ${WRITTEN} } RETURN labels(n) AS labels, properties(n) AS props ORDER BY labels[0], props.id, props.key`, {
        tenant,
      });
    await create({ type: 'VOICE', externalId: 'CUST-KEEP', phoneNumber: '+14155550199' });
    const before = await snapshot();
    const refused = async (query: string, key: unknown, as = token) => codes(await gql(app, query, { k: key }, as));
    for (const query of [ERASE, EXPORT]) {
      expect(await refused(query, { kind: 'EXTERNAL_ID', value: '' })).toEqual(['BAD_USER_INPUT']);
      expect(await refused(query, { kind: 'EXTERNAL_ID', value: '   ' })).toEqual(['BAD_USER_INPUT']);
      expect(await refused(query, { kind: 'PHONE_NUMBER', value: '12345' })).toEqual(['BAD_USER_INPUT']);
      expect(await refused(query, { kind: 'EMAIL', value: 'not-an-email' })).toEqual(['BAD_USER_INPUT']);
      expect(await refused(query, { kind: 'EXTERNAL_ID', value: 'a\uD800' })).toEqual(['BAD_USER_INPUT']);
      expect(await refused(query, { kind: 'EXTERNAL_ID', value: 'CUST-KEEP' }, await tokenFor(tenant))).toEqual(['FORBIDDEN']);
      expect(await refused(query, { kind: 'EXTERNAL_ID', value: 'CUST-KEEP' }, '')).toEqual(['UNAUTHENTICATED']);
    }
    expect(await snapshot()).toEqual(before);
    const nothing = (await ok(ERASE, { k: { kind: 'PHONE_NUMBER', value: '+1 415 555 0100' } })).eraseCustomer;
    expect(nothing).toMatchObject({ erased: 0, threads: 0, repeated: false, receipt: { keyKind: 'PHONE_NUMBER', interactions: 0 } });
    expect((await ok(ERASE, { k: { kind: 'PHONE_NUMBER', value: '+14155550100' } })).eraseCustomer).toMatchObject({
      erased: 0,
      repeated: true,
      receipt: { id: nothing.receipt.id },
    });
    // The receipts of two tenants for one key differ: the hash is keyed by tenant too.
    const otherToken = await tokenFor(uniqueTenant('privacy-other'), SCOPES);
    const elsewhere = (await gql(app, ERASE, { k: { kind: 'PHONE_NUMBER', value: '+14155550100' } }, otherToken)).data!.eraseCustomer;
    expect(elsewhere.receipt.keyHash).not.toBe(nothing.receipt.keyHash);
  });

  it('waits for a create holding the customer’s key and erases what it wrote', async () => {
    const h = () => app.db.forTenant(tenant);
    const first = await createInteraction(h(), { type: 'VOICE', externalId: 'CUST-RACE' });
    // A create of the same customer, stopped inside its transaction after claiming the key's lock.
    const session = app.db.driver.session({ database: app.db.name });
    const tx = session.beginTransaction();
    let erasing: Promise<unknown> | undefined;
    try {
      await tx.run(`MERGE (l:StitchLock {tenant: $tenant, key: 'EXTERNAL_ID:CUST-RACE'}) SET l:StitchLock`, { tenant });
      await tx.run(
        `MATCH (p:Interaction {tenant: $tenant, id: $parent}) MATCH (t:Thread {tenant: $tenant, id: p.threadId}) SET t:Thread
         CREATE (p)-[:PARENT_OF {reason: 'AUTO_STITCH'}]->(:Interaction {tenant: $tenant, id: 'held', type: 'SMS', externalId: 'CUST-RACE',
                 state: 'ACTIVE', startedAt: datetime(), depth: 2, stitchReason: 'AUTO_STITCH', threadId: t.id, participants: '[]'})`,
        { tenant, parent: first.interaction.id },
      );
      erasing = eraseCustomer(h(), { kind: 'EXTERNAL_ID', value: 'CUST-RACE' }, 'x'.repeat(32));
      await untilBlocked('privacy/claim-erasure');
    } finally {
      await tx.commit();
      await session.close();
    }
    expect(await erasing).toMatchObject({ erased: 2 });
    expect(await holding(['CUST-RACE'])).toEqual([]);
  });

  it('serializes an import batch with an erasure by a key the tenant does not stitch on (a phone number under EXTERNAL_ID)', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'threadgraph-privacy-'));
    const file = path.join(dir, 'history.ndjson');
    const record = { id: 'imported-1', type: 'VOICE', externalId: 'CUST-IMPORTED', phoneNumber: '+14155550177' };
    fs.writeFileSync(file, JSON.stringify({ ...record, startedAt: '2026-03-01T09:00:00Z' }) + '\n');
    // An erasure by the phone number, stopped inside its transaction after claiming the number's lock.
    const session = app.db.driver.session({ database: app.db.name });
    const tx = session.beginTransaction();
    let importing: Promise<{ created: number }> | undefined;
    try {
      await tx.run(`MERGE (l:StitchLock {tenant: $tenant, key: 'PHONE_NUMBER:+14155550177'}) SET l:StitchLock`, { tenant });
      importing = importHistory(app.db.forTenant(tenant), [{ path: file, format: 'ndjson' }], { rejectsDir: dir });
      // The batch waits for the erasure: it takes the lock of every key its records carry.
      await untilBlocked('import/claim-batch');
      const [written] = await app.db.runRaw('MATCH (i:Interaction {tenant: $tenant}) RETURN count(i) AS n', { tenant });
      expect(written).toEqual({ n: 0 });
    } finally {
      await tx.commit();
      await session.close();
    }
    expect(await importing).toMatchObject({ created: 1 });
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('leaves no lock of an erased customer’s other keys behind when the drop after the erasure fails: the retention sweep drops it', async () => {
    const h = () => app.db.forTenant(tenant);
    await createInteraction(h(), { type: 'VOICE', externalId: 'CUST-STALE', phoneNumber: '+14155550188' });
    // A create holding the phone's lock makes the drop after the erasure wait; then that drop fails,
    // and the erasure, committed, still answers as done.
    const session = app.db.driver.session({ database: app.db.name });
    const tx = session.beginTransaction();
    let erasing: Promise<unknown> | undefined;
    try {
      await tx.run(`MERGE (l:StitchLock {tenant: $tenant, key: 'PHONE_NUMBER:+14155550188'}) SET l:StitchLock`, { tenant });
      erasing = eraseCustomer(h(), { kind: 'EXTERNAL_ID', value: 'CUST-STALE' }, 'x'.repeat(32)).then(
        (r) => r.erased,
        (error: Error) => error.message,
      );
      const id = await untilBlocked('drop-stitch-locks');
      await app.db.runRaw('TERMINATE TRANSACTIONS $id', { id });
      expect(await erasing).toBeGreaterThan(0);
    } finally {
      await tx.commit();
      await session.close();
    }
    // The erasure committed; the phone's lock outlived it.
    expect((await eraseCustomer(h(), { kind: 'EXTERNAL_ID', value: 'CUST-STALE' }, 'x'.repeat(32))).repeated).toBe(true);
    expect(await holding(['+14155550188'])).toContain('PHONE_NUMBER:+14155550188.key');
    const settings = { idempotencyTtlSeconds: 86_400, retentionDays: null, batchSize: 500 };
    // A sweep leaves a marked lock a minute to the drop after its transaction; past that, it drops it.
    const later = { tenants: [tenant], now: new Date(Date.now() + 120_000) };
    expect(await sweepRetention(app.db, settings, { tenants: [tenant] })).toMatchObject({ stitchLocks: 0 });
    expect(await sweepRetention(app.db, settings, later)).toMatchObject({ stitchLocks: 1 });
    expect(await holding(['+14155550188'])).toEqual([]);
    // Nothing is left to drop.
    expect(await sweepRetention(app.db, settings, later)).toMatchObject({ stitchLocks: 0, batches: 1 });
  });

  it('never leaves an interaction it should have erased when creates of the key race it', async () => {
    const h = () => app.db.forTenant(tenant);
    for (let round = 0; round < 3; round++) {
      const key = `CUST-STORM-${round}`;
      const seeds = await Promise.all(
        Array.from({ length: 5 }, (_, i) => createInteraction(h(), { type: 'VOICE', externalId: `${key}-seed-${i}` })),
      );
      const anchor = await createInteraction(h(), { type: 'VOICE', externalId: key });
      const creates = [
        // by key (auto-stitch), by explicit parent without a key (inherits it), by explicit parent with it,
        // and by phone only (carrying no externalId: it must be left alone)
        ...Array.from({ length: 10 }, () => createInteraction(h(), { type: 'SMS', externalId: key })),
        ...Array.from({ length: 5 }, () =>
          createInteraction(h(), { type: 'EMAIL', threading: { parentInteractionId: anchor.interaction.id } }),
        ),
        ...Array.from({ length: 5 }, (_, i) =>
          createInteraction(h(), { type: 'EMAIL', externalId: key, threading: { parentInteractionId: seeds[i]!.interaction.id } }),
        ),
      ];
      const [erased] = await Promise.all([eraseCustomer(h(), { kind: 'EXTERNAL_ID', value: key }, 'x'.repeat(32)), ...creates]);
      expect(erased.erased).toBeGreaterThanOrEqual(1);
      // An interaction that still carries the key must have been created after the erasure: so it never
      // got the key from an erased parent (inherited, or by auto-stitching to it).
      const leaks = await app.db.runRaw(
        `MATCH (p:Interaction {tenant: $tenant})-[e:PARENT_OF]->(c:Interaction {tenant: $tenant, externalId: $key})
         WHERE p.erasedAt IS NOT NULL AND (e.reason IN ['AUTO_STITCH', 'GRACE_PERIOD'] OR (e.reason = 'EXPLICIT' AND p.id = $anchor))
         RETURN c.id AS id`,
        { tenant, key, anchor: anchor.interaction.id },
      );
      expect(leaks).toEqual([]);
      expect(await integrityReport(h())).toMatchObject({
        cycles: { count: 0 },
        secondParents: { count: 0 },
        threadMembership: { count: 0 },
      });
    }
  });

  /** Polls Neo4j's transaction list until a transaction running `statement` waits on a lock; returns its id. */
  async function untilBlocked(statement: string): Promise<string> {
    const text = app.db.text(statement as Parameters<typeof app.db.text>[0]).slice(0, 60);
    for (let i = 0; i < 300; i++) {
      const rows = await app.db.runRaw(
        `SHOW TRANSACTIONS YIELD transactionId, currentQuery, status WHERE status STARTS WITH 'Blocked' RETURN transactionId, currentQuery`,
      );
      const blocked = rows.find((r) => String(r.currentQuery).startsWith(text));
      if (blocked) return String(blocked.transactionId);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error(`no transaction running ${statement} became blocked`);
  }
});
