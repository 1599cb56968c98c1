import { randomUUID } from 'node:crypto';
import { BatchRow, BatchThread, WriteBatchParams } from '../../src/cypher';
import { Database } from '../../src/neo4j';
import { createInteraction, endInteraction, updatePolicy } from '../../src/stitching';
import { uniqueTenant } from '../support/app';
import { connectTestDb } from '../support/db';

// Imports of a few thousand records, on a 2-core machine shared with other suites.
jest.setTimeout(300_000);
/**
 * The import's batched write is the last word on the graph's rules, as the live statements are:
 * called directly through the registry, as a buggy import would, with rows that break a rule, it
 * refuses with the rule's verdict and writes nothing at all, not even the batch's valid rows.
 */
describe('import/write-batch, called directly', () => {
  let db: Database;
  let tenant: string;
  const ids: Record<string, string> = {};
  const threads: Record<string, string> = {};
  const DEFAULTS = { maxDepth: 5, maxThreadSize: 250, crossChannel: true };

  beforeAll(async () => {
    db = await connectTestDb();
    tenant = uniqueTenant('import-guarded');
    const h = () => db.forTenant(tenant);
    // maxDepth 3, maxThreadSize 4, cross-channel off: A a1 → a2 → a3; B b1 + 3 children (full); E e1 (EMAIL); F f1 (ended); X x1 (CRM-X).
    await updatePolicy(h(), { maxDepth: 3, maxThreadSize: 4, crossChannel: false });
    const make = async (name: string, extra: Record<string, unknown> = {}) => {
      const r = await createInteraction(h(), { id: `${name}-${randomUUID()}`, type: 'VOICE', externalId: name, ...extra } as never);
      ids[name] = r.interaction.id;
      threads[name[0]!] = r.thread.id;
    };
    await make('a1');
    await make('a2', { threading: { parentInteractionId: ids.a1 } });
    await make('a3', { threading: { parentInteractionId: ids.a2 } });
    await make('b1');
    for (const b of ['b2', 'b3', 'b4']) await make(b, { threading: { parentInteractionId: ids.b1 } });
    await make('e1', { type: 'EMAIL' });
    await make('f1');
    await endInteraction(h(), ids.f1!, {});
    await make('x1', { threading: { threadId: 'CRM-X' } });
  });
  afterAll(async () => {
    await db.close();
  });

  /**
   * Every node of the tenant with its outgoing edges; thread events without the sequencer's
   * bookkeeping (the PendingEvent label, sequence, sequencedAt), which any service running on the
   * shared database may add at any moment.
   */
  async function snapshot(): Promise<unknown[]> {
    return db.runRaw(
      `MATCH (n {tenant: $tenant})
       OPTIONAL MATCH (n)-[r]->(m)
       WITH n, r, m ORDER BY type(r), m.id
       WITH n, collect(CASE WHEN r IS NULL THEN null ELSE {type: type(r), props: properties(r), to: m.id} END) AS out
       RETURN [l IN labels(n) WHERE l <> 'PendingEvent'] AS labels,
              CASE WHEN n:ThreadEvent THEN n { .*, sequence: null, sequencedAt: null } ELSE properties(n) END AS props, out
       ORDER BY labels[0], coalesce(props.id, props.key, '')`,
      { tenant },
    );
  }

  function row(over: Partial<BatchRow> & { type?: string } = {}): BatchRow {
    const id = over.id ?? `new-${randomUUID()}`;
    const { type, ...rest } = over;
    return {
      id,
      props: {
        id,
        type: (type ?? 'VOICE') as never,
        externalId: 'Z',
        phoneNumber: null,
        email: null,
        subject: null,
        metadata: null,
        participants: '[]',
        payloadHash: 'h',
        stitchResult: '{}',
      },
      startedAt: '2026-11-21T10:00:00Z',
      endedAt: null,
      talkSeconds: null,
      holdSeconds: null,
      afterCallWorkSeconds: null,
      state: 'ACTIVE',
      depth: 1,
      threadId: 'none',
      threadIndex: -1,
      stitchReason: 'EXPLICIT',
      parentId: null,
      parentIndex: -1,
      requestedParentId: null,
      requestedIndex: -1,
      agentIds: ['agent-9'],
      ...rest,
    };
  }

  /** A new root with its thread, at `rowIndex` / `threadIndex`. */
  function root(
    rowIndex: number,
    threadIndex: number,
    over: Partial<BatchRow> = {},
    thread: Partial<BatchThread> = {},
  ): { row: BatchRow; thread: BatchThread } {
    const r = row({ threadIndex, stitchReason: 'NEW_THREAD', ...over });
    const t: BatchThread = {
      id: randomUUID(),
      rootId: r.id,
      rootIndex: rowIndex,
      externalId: 'Z',
      externalThreadId: null,
      continuesThreadId: null,
      startedAt: r.startedAt,
      channels: ['VOICE'],
      reopenedAt: null,
      ...thread,
    };
    r.threadId = t.id;
    return { row: r, thread: t };
  }

  const under = (name: string, over: Partial<BatchRow> & { type?: string } = {}) =>
    row({ parentId: ids[name]!, threadId: threads[name[0]!]!, depth: Number(name[1]) + 1, ...over });

  function batch(over: Partial<WriteBatchParams> = {}): WriteBatchParams {
    return { policyVersion: 1, defaults: DEFAULTS, rows: [], threads: [], updates: [], threadUpdates: [], ...over };
  }

  const write = (params: WriteBatchParams) => db.forTenant(tenant).write((tx) => tx.one('import/write-batch', params));

  /** A valid root and a valid child of a1 go with every bad row: they must not be written either. */
  function withGood(bad: Partial<WriteBatchParams>): WriteBatchParams {
    const good = root(0, 0);
    const rows = [good.row, under('a1'), ...(bad.rows ?? [])];
    return batch({ ...bad, rows, threads: [good.thread, ...(bad.threads ?? [])] });
  }

  it.each<[string, () => Partial<WriteBatchParams>, Record<string, unknown>]>([
    ['a policy version that is not the stored one', () => ({ policyVersion: null }), { verdict: 'POLICY_CHANGED' }],
    ['an id that exists', () => ({ rows: [under('a1', { id: ids.b2! })] }), { rows: [{ index: 2, verdict: 'ID_TAKEN' }] }],
    [
      'a parent that does not exist',
      () => ({ rows: [under('a1', { parentId: 'ghost' })] }),
      { rows: [{ index: 2, verdict: 'PARENT_NOT_FOUND' }] },
    ],
    [
      'a parent named by the index of a later row',
      () => ({ rows: [row({ parentId: 'later', parentIndex: 3, threadId: 't', depth: 2 }), row({ id: 'later' })] }),
      { rows: expect.arrayContaining([{ index: 2, verdict: 'PARENT_NOT_FOUND' }]) },
    ],
    [
      "a child outside its parent's thread",
      () => ({ rows: [under('a1', { threadId: threads.b! })] }),
      { rows: [{ index: 2, verdict: 'MOVED' }] },
    ],
    ["a depth that is not its parent's + 1", () => ({ rows: [under('a1', { depth: 3 })] }), { rows: [{ index: 2, verdict: 'BAD_DEPTH' }] }],
    ['a parent at maxDepth', () => ({ rows: [under('a3')] }), { rows: [{ index: 2, verdict: 'MAX_DEPTH' }] }],
    [
      'a parent at maxDepth, with looser defaults passed in',
      () => ({ rows: [under('a3')], defaults: { ...DEFAULTS, maxDepth: 20 } }),
      { rows: [{ index: 2, verdict: 'MAX_DEPTH' }] },
    ],
    [
      'a parent of another channel, cross-channel off',
      () => ({ rows: [under('e1', { type: 'VOICE' })] }),
      { rows: [{ index: 2, verdict: 'CROSS_CHANNEL' }] },
    ],
    [
      'a thread grown past maxThreadSize',
      () => ({ rows: [under('b1')] }),
      { fullThreads: [expect.objectContaining({ present: 4, added: 1 })] },
    ],
    [
      'a re-rooted child whose parent is not an ancestor of the one requested',
      () => ({ rows: [under('a1', { requestedParentId: ids.b2! })] }),
      { rows: [{ index: 2, verdict: 'NOT_ANCESTOR' }] },
    ],
    ['a root without its thread', () => ({ rows: [row({ threadId: randomUUID() })] }), { rows: [{ index: 2, verdict: 'ROOT' }] }],
    [
      'a live interaction said to be COMPLETED',
      () => ({ rows: [under('a1', { state: 'COMPLETED' })] }),
      { rows: [{ index: 2, verdict: 'LIFECYCLE' }] },
    ],
    [
      'an end before the start',
      () => ({ rows: [under('a1', { endedAt: '2026-11-21T09:00:00Z', state: 'COMPLETED' })] }),
      { rows: [{ index: 2, verdict: 'ENDS_BEFORE_START' }] },
    ],
    [
      'a new thread taking a CRM thread id another thread holds',
      () => {
        const r = root(2, 1, {}, { externalThreadId: 'CRM-X' });
        return { rows: [r.row], threads: [r.thread] };
      },
      { threads: [{ index: 1, verdict: 'THREAD_ID_TAKEN' }] },
    ],
    [
      'a CRM thread id handed over without a thread continuing the holder',
      () => ({
        threadUpdates: [
          { id: threads.x!, channels: ['VOICE'], startedAt: '2026-11-21T10:00:00Z', reopenedAt: null, dropExternalThreadId: true },
        ],
      }),
      { threadUpdates: [{ index: 0, verdict: 'THREAD_ID_TAKEN' }] },
    ],
    [
      'the end of an interaction that has ended',
      () => ({
        updates: [
          {
            id: ids.f1!,
            endedAt: '2026-11-21T11:00:00Z',
            talkSeconds: null,
            holdSeconds: null,
            afterCallWorkSeconds: null,
            state: 'COMPLETED',
          },
        ],
      }),
      { updates: [{ index: 0, verdict: 'ALREADY_ENDED' }] },
    ],
    [
      'the end of an interaction that does not exist',
      () => ({
        updates: [
          {
            id: 'ghost',
            endedAt: '2026-11-21T11:00:00Z',
            talkSeconds: null,
            holdSeconds: null,
            afterCallWorkSeconds: null,
            state: 'COMPLETED',
          },
        ],
      }),
      { updates: [{ index: 0, verdict: 'NOT_FOUND' }] },
    ],
    ['the same id twice', () => ({ rows: [under('a1', { id: 'twice' }), under('a2', { id: 'twice' })] }), { distinctIds: false }],
  ])('refuses %s and writes nothing', async (_, breaking, expected) => {
    const before = await snapshot();
    const result = await write(withGood(breaking()));
    expect(result).toMatchObject({ ...expected, verdict: expected.verdict ?? 'REFUSED' });
    expect(await snapshot()).toEqual(before);
  });

  it('writes the same batch without the bad row, and closes a thread exactly when all its interactions have ended', async () => {
    const ended = root(0, 0, { endedAt: '2026-11-21T10:05:00Z', state: 'COMPLETED' });
    const live = root(1, 1);
    const child = under('a1', { requestedParentId: ids.a1!, endedAt: '2026-11-21T10:01:00Z', state: 'COMPLETED' });
    const result = await write(batch({ rows: [ended.row, live.row, child], threads: [ended.thread, live.thread], threadUpdates: [] }));
    expect(result).toMatchObject({ verdict: 'OK', rows: [], fullThreads: [] });
    const rows = await db.runRaw(
      'MATCH (t:Thread {tenant: $tenant}) WHERE t.id IN $ids RETURN t.id AS id, t.status AS status, toString(t.closedAt) AS closedAt ORDER BY t.status',
      { tenant, ids: [ended.thread.id, live.thread.id] },
    );
    expect(rows).toEqual([
      { id: ended.thread.id, status: 'CLOSED', closedAt: '2026-11-21T10:05:00Z' },
      { id: live.thread.id, status: 'OPEN', closedAt: null },
    ]);
    const [edge] = await db.runRaw(
      'MATCH (p {tenant: $tenant})-[e:PARENT_OF]->(c {id: $id}) RETURN p.id AS parent, e.requestedParentId AS requested, c.depth AS depth',
      {
        tenant,
        id: child.id,
      },
    );
    expect(edge).toEqual({ parent: ids.a1, requested: ids.a1, depth: 2 });
  });
});
