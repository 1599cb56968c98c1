import { ClaimedCandidate, ClaimedCrmThread, ClaimedParent, RoomyInteraction } from '../../src/cypher';
import { RetryableConflict } from '../../src/errors';
import { InteractionRecord, ThreadRecord } from '../../src/model';
import { NewInteraction } from '../../src/stitching/normalize';
import { claimTargetOf, planAlone, planByKey, planInCrmThread, planUnderParent } from '../../src/stitching/plan';
import { DEFAULT_POLICY, StitchingPolicy } from '../../src/stitching/policy';

const policy = (p: Partial<StitchingPolicy> = {}): StitchingPolicy => ({ ...DEFAULT_POLICY, ...p });

const input = (over: Partial<NewInteraction> = {}): NewInteraction => ({
  id: 'new',
  clientChoseId: true,
  type: 'VOICE',
  externalId: null,
  parentId: null,
  externalThreadId: null,
  participants: [],
  metadata: null,
  subject: null,
  startedAt: '2026-11-10T12:00:00.000Z',
  phoneNumber: null,
  email: null,
  ...over,
});

const thread = (id = 't1'): ThreadRecord => ({
  id,
  tenant: 'x',
  externalId: 'CUST-1',
  externalThreadId: null,
  status: 'OPEN',
  rootId: 'r',
  startedAt: '2026-11-01T00:00:00.000Z',
  closedAt: null,
  channels: ['VOICE'],
});

const interaction = (id: string, depth: number, over: Partial<InteractionRecord> = {}): InteractionRecord => ({
  id,
  tenant: 'x',
  type: 'VOICE',
  externalId: 'CUST-1',
  phoneNumber: null,
  email: null,
  state: 'ACTIVE',
  startedAt: '2026-11-01T00:00:00.000Z',
  endedAt: null,
  talkSeconds: null,
  holdSeconds: null,
  afterCallWorkSeconds: null,
  subject: null,
  metadata: null,
  participants: '[]',
  depth,
  stitchReason: 'EXPLICIT',
  threadId: 't1',
  parentId: null,
  ...over,
});

const roomy = (id: string, depth: number): RoomyInteraction => ({ id, type: 'VOICE', depth, externalId: 'CUST-1', threadId: 't1' });

const claimed = (target: InteractionRecord | null, over: Partial<ClaimedParent> = {}): ClaimedParent => ({
  stable: true,
  target,
  roomy: target && target.depth < 5 ? roomy(target.id, target.depth) : roomy('a3', 3),
  thread: thread(),
  size: 4,
  ...over,
});

describe('what claim-create locks', () => {
  it('locks the named parent’s thread for an explicit parent or a transfer', () => {
    expect(claimTargetOf(input({ parentId: 'p' }), policy())).toMatchObject({ mode: 'PARENT', parentId: 'p' });
    expect(claimTargetOf(input(), policy(), 'from')).toMatchObject({ mode: 'PARENT', parentId: 'from' });
  });

  it('locks the CRM thread id, else the key the policy stitches on, else nothing', () => {
    expect(claimTargetOf(input({ externalThreadId: 'CRM-1', externalId: 'C' }), policy())).toMatchObject({ mode: 'CRM_THREAD' });
    expect(claimTargetOf(input({ externalId: 'C' }), policy()).key).toEqual({ kind: 'EXTERNAL_ID', value: 'C' });
    expect(claimTargetOf(input({ externalId: 'C', phoneNumber: '+1' }), policy({ key: 'PHONE_NUMBER' })).key).toEqual({
      kind: 'PHONE_NUMBER',
      value: '+1',
    });
    expect(claimTargetOf(input({ externalId: 'C' }), policy({ key: 'EMAIL' }))).toMatchObject({ mode: 'NONE', key: null });
  });
});

