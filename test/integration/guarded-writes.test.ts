import { randomUUID } from 'node:crypto';
import { App } from '../../src/app';
import { ParamsOf } from '../../src/cypher';
import { Database, TenantTx } from '../../src/neo4j';
import { createInteraction, endInteraction, updatePolicy } from '../../src/stitching';
import { startTestApp, uniqueTenant } from '../support/app';

/**
 * The write statements are the last word on the graph's rules: called directly through the registry,
 * as a buggy caller would, with parameters that would break a rule, each refuses with its verdict
 * and writes nothing. The stitching engine never sends these parameters; that is the point.
 */
describe('the guarded write statements, called directly', () => {
  let app: App;
  let db: Database;
  beforeAll(async () => {
    app = await startTestApp();
    db = app.db;
  });
  afterAll(async () => {
    await app.stop();
  });

  /** Every node of the tenant with its properties and outgoing relationships: what "writes nothing" compares. */
  async function snapshot(tenant: string): Promise<Record<string, unknown>[]> {
    return db.runRaw(
      `CALL () {
         MATCH (n:Interaction {tenant: $tenant}) RETURN n UNION
         MATCH (n:Thread {tenant: $tenant}) RETURN n UNION
         MATCH (n:Agent {tenant: $tenant}) RETURN n UNION
         MATCH (n:IdempotencyKey {tenant: $tenant}) RETURN n UNION
         MATCH (n:StitchLock {tenant: $tenant}) RETURN n UNION
         MATCH (n:StitchingPolicy {tenant: $tenant}) RETURN n UNION
         MATCH (n:Correction {tenant: $tenant}) RETURN n
       }
       OPTIONAL MATCH (n)-[r]->(m)
       WITH n, r, m ORDER BY type(r), m.id
       WITH n, collect(CASE WHEN r IS NULL THEN null ELSE {type: type(r), props: properties(r), to: m.id} END) AS out
       RETURN labels(n) AS labels, properties(n) AS props, out
       ORDER BY labels[0], coalesce(props.id, props.key, '')`,
      { tenant },
    );
  }

  const DEFAULTS = { maxDepth: 5, maxThreadSize: 250, crossChannel: true };

  /**
   * One tenant whose policy is maxDepth 3, maxThreadSize 4, cross-channel off (version 1), with:
   * A: a1 → a2 → a3 (a3 at maxDepth)   B: b1 → b2, b3, b4 (full)   C: c1 → c2   D: d1 → d2
   * E: e1 (EMAIL)   F: f1 (ended)   G: g1   X: x1 (CRM thread CRM-X)   Y: y1 (CRM thread CRM-Y)
   * and, in another tenant, o1.
   */
  let tenant: string;
  const ids: Record<string, string> = {};
  const threads: Record<string, string> = {};
  let otherThread: string;

  beforeAll(async () => {
    tenant = uniqueTenant('guarded');
    const h = () => db.forTenant(tenant);
    await updatePolicy(h(), { maxDepth: 3, maxThreadSize: 4, crossChannel: false });
    const root = async (name: string, extra: Record<string, unknown> = {}) => {
      const r = await createInteraction(h(), { id: `${name}-${randomUUID()}`, type: 'VOICE', externalId: name, ...extra });
      ids[name] = r.interaction.id;
      threads[name[0]!] = r.thread.id;
    };
    const child = async (name: string, parent: string) => {
      const r = await createInteraction(h(), {
        id: `${name}-${randomUUID()}`,
        type: 'VOICE',
        threading: { parentInteractionId: ids[parent] },
      });
      ids[name] = r.interaction.id;
    };
    await root('a1');
    await child('a2', 'a1');
    await child('a3', 'a2');
    await root('b1');
    for (const b of ['b2', 'b3', 'b4']) await child(b, 'b1');
    await root('c1');
    await child('c2', 'c1');
    await root('d1');
    await child('d2', 'd1');
    await root('e1', { type: 'EMAIL' });
    await root('f1');
    await endInteraction(h(), ids.f1!);
    await root('g1');
    await root('x1', { threading: { threadId: 'CRM-X' } });
    await root('y1', { threading: { threadId: 'CRM-Y' } });
    const other = await createInteraction(db.forTenant(uniqueTenant('guarded-other')), { type: 'VOICE', externalId: 'o1' });
    ids.o1 = other.interaction.id;
    otherThread = other.thread.id;
  });

  async function direct<N extends 'create-interaction' | 'link-interaction' | 'end-interaction'>(name: N, params: ParamsOf<N>) {
    return db.forTenant(tenant).write((tx) => tx.one(name, params));
  }

  describe('create-interaction', () => {
    const create = (over: Partial<ParamsOf<'create-interaction'>> = {}): ParamsOf<'create-interaction'> => ({
      policyVersion: 1,
      defaults: DEFAULTS,
      parentId: null,
      threadId: null,
      requestedParentId: null,
      transferFromId: null,
      reason: 'EXPLICIT',
      newThreadId: randomUUID(),
      externalThreadId: null,
      continuesThreadId: null,
      startedAt: new Date().toISOString(),
      props: {
        id: `buggy-${randomUUID()}`,
        type: 'VOICE',
        externalId: 'Z',
        phoneNumber: null,
        email: null,
        subject: null,
        metadata: null,
        participants: '[]',
        payloadHash: 'h',
        stitchResult: '{}',
      },
      agentIds: ['agent-9'],
      claimKeys: ['key:buggy'],
      hash: 'h',
      result: '{}',
      stitch: '{}',
      ...over,
    });
    const under = (parent: string, thread = parent[0]!) => ({ parentId: ids[parent]!, threadId: threads[thread]! });

    it.each<[string, () => Partial<ParamsOf<'create-interaction'>>, string]>([
      ['a parent at maxDepth (the child would be deeper)', () => under('a3'), 'MAX_DEPTH'],
      [
        'a parent at maxDepth, with looser defaults passed in',
        () => ({ ...under('a3'), defaults: { ...DEFAULTS, maxDepth: 20 } }),
        'MAX_DEPTH',
      ],
      ['a parent in another tenant', () => ({ parentId: ids.o1!, threadId: otherThread }), 'PARENT_NOT_FOUND'],
      [
        'the id of an interaction that has a parent already',
        () => ({ ...under('c1'), props: { ...create().props, id: ids.a2! } }),
        'ID_TAKEN',
      ],
      ['a parent whose thread is full', () => under('b1'), 'THREAD_FULL'],
      [
        'a parent whose thread is full, with looser defaults passed in',
        () => ({ ...under('b1'), defaults: { ...DEFAULTS, maxThreadSize: 1000 } }),
        'THREAD_FULL',
      ],
      ['a parent of another channel, cross-channel off', () => under('e1'), 'CROSS_CHANNEL'],
      ['a parent outside the thread it says it locked', () => ({ ...under('c1'), threadId: threads.a! }), 'MOVED'],
      ['a requested parent that is not below the parent', () => ({ ...under('a1'), requestedParentId: ids.c1! }), 'NOT_ANCESTOR'],
      [
        'itself as its parent (a cycle)',
        () => ({ parentId: 'self', threadId: threads.a!, props: { ...create().props, id: 'self' } }),
        'PARENT_NOT_FOUND',
      ],
      ['the transfer of an ended interaction', () => ({ ...under('f1'), transferFromId: ids.f1! }), 'TRANSFER_ENDED'],
      ['a new thread taking a CRM thread id another thread holds', () => ({ externalThreadId: 'CRM-X' }), 'THREAD_ID_TAKEN'],
      ['a policy version that is not the stored one', () => ({ ...under('a1'), policyVersion: null }), 'POLICY_CHANGED'],
    ])('refuses %s and writes nothing', async (_, breaking, verdict) => {
      const before = await snapshot(tenant);
      const row = await direct('create-interaction', create(breaking()));
      expect(row).toMatchObject({ verdict, interaction: null, thread: null });
      expect(await snapshot(tenant)).toEqual(before);
    });

    it('writes, with the same parameters otherwise, when no rule is broken', async () => {
      const before = await snapshot(tenant);
      const params = create({ ...under('a2'), requestedParentId: ids.a3! });
      const row = await direct('create-interaction', params);
      expect(row).toMatchObject({
        verdict: 'OK',
        interaction: { id: params.props.id, depth: 3, parentId: ids.a2, requestedParentId: ids.a3, threadId: threads.a },
        threadCreated: false,
      });
      expect((await snapshot(tenant)).length).toBeGreaterThan(before.length);
    });
  });

  describe('link-interaction', () => {
    const link = (child: string, parent: string, over: Partial<ParamsOf<'link-interaction'>> = {}) => ({
      policyVersion: 1,
      defaults: DEFAULTS,
      childId: ids[child]!,
      parentId: ids[parent]!,
      correctionId: randomUUID(),
      by: 'buggy-caller',
      note: null,
      ...over,
    });

    it.each<[string, () => ParamsOf<'link-interaction'>, string]>([
      ['an interaction under itself', () => link('a1', 'a1'), 'SELF'],
      ['a root under its own descendant (a cycle)', () => link('a1', 'a3'), 'CYCLE'],
      ['an interaction that has a parent under another (a second parent)', () => link('c2', 'g1'), 'ALREADY_PARENTED'],
      ['a subtree that would end up deeper than maxDepth', () => link('d1', 'a2'), 'MAX_DEPTH'],
      ['the same, with looser defaults passed in', () => link('d1', 'a2', { defaults: { ...DEFAULTS, maxDepth: 20 } }), 'MAX_DEPTH'],
      ['two threads that together exceed maxThreadSize', () => link('c1', 'b1'), 'THREAD_FULL'],
      ['a child of another tenant', () => link('o1', 'a1'), 'CHILD_NOT_FOUND'],
      ['a parent of another tenant', () => link('g1', 'o1'), 'PARENT_NOT_FOUND'],
      ['across channels, cross-channel off', () => link('e1', 'g1'), 'CROSS_CHANNEL'],
      ['two different CRM threads', () => link('y1', 'x1'), 'THREAD_ID_CONFLICT'],
      ['a policy version that is not the stored one', () => link('g1', 'c1', { policyVersion: 7 }), 'POLICY_CHANGED'],
    ])('refuses %s and writes nothing', async (_, params, verdict) => {
      const before = await snapshot(tenant);
      const row = await direct('link-interaction', params());
      expect(row).toMatchObject({ verdict, absorbedThreadId: null, threadReopened: false });
      expect(await snapshot(tenant)).toEqual(before);
    });

    it('writes nothing for a link that is already there', async () => {
      const before = await snapshot(tenant);
      expect(await direct('link-interaction', link('c2', 'c1'))).toMatchObject({ verdict: 'ALREADY_LINKED', interaction: { id: ids.c2 } });
      expect(await snapshot(tenant)).toEqual(before);
    });

    it('links, with the same parameters otherwise, when no rule is broken', async () => {
      const row = await direct('link-interaction', link('g1', 'c1'));
      expect(row).toMatchObject({
        verdict: 'OK',
        interaction: { id: ids.g1, depth: 2, parentId: ids.c1, requestedParentId: ids.c1, threadId: threads.c },
        absorbedThreadId: threads.g,
      });
    });
  });

  describe('end-interaction', () => {
    const end = (id: string, over: Partial<ParamsOf<'end-interaction'>> = {}): ParamsOf<'end-interaction'> => ({
      id,
      endedAt: new Date().toISOString(),
      talkSeconds: null,
      holdSeconds: null,
      afterCallWorkSeconds: null,
      policyVersion: 1,
      keyKind: 'EXTERNAL_ID',
      keyField: 'externalId',
      ...over,
    });

    it.each<[string, () => ParamsOf<'end-interaction'>, string]>([
      ['an interaction of another tenant', () => end(ids.o1!), 'NOT_FOUND'],
      ['an end before the start', () => end(ids.d2!, { endedAt: '2000-01-01T00:00:00Z' }), 'ENDS_BEFORE_START'],
      ['a policy version that is not the stored one', () => end(ids.d2!, { policyVersion: null }), 'POLICY_CHANGED'],
      ['an interaction that has ended', () => end(ids.f1!), 'ALREADY_ENDED'],
    ])('refuses %s and writes nothing', async (_, params, verdict) => {
      const before = await snapshot(tenant);
      expect(await direct('end-interaction', params())).toMatchObject({ verdict, threadClosed: false, completedIds: [] });
      expect(await snapshot(tenant)).toEqual(before);
    });
  });
});

