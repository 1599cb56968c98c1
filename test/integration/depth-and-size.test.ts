import { randomUUID } from 'node:crypto';
import { App } from '../../src/app';
import { createInteraction } from '../../src/stitching';
import { codes, gql, GqlResponse, startTestApp, tokenFor, uniqueTenant } from '../support/app';

const RESULT = `
  interaction { id depth state stitchReason requestedParentId externalId parent { id } thread { id } }
  thread { id status externalThreadId continuesThreadId }
  stitch { parentId requestedParentId reason warnings { code message } }`;

/** A client of one tenant with its own policy, over GraphQL. */
class Client {
  constructor(
    readonly app: App,
    readonly tenant: string,
    readonly token: string,
  ) {}

  static async of(app: App, policy: Record<string, unknown>): Promise<Client> {
    const tenant = uniqueTenant();
    const client = new Client(app, tenant, await tokenFor(tenant));
    const res = await client.gql('mutation($p: StitchingPolicyInput!) { updateStitchingPolicy(input: $p) { maxDepth } }', { p: policy });
    expect(res.errors).toBeUndefined();
    return client;
  }

  gql(query: string, variables: Record<string, unknown> = {}): Promise<GqlResponse> {
    return gql(this.app, query, variables, this.token);
  }

  async ok<T = Record<string, any>>(query: string, variables: Record<string, unknown> = {}): Promise<T> {
    const res = await this.gql(query, variables);
    if (res.errors) throw new Error(JSON.stringify(res.errors));
    return res.data as T;
  }

  async create(input: Record<string, unknown>): Promise<Record<string, any>> {
    const data = await this.ok(`mutation($i: CreateInteractionInput!) { createInteraction(input: $i) { ${RESULT} } }`, { i: input });
    return data.createInteraction;
  }

  async transfer(id: string, to: Record<string, unknown> = { type: 'WEB_CHAT' }): Promise<Record<string, any>> {
    const data = await this.ok(`mutation($id: ID!, $to: TransferInput!) { transferInteraction(id: $id, to: $to) { ${RESULT} } }`, {
      id,
      to,
    });
    return data.transferInteraction;
  }

  async end(id: string): Promise<Record<string, any>> {
    return (await this.ok('mutation($id: ID!) { endInteraction(id: $id) { id state thread { id status } } }', { id })).endInteraction;
  }

  async interaction(id: string): Promise<Record<string, any>> {
    return (await this.ok('query($id: ID!) { interaction(id: $id) { id state depth requestedParentId parent { id } } }', { id }))
      .interaction;
  }

  /** A chain of explicit children under a new root of `externalId`: ids[0] at depth 1, ids[n-1] at depth n. */
  async chain(externalId: string, length: number): Promise<string[]> {
    const ids = [(await this.create({ type: 'VOICE', externalId })).interaction.id as string];
    while (ids.length < length) {
      ids.push((await this.create({ type: 'VOICE', threading: { parentInteractionId: ids[ids.length - 1] } })).interaction.id);
    }
    return ids;
  }
}

