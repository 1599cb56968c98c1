import { decodeClaim } from '../../src/importer/claim';

describe('decodeClaim: claim-batch positional rows back into records', () => {
  const started = Date.parse('2026-03-01T09:00:00.000Z');
  const ended = Date.parse('2026-03-01T09:07:30.250Z');

  it('puts members, threads, recent entries and existing interactions back, times as ISO strings', () => {
    const claim = decodeClaim({
      policy: null,
      keyed: [{ value: 'CUST-1', horizon: '2026-02-22T09:00:00.000Z', recent: [['i-1', 't-1', started, ended]] }],
      locked: ['t-1'],
      threads: [
        [
          't-1',
          'i-1',
          'CUST-1',
          null,
          null,
          'CLOSED',
          started,
          ended,
          ['VOICE'],
          [['i-1', 'VOICE', 'CUST-1', '+15551230000', null, 1, 't-1', started, ended, 'COMPLETED', 'NEW_THREAD', null, null]],
        ],
      ],
      holders: [],
      parents: [{ id: 'i-1', threadId: 't-1' }],
      ending: [],
      existing: [['i-2', 'hash', 't-1', null, null, null, null]],
    });
    expect(claim.keyed[0]!.recent).toEqual([
      { id: 'i-1', threadId: 't-1', startedAt: '2026-03-01T09:00:00.000Z', lastActivity: '2026-03-01T09:07:30.250Z' },
    ]);
    expect(claim.threads[0]!.thread).toMatchObject({
      id: 't-1',
      rootId: 'i-1',
      externalId: 'CUST-1',
      externalThreadId: null,
      continuesThreadId: null,
      status: 'CLOSED',
      startedAt: '2026-03-01T09:00:00.000Z',
      closedAt: '2026-03-01T09:07:30.250Z',
      channels: ['VOICE'],
    });
    expect(claim.threads[0]!.members).toEqual([
      {
        id: 'i-1',
        type: 'VOICE',
        externalId: 'CUST-1',
        phoneNumber: '+15551230000',
        email: null,
        depth: 1,
        threadId: 't-1',
        startedAt: '2026-03-01T09:00:00.000Z',
        endedAt: '2026-03-01T09:07:30.250Z',
        state: 'COMPLETED',
        stitchReason: 'NEW_THREAD',
        requestedParentId: null,
        parentId: null,
      },
    ]);
    expect(claim.existing).toEqual([
      { id: 'i-2', payloadHash: 'hash', threadId: 't-1', endedAt: null, talkSeconds: null, holdSeconds: null, afterCallWorkSeconds: null },
    ]);
    expect(claim.parents).toEqual([{ id: 'i-1', threadId: 't-1' }]);
  });

  it('reads a thread without channels as none', () => {
    const claim = decodeClaim({
      policy: null,
      keyed: [],
      locked: ['t-2'],
      threads: [['t-2', 'i-9', null, 'CRM-1', null, 'OPEN', started, null, null, []]],
      holders: [{ crm: 'CRM-1', threadId: 't-2' }],
      parents: [],
      ending: [],
      existing: [],
    });
    expect(claim.threads[0]!.thread.channels).toEqual([]);
    expect(claim.threads[0]!.thread.closedAt).toBeNull();
    expect(claim.holders).toEqual([{ crm: 'CRM-1', threadId: 't-2' }]);
  });
});