/**
 * No write takes a lock shared by a whole tenant. A transaction that has run every write statement
 * for some customers and stays open must not hold up the same statements for other customers of
 * the tenant (which has no stored policy: looking one up used to lock the tenant's policy key).
 */
describe('locks held by one customer’s writes', () => {
  let app: App;
  beforeAll(async () => {
    app = await startTestApp();
  });
  afterAll(async () => {
    await app.stop();
  });

  it('never hold up another customer’s create, link or end in the same tenant', async () => {
    const db = app.db;
    const tenant = uniqueTenant('locks');
    const h = db.forTenant(tenant);
    const made = async (externalId: string) => (await createInteraction(h, { type: 'VOICE', externalId })).interaction.id;
    const [a1, a2, a3, b1, b2, b3] = [
      await made('A1'),
      await made('A2'),
      await made('A3'),
      await made('B1'),
      await made('B2'),
      await made('B3'),
    ];
    const defaults = { maxDepth: 5, maxThreadSize: 250, crossChannel: true };
    const writes = async (tx: TenantTx, customer: string, link: [string, string], ended: string) => {
      const id = randomUUID();
      const claim = await tx.one('claim-create', {
        claimKeys: [`key:${id}`],
        id,
        policyVersion: null,
        mode: 'KEY',
        parentId: null,
        externalThreadId: null,
        keyField: 'externalId',
        value: customer,
        keyLocks: [`EXTERNAL_ID:${customer}`],
        startedAt: new Date().toISOString(),
        horizon: '2000-01-01T00:00:00Z',
        scanLimit: 50,
        maxDepth: 5,
        crossChannel: true,
        type: 'VOICE',
      });
      expect(claim!.candidates).toEqual([]);
      const created = await tx.one('create-interaction', {
        policyVersion: null,
        defaults,
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
          externalId: customer,
          phoneNumber: null,
          email: null,
          subject: null,
          metadata: null,
          participants: '[]',
          payloadHash: 'h',
          stitchResult: '{}',
        },
        agentIds: [`agent-of-${customer}`],
        claimKeys: [`key:${id}`],
        hash: 'h',
        result: '{}',
        stitch: '{}',
      });
      expect(created!.verdict).toBe('OK');
      const linked = await tx.one('link-interaction', {
        policyVersion: null,
        defaults,
        childId: link[0],
        parentId: link[1],
        correctionId: randomUUID(),
        by: null,
        note: null,
      });
      expect(linked!.verdict).toBe('OK');
      const end = await tx.one('end-interaction', {
        id: ended,
        endedAt: new Date().toISOString(),
        talkSeconds: null,
        holdSeconds: null,
        afterCallWorkSeconds: null,
        policyVersion: null,
        keyKind: 'EXTERNAL_ID',
        keyField: 'externalId',
      });
      expect(end!.verdict).toBe('OK');
    };

    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    let holding!: () => void;
    const held = new Promise<void>((resolve) => (holding = resolve));
    const first = h.write(async (tx) => {
      await writes(tx, 'NEW-A', [a2, a1], a3);
      holding();
      await released;
    });
    await held;
    // The second runs with a time limit: had it waited for a lock of the first, the server would
    // end it with TransactionTimedOut, and this test would fail with it.
    const session = db.driver.session({ database: db.name });
    try {
      await session.executeWrite((tx) => writes(new TenantTx(tx, h), 'NEW-B', [b2, b1], b3), { timeout: 20_000 });
    } finally {
      release();
      await first;
      await session.close();
    }
  });
});
