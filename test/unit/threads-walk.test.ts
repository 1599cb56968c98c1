import { InteractionRecord, ThreadRecord } from '../../src/model';
import { assembleWalk, chronologicalOrder } from '../../src/threads';

function interaction(id: string, parentId: string | null, startedAt: string, extra: Partial<InteractionRecord> = {}): InteractionRecord {
  return {
    id,
    tenant: 't',
    type: 'VOICE',
    externalId: null,
    phoneNumber: null,
    email: null,
    state: 'COMPLETED',
    startedAt,
    endedAt: null,
    talkSeconds: null,
    holdSeconds: null,
    afterCallWorkSeconds: null,
    subject: null,
    metadata: null,
    participants: null,
    depth: parentId ? 2 : 1,
    stitchReason: parentId ? 'AUTO_STITCH' : 'NEW_THREAD',
    threadId: 'th',
    parentId,
    ...extra,
  };
}

const thread: ThreadRecord = {
  id: 'th',
  tenant: 't',
  externalId: null,
  externalThreadId: null,
  status: 'OPEN',
  rootId: 'r',
  startedAt: '2026-01-01T00:00:00.000Z',
  closedAt: null,
  channels: ['VOICE'],
};

describe('assembling a walked thread', () => {
  // Rows arrive in whatever order the database found them.
  const rows = [
    interaction('b2', 'b', '2026-01-01T00:09:00.000Z'),
    interaction('b', 'r', '2026-01-01T00:05:00.000Z'),
    interaction('a', 'r', '2026-01-01T00:01:00.000Z'),
    interaction('b1', 'b', '2026-01-01T00:06:00.000Z'),
    interaction('r', null, '2026-01-01T00:00:00.000Z'),
    interaction('a1', 'a', '2026-01-01T00:20:00.000Z'),
  ];
  const edges = rows.filter((i) => i.parentId).map((i) => ({ parentId: i.parentId!, childId: i.id, reason: i.stitchReason }));

  it('orders the tree depth-first: a parent before its children, siblings by start', () => {
    expect(assembleWalk(thread, rows, edges).tree.map((i) => i.id)).toEqual(['r', 'a', 'a1', 'b', 'b1', 'b2']);
  });

  it('orders chronologically by start, whatever the tree', () => {
    expect(chronologicalOrder(rows).map((i) => i.id)).toEqual(['r', 'a', 'b', 'b1', 'b2', 'a1']);
  });

  it('breaks a tie in start time by id, so the order is the same on every read', () => {
    const tied = [
      interaction('r', null, '2026-01-01T00:00:00.000Z'),
      interaction('y', 'r', '2026-01-01T00:01:00.000Z'),
      interaction('x', 'r', '2026-01-01T00:01:00.000Z'),
    ];
    expect(assembleWalk(thread, tied, []).tree.map((i) => i.id)).toEqual(['r', 'x', 'y']);
  });

  it('lists the edges in tree order and gives every interaction, leaves too, its children', () => {
    const walk = assembleWalk(thread, rows, edges);
    expect(walk.edges.map((e) => `${e.parentId}->${e.childId}`)).toEqual(['r->a', 'a->a1', 'r->b', 'b->b1', 'b->b2']);
    expect(walk.childrenOf.get('b')!.map((i) => i.id)).toEqual(['b1', 'b2']);
    expect(walk.childrenOf.get('a1')).toEqual([]);
    expect(walk.root?.id).toBe('r');
  });

  it('lists each interaction once even if the database repeats a row, and stops on a corrupt cycle', () => {
    const cyclic = [
      interaction('r', 'c', '2026-01-01T00:00:00.000Z'),
      interaction('c', 'r', '2026-01-01T00:01:00.000Z'),
      interaction('c', 'r', '2026-01-01T00:01:00.000Z'),
    ];
    expect(assembleWalk(thread, cyclic, []).tree.map((i) => i.id)).toEqual(['r', 'c']);
  });
});