describe('an explicit parent or a transfer', () => {
  const inputWithParent = input({ parentId: 'a5' });

  it('attaches under the named parent while it has room, inheriting its externalId', () => {
    const plan = planUnderParent(claimed(interaction('a2', 2)), 'a2', input(), policy(), false);
    expect(plan).toMatchObject({
      parentId: 'a2',
      requestedParentId: 'a2',
      threadId: 't1',
      reason: 'EXPLICIT',
      warnings: [],
      externalId: 'CUST-1',
    });
  });

  it('at maxDepth, re-roots to the nearest ancestor with room, keeps the reason and names both in the warning', () => {
    const plan = planUnderParent(claimed(interaction('a5', 5), { roomy: roomy('a4', 4) }), 'a5', inputWithParent, policy(), true);
    expect(plan).toMatchObject({ parentId: 'a4', requestedParentId: 'a5', reason: 'TRANSFER' });
    expect(plan.warnings).toEqual([{ code: 'MAX_DEPTH_REACHED', message: expect.stringMatching(/"a5".*"a4"/) }]);
  });

  it('at maxDepth, refuses under atMaxDepth REFUSE, or when no ancestor has room', () => {
    const atMax = claimed(interaction('a5', 5), { roomy: roomy('a4', 4) });
    expect(() => planUnderParent(atMax, 'a5', inputWithParent, policy({ atMaxDepth: 'REFUSE' }), false)).toThrow(
      expect.objectContaining({ code: 'MAX_DEPTH_EXCEEDED' }),
    );
    expect(() => planUnderParent({ ...atMax, roomy: null }, 'a5', inputWithParent, policy(), true)).toThrow(
      expect.objectContaining({ code: 'MAX_DEPTH_EXCEEDED' }),
    );
  });

  it('starts a new thread continuing a full one, before any depth question', () => {
    const plan = planUnderParent(claimed(interaction('a5', 5), { size: 250 }), 'a5', inputWithParent, policy(), true);
    expect(plan).toMatchObject({ parentId: null, threadId: 't1', continuesThreadId: 't1', requestedParentId: 'a5', reason: 'NEW_THREAD' });
    expect(plan.warnings.map((w) => w.code)).toEqual(['THREAD_SIZE_LIMIT']);
  });

  it('refuses what is not there, what has ended, and another channel with cross-channel off', () => {
    expect(() => planUnderParent(null, 'gone', input(), policy(), false)).toThrow(expect.objectContaining({ code: 'PARENT_NOT_FOUND' }));
    expect(() => planUnderParent(claimed(null), 'gone', input(), policy(), true)).toThrow(
      expect.objectContaining({ code: 'INTERACTION_NOT_FOUND' }),
    );
    const ended = claimed(interaction('a2', 2, { endedAt: '2026-11-02T00:00:00.000Z' }));
    expect(() => planUnderParent(ended, 'a2', input(), policy(), true)).toThrow(expect.objectContaining({ code: 'INTERACTION_ENDED' }));
    expect(planUnderParent(ended, 'a2', input(), policy(), false).parentId).toBe('a2');
    const email = claimed(interaction('a2', 2, { type: 'EMAIL' }));
    expect(() => planUnderParent(email, 'a2', input(), policy({ crossChannel: false }), false)).toThrow(
      expect.objectContaining({ code: 'CROSS_CHANNEL_DISABLED' }),
    );
  });

  it('runs again when the parent moved while being locked', () => {
    expect(() => planUnderParent(claimed(interaction('a2', 2), { stable: false }), 'a2', input(), policy(), false)).toThrow(
      RetryableConflict,
    );
  });
});

describe('a CRM thread id', () => {
  const crm = input({ externalThreadId: 'CRM-1', externalId: 'C' });
  const found = (over: Partial<ClaimedCrmThread> = {}): ClaimedCrmThread => ({
    stable: true,
    thread: { ...thread(), externalThreadId: 'CRM-1' },
    size: 3,
    allowedChannel: 3,
    roomy: roomy('x3', 3),
    ...over,
  });

  it('starts a thread carrying it when there is none, and joins the most recent interaction with room when there is', () => {
    expect(planInCrmThread(found({ thread: null }), crm, policy())).toMatchObject({
      parentId: null,
      reason: 'THREAD_ID',
      externalThreadId: 'CRM-1',
    });
    expect(planInCrmThread(found(), crm, policy())).toMatchObject({
      parentId: 'x3',
      threadId: 't1',
      reason: 'THREAD_ID',
      externalThreadId: null,
    });
  });

  it('hands the id to a new thread that continues a full one', () => {
    const plan = planInCrmThread(found({ size: 3 }), crm, policy({ maxThreadSize: 3 }));
    expect(plan).toMatchObject({ parentId: null, externalThreadId: 'CRM-1', continuesThreadId: 't1', threadId: 't1' });
    expect(plan.warnings.map((w) => w.code)).toEqual(['THREAD_SIZE_LIMIT']);
  });

  it('refuses when nothing has room: CROSS_CHANNEL_DISABLED when no channel fits, else MAX_DEPTH_EXCEEDED', () => {
    expect(() => planInCrmThread(found({ roomy: null, allowedChannel: 0 }), crm, policy())).toThrow(
      expect.objectContaining({ code: 'CROSS_CHANNEL_DISABLED' }),
    );
    expect(() => planInCrmThread(found({ roomy: null }), crm, policy())).toThrow(expect.objectContaining({ code: 'MAX_DEPTH_EXCEEDED' }));
  });
});