describe('maxDepth: re-rooting a transfer or an explicit parent', () => {
  let app: App;
  beforeAll(async () => {
    app = await startTestApp();
  });
  afterAll(async () => {
    await app.stop();
  });

  it('attaches a transfer from an interaction at maxDepth to its nearest ancestor with room (not the root), keeping TRANSFER', async () => {
    const c = await Client.of(app, { maxDepth: 4 });
    const [, , a3, a4] = await c.chain('CUST-1', 4);
    const leg = await c.transfer(a4!);
    expect(leg.stitch).toEqual({
      parentId: a3,
      requestedParentId: a4,
      reason: 'TRANSFER',
      warnings: [{ code: 'MAX_DEPTH_REACHED', message: expect.stringMatching(new RegExp(`"${a4}".*"${a3}"`)) }],
    });
    expect(leg.interaction).toMatchObject({
      depth: 4,
      stitchReason: 'TRANSFER',
      requestedParentId: a4,
      parent: { id: a3 },
      externalId: 'CUST-1',
    });
    // The interaction transferred is the one marked TRANSFERRED; the desktop can still say "transferred from".
    expect(await c.interaction(a4!)).toMatchObject({ state: 'TRANSFERRED' });
    const [edge] = await app.db.runRaw(
      'MATCH (p:Interaction {tenant: $tenant})-[e:PARENT_OF]->(:Interaction {tenant: $tenant, id: $id}) RETURN p.id AS parent, e.requestedParentId AS requested, e.reason AS reason',
      { tenant: c.tenant, id: leg.interaction.id },
    );
    expect(edge).toEqual({ parent: a3, requested: a4, reason: 'TRANSFER' });
  });

  it('attaches an explicit child of an interaction at maxDepth to its nearest ancestor with room, keeping EXPLICIT', async () => {
    const c = await Client.of(app, { maxDepth: 3 });
    const [, a2, a3] = await c.chain('CUST-1', 3);
    const child = await c.create({ type: 'SMS', threading: { parentInteractionId: a3 } });
    expect(child.stitch).toMatchObject({ parentId: a2, requestedParentId: a3, reason: 'EXPLICIT' });
    expect(child.stitch.warnings.map((w: { code: string }) => w.code)).toEqual(['MAX_DEPTH_REACHED']);
    expect(child.interaction).toMatchObject({ depth: 3, parent: { id: a2 }, requestedParentId: a3 });
  });

  it('refuses instead with MAX_DEPTH_EXCEEDED when the policy says atMaxDepth REFUSE, and writes nothing', async () => {
    const c = await Client.of(app, { maxDepth: 3, atMaxDepth: 'REFUSE' });
    const [, , a3] = await c.chain('CUST-1', 3);
    const id = randomUUID();
    const res = await c.gql('mutation($id: ID!, $to: TransferInput!) { transferInteraction(id: $id, to: $to) { interaction { id } } }', {
      id: a3,
      to: { type: 'WEB_CHAT', id },
    });
    expect(codes(res)).toEqual(['MAX_DEPTH_EXCEEDED']);
    expect((await c.ok('query($id: ID!) { interaction(id: $id) { id } }', { id })).interaction).toBeNull();
    expect(await c.interaction(a3!)).toMatchObject({ state: 'ACTIVE' });
  });

  it('still refuses to link a subtree that would end up past maxDepth', async () => {
    const c = await Client.of(app, { maxDepth: 3 });
    const [, a2] = await c.chain('CUST-A', 2);
    const [x1] = await c.chain('CUST-X', 2);
    const res = await c.gql('mutation($c: ID!, $p: ID!) { linkInteraction(childId: $c, parentId: $p) { id } }', { c: x1, p: a2 });
    expect(codes(res)).toEqual(['MAX_DEPTH_EXCEEDED']);
  });

  it('keeps the transferred interaction pending, not COMPLETED, while the leg it was transferred to is live', async () => {
    const c = await Client.of(app, { maxDepth: 3 });
    const [a1, a2, a3] = await c.chain('CUST-1', 3);
    const leg = (await c.transfer(a3!)).interaction.id;
    for (const id of [a3!, a2!, a1!]) expect((await c.end(id)).thread.status).toBe('OPEN');
    // a3 has no live descendant of its own, but its customer is still on the line in the leg.
    expect(await c.interaction(a3!)).toMatchObject({ state: 'TRANSFERRED' });
    expect(await c.interaction(a1!)).toMatchObject({ state: 'HOLD' });
    const last = await c.end(leg);
    expect(last).toMatchObject({ state: 'COMPLETED', thread: { status: 'CLOSED' } });
    for (const id of [a1!, a2!, a3!]) expect(await c.interaction(id)).toMatchObject({ state: 'COMPLETED' });
  });
});

