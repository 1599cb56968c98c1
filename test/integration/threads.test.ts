import { App } from '../../src/app';
import { codes, gql, startTestApp, tokenFor, uniqueTenant } from '../support/app';
import { openTwoInteractionThread, T0, twelveInteractionThread, TWELVE_TREE_ORDER } from '../support/threadShapes';
import { at, seedThread } from '../support/threads';

const THREAD_FIELDS = `
  id externalId externalThreadId status depth size channels startedAt endedAt closedAt
  root { id }
  edges { parentId childId reason }
  handleTime { totalSeconds spanSeconds byChannel { channel seconds interactions } }
  playback { ready segments { interactionId channel recordingUri transcriptUri startedAt endedAt } }`;

describe('reading a thread', () => {
  let app: App;
  let token: string;
  const tenant = uniqueTenant();

  beforeAll(async () => {
    app = await startTestApp({ GRAPHQL_EXPOSE_QUERY_COUNT: 'true' });
    token = await tokenFor(tenant, 'interaction:read');
    await seedThread(app.db, tenant, twelveInteractionThread('', 'CUST-12'), { id: 'thread-12', externalThreadId: 'crm-thread-12' });
    await seedThread(app.db, tenant, openTwoInteractionThread('open-', 'CUST-OPEN'), { id: 'thread-open' });
  });
  afterAll(async () => {
    await app.stop();
  });

  const thread = async (id: string, fields: string) => {
    const res = await gql(app, `query($id: ID!) { thread(id: $id) { ${fields} } }`, { id }, token);
    expect(res.errors).toBeUndefined();
    return res.data!.thread;
  };

  it('lists every interaction once, depth-first with siblings by start time', async () => {
    const t = await thread('thread-12', 'interactions { id }');
    expect(t.interactions.map((i: { id: string }) => i.id)).toEqual(TWELVE_TREE_ORDER);
  });

  it('lists the interactions by start time when asked for CHRONOLOGICAL order', async () => {
    const t = await thread('thread-12', 'interactions(order: CHRONOLOGICAL) { id }');
    expect(t.interactions.map((i: { id: string }) => i.id)).toEqual([
      'call',
      'transfer',
      'survey',
      'transfer-2',
      'chat',
      'chat-bot',
      'chat-call',
      'callback',
      'chat-email',
      'email',
      'email-sms',
      'email-reply',
    ]);
  });

  it('describes a closed thread: edges, depth, size, channels, times and the CRM ids', async () => {
    const t = await thread('thread-12', THREAD_FIELDS);
    expect(t).toMatchObject({
      id: 'thread-12',
      externalId: 'CUST-12',
      externalThreadId: 'crm-thread-12',
      status: 'CLOSED',
      depth: 3,
      size: 12,
      startedAt: T0,
      endedAt: at(T0, 9030),
      closedAt: at(T0, 9030),
      root: { id: 'call' },
    });
    expect([...t.channels].sort()).toEqual(['EMAIL', 'SMS', 'VOICE', 'WEB_CHAT']);
    expect(t.edges).toHaveLength(11);
    expect(t.edges[0]).toEqual({ parentId: 'call', childId: 'transfer', reason: 'TRANSFER' });
    expect(t.edges).toContainEqual({ parentId: 'chat', childId: 'chat-bot', reason: 'EXPLICIT' });
    expect(t.edges.map((e: { childId: string }) => e.childId)).toEqual(TWELVE_TREE_ORDER.slice(1));
  });

  it('sums each interaction’s handle time once, per channel too, and spans first start to last end', async () => {
    const t = await thread('thread-12', THREAD_FIELDS);
    expect(t.handleTime).toEqual({
      totalSeconds: 2645,
      spanSeconds: 9030,
      byChannel: [
        { channel: 'VOICE', seconds: 1520, interactions: 5 },
        { channel: 'WEB_CHAT', seconds: 1000, interactions: 2 },
        { channel: 'EMAIL', seconds: 110, interactions: 3 },
        { channel: 'SMS', seconds: 15, interactions: 2 },
      ],
    });
  });

  it('builds a ready playback manifest from recording and transcript metadata, in TREE order', async () => {
    const t = await thread('thread-12', THREAD_FIELDS);
    expect(t.playback).toEqual({
      ready: true,
      segments: [
        {
          interactionId: 'call',
          channel: 'VOICE',
          recordingUri: 's3://rec/call.wav',
          transcriptUri: 's3://tr/call.json',
          startedAt: T0,
          endedAt: at(T0, 300),
        },
        {
          interactionId: 'transfer',
          channel: 'VOICE',
          recordingUri: 's3://rec/transfer.wav',
          transcriptUri: null,
          startedAt: at(T0, 300),
          endedAt: at(T0, 900),
        },
        {
          interactionId: 'chat',
          channel: 'WEB_CHAT',
          recordingUri: null,
          transcriptUri: 's3://tr/chat.json',
          startedAt: at(T0, 1800),
          endedAt: at(T0, 2700),
        },
      ],
    });
  });

  it('keeps an open thread unfinished: no end, playback not ready, the span running to now', async () => {
    const before = Date.now();
    const t = await thread('thread-open', THREAD_FIELDS);
    expect(t).toMatchObject({ status: 'OPEN', endedAt: null, closedAt: null, size: 2, depth: 2 });
    expect(t.playback.ready).toBe(false);
    expect(t.playback.segments.map((s: { interactionId: string }) => s.interactionId)).toEqual(['open-call']);
    expect(t.handleTime.totalSeconds).toBe(120);
    expect(t.handleTime.byChannel).toEqual([{ channel: 'VOICE', seconds: 120, interactions: 2 }]);
    expect(t.handleTime.spanSeconds).toBeGreaterThanOrEqual((before - Date.parse(T0)) / 1000);
  });

  it('gives each interaction its handle time, participants, metadata, parent, children and thread', async () => {
    const res = await gql(
      app,
      `{ interaction(id: "transfer") {
          id type externalId state startedAt endedAt subject metadata depth stitchReason
          handleTime { totalSeconds talkSeconds holdSeconds afterCallWorkSeconds }
          participants { id role state }
          parent { id subject } children { id } thread { id }
        } live: interaction(id: "open-live") { state endedAt handleTime { totalSeconds } } }`,
      {},
      token,
    );
    expect(res.errors).toBeUndefined();
    expect(res.data!.interaction).toEqual({
      id: 'transfer',
      type: 'VOICE',
      externalId: 'CUST-12',
      state: 'COMPLETED',
      startedAt: at(T0, 300),
      endedAt: at(T0, 900),
      subject: null,
      metadata: { recordingUri: 's3://rec/transfer.wav' },
      depth: 2,
      stitchReason: 'TRANSFER',
      handleTime: { totalSeconds: 500, talkSeconds: 500, holdSeconds: null, afterCallWorkSeconds: null },
      participants: [
        { id: 'agent-bob', role: 'AGENT', state: 'LEFT' },
        { id: 'CUST-12-person', role: 'CUSTOMER', state: null },
      ],
      parent: { id: 'call', subject: 'Broken router' },
      children: [{ id: 'survey' }, { id: 'transfer-2' }, { id: 'callback' }],
      thread: { id: 'thread-12' },
    });
    expect(res.data!.live).toEqual({ state: 'ACTIVE', endedAt: null, handleTime: null });
  });

  it('never shows another tenant’s thread', async () => {
    const res = await gql(
      app,
      '{ thread(id: "thread-12") { id interactions { id } } }',
      {},
      await tokenFor(uniqueTenant(), 'interaction:read'),
    );
    expect(res.errors).toBeUndefined();
    expect(res.data!.thread).toBeNull();
  });

  it('refuses a caller without interaction:read', async () => {
    const res = await gql(app, '{ thread(id: "thread-12") { id } }', {}, await tokenFor(tenant, 'interaction:write'));
    expect(codes(res)).toEqual(['FORBIDDEN']);
  });
});