describe('the customer’s key', () => {
  const key = { kind: 'EXTERNAL_ID' as const, value: 'CUST-1' };
  const byKey = input({ externalId: 'CUST-1' });
  const candidate = (id: string, depth: number, over: Partial<ClaimedCandidate> = {}): ClaimedCandidate => ({
    candidate: { id, type: 'VOICE', externalId: 'CUST-1', depth, threadId: 't1', lastActivity: '2026-11-10T11:00:00.000Z' },
    stable: true,
    threadSize: depth,
    threadContinues: null,
    threadCrmId: null,
    roomy: depth < 5 ? roomy(id, depth) : roomy('a4', 4),
    ...over,
  });

  it('attaches to the chosen candidate, or its nearest ancestor with room when it is at maxDepth', () => {
    expect(planByKey([candidate('a2', 2)], byKey, key, policy())).toMatchObject({ parentId: 'a2', reason: 'AUTO_STITCH', warnings: [] });
    const plan = planByKey([candidate('a5', 5)], byKey, key, policy());
    expect(plan).toMatchObject({ parentId: 'a4', threadId: 't1', reason: 'AUTO_STITCH' });
    expect(plan.warnings).toEqual([{ code: 'MAX_DEPTH_REACHED', message: expect.stringMatching(/"a5".*"a4"/) }]);
  });

  it('starts a new thread when no ancestor has room, or one continuing a full thread', () => {
    expect(planByKey([candidate('a5', 5, { roomy: null })], byKey, key, policy())).toMatchObject({ parentId: null, reason: 'NEW_THREAD' });
    const full = planByKey([candidate('a2', 2, { threadSize: 250 })], byKey, key, policy());
    expect(full).toMatchObject({ parentId: null, reason: 'NEW_THREAD', continuesThreadId: 't1' });
    expect(full.warnings.map((w) => w.code)).toEqual(['THREAD_SIZE_LIMIT']);
  });

  it('starts a new thread without candidates, and runs again when the chosen one moved', () => {
    expect(planByKey([], byKey, key, policy())).toMatchObject({ parentId: null, reason: 'NEW_THREAD', warnings: [] });
    expect(() => planByKey([candidate('a2', 2, { stable: false })], byKey, key, policy())).toThrow(RetryableConflict);
  });

  describe('when the chosen thread is full', () => {
    const full = policy({ maxThreadSize: 3 });
    const inThread = (id: string, threadId: string, lastActivity: string, over: Partial<ClaimedCandidate> = {}) =>
      candidate(id, 2, {
        candidate: { ...candidate(id, 2).candidate, threadId, lastActivity },
        roomy: { ...roomy(id, 2), threadId },
        ...over,
      });

    it('joins the thread that already continues it, even when the full thread was active more recently', () => {
      // A long call in the full thread ended after the continuation started: it is the latest activity.
      const longCall = inThread('long-call', 'T', '2026-11-10T11:30:00.000Z', { threadSize: 3, threadCrmId: 'CRM-1' });
      const first = inThread('n1', 'T2', '2026-11-10T11:00:00.000Z', { threadSize: 1, threadContinues: 'T' });
      const plan = planByKey([longCall, first], byKey, key, full);
      expect(plan).toMatchObject({ parentId: 'n1', threadId: 'T2', continuesThreadId: null, reason: 'AUTO_STITCH' });
      expect(plan.warnings.map((w) => w.code)).toEqual(['THREAD_SIZE_LIMIT']);
    });

    it('follows a chain of continuations to the last one, and continues that one when it is full too', () => {
      const t = inThread('a', 'T', '2026-11-10T11:30:00.000Z', { threadSize: 3 });
      const t2 = inThread('b', 'T2', '2026-11-10T10:00:00.000Z', { threadSize: 3, threadContinues: 'T', threadCrmId: 'CRM-1' });
      const t3 = inThread('c', 'T3', '2026-11-10T10:30:00.000Z', { threadSize: 3, threadContinues: 'T2', threadCrmId: 'CRM-1' });
      const plan = planByKey([t, t2, t3], byKey, key, full);
      expect(plan).toMatchObject({ parentId: null, threadId: 'T3', continuesThreadId: 'T3', externalThreadId: 'CRM-1' });
    });

    it('hands the full thread’s CRM thread id over to the thread that continues it', () => {
      const t = inThread('a', 'T', '2026-11-10T11:30:00.000Z', { threadSize: 3, threadCrmId: 'CRM-9' });
      expect(planByKey([t], byKey, key, full)).toMatchObject({ continuesThreadId: 'T', externalThreadId: 'CRM-9', reason: 'NEW_THREAD' });
    });
  });
});

describe('no parent, CRM thread or key', () => {
  it('is an orphan: refused unless the policy allows orphans', () => {
    expect(() => planAlone(input(), policy())).toThrow(expect.objectContaining({ code: 'ORPHAN_REJECTED' }));
    expect(planAlone(input(), policy({ rejectOrphans: false }))).toMatchObject({ parentId: null, reason: 'NEW_THREAD' });
  });
});