describe('maxThreadSize: the runaway guard', () => {
  let app: App;
  beforeAll(async () => {
    app = await startTestApp();
  });
  afterAll(async () => {
    await app.stop();
  });

  const sizeOf = async (c: Client, threadId: string) =>
    (await c.ok<{ thread: { size: number } }>('query($id: ID!) { thread(id: $id) { size } }', { id: threadId })).thread.size;

  it('starts a new thread that continues a full one, and the customer’s next contacts join the new one', async () => {
    const c = await Client.of(app, { maxThreadSize: 3 });
    const first = await c.create({ type: 'VOICE', externalId: 'CUST-LOOP', startedAt: '2026-10-01T10:00:00Z' });
    for (const hour of [11, 12]) await c.create({ type: 'VOICE', externalId: 'CUST-LOOP', startedAt: `2026-10-01T${hour}:00:00Z` });
    const fourth = await c.create({ type: 'VOICE', externalId: 'CUST-LOOP', startedAt: '2026-10-01T13:00:00Z' });
    expect(fourth.stitch).toEqual({
      parentId: null,
      requestedParentId: null,
      reason: 'NEW_THREAD',
      warnings: [{ code: 'THREAD_SIZE_LIMIT', message: expect.stringContaining(first.thread.id) }],
    });
    expect(fourth.thread).toMatchObject({ continuesThreadId: first.thread.id });
    expect(fourth.interaction.depth).toBe(1);
    const fifth = await c.create({ type: 'VOICE', externalId: 'CUST-LOOP', startedAt: '2026-10-01T14:00:00Z' });
    expect(fifth.stitch).toMatchObject({ parentId: fourth.interaction.id, reason: 'AUTO_STITCH' });
    expect(await sizeOf(c, first.thread.id)).toBe(3);
    const read = await c.ok('query($id: ID!) { thread(id: $id) { continuesThreadId size } }', { id: fourth.thread.id });
    expect(read.thread).toEqual({ continuesThreadId: first.thread.id, size: 2 });
  });

  it('joins the thread that already continues a full one, even after a long call in the full one ends later', async () => {
    const c = await Client.of(app, { maxThreadSize: 2 });
    const first = await c.create({ type: 'VOICE', externalId: 'CUST-LONG', startedAt: '2026-10-01T10:00:00Z' });
    await c.end(first.interaction.id);
    const longCall = await c.create({ type: 'VOICE', externalId: 'CUST-LONG', startedAt: '2026-10-01T10:10:00Z' });
    const n1 = await c.create({ type: 'WEB_CHAT', externalId: 'CUST-LONG', startedAt: '2026-10-01T10:20:00Z' });
    expect(n1.thread.continuesThreadId).toBe(first.thread.id);
    // The long call ends after the chat started: it is now the customer's latest activity, in the full thread.
    await c.ok('mutation($id: ID!) { endInteraction(id: $id, input: { endedAt: "2026-10-01T11:00:00Z" }) { id } }', {
      id: longCall.interaction.id,
    });
    const n2 = await c.create({ type: 'EMAIL', externalId: 'CUST-LONG', startedAt: '2026-10-01T11:30:00Z' });
    expect(n2.thread.id).toBe(n1.thread.id);
    expect(n2.stitch).toMatchObject({ parentId: n1.interaction.id, reason: 'AUTO_STITCH' });
    const continuations = await app.db.runRaw('MATCH (t:Thread {tenant: $tenant, continuesThreadId: $id}) RETURN count(t) AS n', {
      tenant: c.tenant,
      id: first.thread.id,
    });
    expect(continuations).toEqual([{ n: 1 }]);
  });

  it('hands a full thread’s CRM thread id to a continuation started by the customer’s key', async () => {
    const c = await Client.of(app, { maxThreadSize: 2 });
    const x1 = await c.create({ type: 'EMAIL', externalId: 'C2', threading: { threadId: 'CRM-KEYED' }, startedAt: '2026-10-02T10:00:00Z' });
    await c.create({ type: 'EMAIL', externalId: 'C2', startedAt: '2026-10-02T10:10:00Z' });
    const byKey = await c.create({ type: 'EMAIL', externalId: 'C2', startedAt: '2026-10-02T10:20:00Z' });
    expect(byKey.thread).toMatchObject({ continuesThreadId: x1.thread.id, externalThreadId: 'CRM-KEYED' });
    const byCrm = await c.create({
      type: 'EMAIL',
      externalId: 'C2',
      threading: { threadId: 'CRM-KEYED' },
      startedAt: '2026-10-02T10:30:00Z',
    });
    expect(byCrm.thread.id).toBe(byKey.thread.id);
  });

  it('starts a new thread for a transfer into a full thread, and still marks the transferred interaction', async () => {
    const c = await Client.of(app, { maxThreadSize: 2 });
    const [a1, a2] = await c.chain('CUST-1', 2);
    const leg = await c.transfer(a2!);
    expect(leg.stitch).toMatchObject({ parentId: null, requestedParentId: a2, reason: 'NEW_THREAD' });
    expect(leg.stitch.warnings.map((w: { code: string }) => w.code)).toEqual(['THREAD_SIZE_LIMIT']);
    expect(leg.interaction).toMatchObject({ depth: 1, requestedParentId: a2, externalId: 'CUST-1' });
    expect(leg.thread.continuesThreadId).toBe(
      (await c.ok('query($id: ID!) { interaction(id: $id) { thread { id } } }', { id: a1 })).interaction.thread.id,
    );
    expect(await c.interaction(a2!)).toMatchObject({ state: 'TRANSFERRED' });
  });

  it('makes one leg for a transfer retried with the same idempotency key', async () => {
    const c = await Client.of(app, {});
    const [, a2] = await c.chain('CUST-RETRY', 2);
    const send = () =>
      c.ok(
        'mutation($id: ID!, $to: TransferInput!, $k: String) { transferInteraction(id: $id, to: $to, idempotencyKey: $k) { interaction { id } replayed } }',
        {
          id: a2,
          to: { type: 'WEB_CHAT' },
          k: 'transfer-evt-1',
        },
      );
    const [first, again] = await Promise.all([send(), send()]);
    expect(first.transferInteraction.interaction.id).toBe(again.transferInteraction.interaction.id);
    expect([first.transferInteraction.replayed, again.transferInteraction.replayed].sort()).toEqual([false, true]);
    const legs = await app.db.runRaw('MATCH (:Interaction {tenant: $tenant, id: $id})-[:PARENT_OF]->(l) RETURN count(l) AS n', {
      tenant: c.tenant,
      id: a2,
    });
    expect(legs).toEqual([{ n: 1 }]);
  });

  it('hands a full CRM thread’s id over to the thread that continues it', async () => {
    const c = await Client.of(app, { maxThreadSize: 2 });
    const crm = { threadId: 'CRM-FULL' };
    const x1 = await c.create({ type: 'EMAIL', externalId: 'C1', threading: crm });
    await c.create({ type: 'EMAIL', externalId: 'C1', threading: crm });
    const x3 = await c.create({ type: 'EMAIL', externalId: 'C1', threading: crm });
    expect(x3.stitch).toMatchObject({ parentId: null, reason: 'THREAD_ID' });
    expect(x3.stitch.warnings.map((w: { code: string }) => w.code)).toEqual(['THREAD_SIZE_LIMIT']);
    expect(x3.thread).toMatchObject({ externalThreadId: 'CRM-FULL', continuesThreadId: x1.thread.id });
    const x4 = await c.create({ type: 'EMAIL', externalId: 'C1', threading: crm });
    expect(x4.stitch).toMatchObject({ parentId: x3.interaction.id, reason: 'THREAD_ID' });
    const old = await c.ok('query($id: ID!) { thread(id: $id) { externalThreadId size } }', { id: x1.thread.id });
    expect(old.thread).toEqual({ externalThreadId: null, size: 2 });
  });

  it('refuses a link that would make one thread larger with THREAD_SIZE_EXCEEDED', async () => {
    const c = await Client.of(app, { maxThreadSize: 3 });
    const [a1] = await c.chain('CUST-A', 2);
    const [x1] = await c.chain('CUST-X', 2);
    const res = await c.gql('mutation($c: ID!, $p: ID!) { linkInteraction(childId: $c, parentId: $p) { id } }', { c: x1, p: a1 });
    expect(codes(res)).toEqual(['THREAD_SIZE_EXCEEDED']);
  });

  it('lets exactly maxThreadSize interactions into a thread when many arrive at once, and loses none', async () => {
    const c = await Client.of(app, { maxThreadSize: 5 });
    const root = await c.create({ type: 'VOICE', externalId: 'CUST-BURST' });
    const h = app.db.forTenant(c.tenant);
    const burst = await Promise.all(
      Array.from({ length: 12 }, () => createInteraction(h, { type: 'VOICE', threading: { parentInteractionId: root.interaction.id } })),
    );
    expect(burst.filter((r) => r.thread.id === root.thread.id)).toHaveLength(4);
    const continued = burst.filter((r) => r.thread.id !== root.thread.id);
    expect(continued).toHaveLength(8);
    for (const r of continued) expect(r.thread.continuesThreadId).toBe(root.thread.id);
    expect(await sizeOf(c, root.thread.id)).toBe(5);
  });
});
