import { App } from '../../src/app';
import { gql, startTestApp, tokenFor, uniqueTenant } from '../support/app';
import { Writer } from '../support/stitch';

/**
 * One customer journey written through the write API and read back the way an agent desktop
 * draws it: voice, transferred to chat, an email follow-up two days later, then everything ends.
 */
describe('a customer journey, written and read back', () => {
  let app: App;
  beforeAll(async () => {
    app = await startTestApp({ GRAPHQL_EXPOSE_QUERY_COUNT: 'true' });
  });
  afterAll(async () => {
    await app.stop();
  });

  const THREAD = `query($id: ID!) { thread(id: $id) {
    id status externalId closedAt startedAt endedAt depth size channels
    root { id }
    interactions { id type state depth stitchReason parent { id } handleTime { totalSeconds } }
    chronological: interactions(order: CHRONOLOGICAL) { id }
    edges { parentId childId reason }
    handleTime { totalSeconds spanSeconds byChannel { channel seconds interactions } }
    playback { ready segments { interactionId channel recordingUri transcriptUri } }
  } }`;

  it('shows the tree, the edges, the handle time once per interaction, and playback only once all has ended', async () => {
    const token = await tokenFor(uniqueTenant());
    const w = new Writer(app, token);
    const voice = await w.created({
      type: 'VOICE',
      externalId: 'CUST-J',
      startedAt: '2026-11-02T09:00:00Z',
      participants: [{ id: 'agent-ann', role: 'AGENT' }],
      metadata: { recordingUri: 's3://rec/voice.wav' },
    });
    const chat = (
      await w.transfer(voice.interaction.id, {
        type: 'WEB_CHAT',
        startedAt: '2026-11-02T09:10:00Z',
        metadata: { transcriptUri: 's3://tx/chat.json' },
      })
    ).data!.transferInteraction;
    await w.end(voice.interaction.id, { endedAt: '2026-11-02T09:11:00Z', talkSeconds: 540, holdSeconds: 60, afterCallWorkSeconds: 30 });
    await w.end(chat.interaction.id, { endedAt: '2026-11-02T09:40:00Z' });
    const email = await w.created({ type: 'EMAIL', externalId: 'CUST-J', startedAt: '2026-11-04T08:00:00+01:00' });
    expect(email.stitch).toMatchObject({ parentId: chat.interaction.id, reason: 'AUTO_STITCH' });

    const open = await gql(app, THREAD, { id: voice.thread.id }, token);
    expect(open.errors).toBeUndefined();
    expect(open.data!.thread).toMatchObject({ status: 'OPEN', endedAt: null, playback: { ready: false } });

    await w.end(email.interaction.id, { endedAt: '2026-11-04T07:30:00Z' });
    const res = await gql(app, THREAD, { id: voice.thread.id }, token);
    expect(res.errors).toBeUndefined();
    const t = res.data!.thread;
    expect(t).toMatchObject({
      status: 'CLOSED',
      externalId: 'CUST-J',
      closedAt: '2026-11-04T07:30:00.000Z',
      startedAt: '2026-11-02T09:00:00.000Z',
      endedAt: '2026-11-04T07:30:00.000Z',
      depth: 3,
      size: 3,
      root: { id: voice.interaction.id },
    });
    expect(t.interactions).toEqual([
      {
        id: voice.interaction.id,
        type: 'VOICE',
        state: 'COMPLETED',
        depth: 1,
        stitchReason: 'NEW_THREAD',
        parent: null,
        handleTime: { totalSeconds: 630 },
      },
      {
        id: chat.interaction.id,
        type: 'WEB_CHAT',
        state: 'COMPLETED',
        depth: 2,
        stitchReason: 'TRANSFER',
        parent: { id: voice.interaction.id },
        handleTime: { totalSeconds: 1800 },
      },
      {
        id: email.interaction.id,
        type: 'EMAIL',
        state: 'COMPLETED',
        depth: 3,
        stitchReason: 'AUTO_STITCH',
        parent: { id: chat.interaction.id },
        handleTime: { totalSeconds: 1800 },
      },
    ]);
    expect(t.edges).toEqual([
      { parentId: voice.interaction.id, childId: chat.interaction.id, reason: 'TRANSFER' },
      { parentId: chat.interaction.id, childId: email.interaction.id, reason: 'AUTO_STITCH' },
    ]);
    expect(t.handleTime.totalSeconds).toBe(630 + 1800 + 1800);
    expect(t.handleTime.spanSeconds).toBe((Date.parse('2026-11-04T07:30:00Z') - Date.parse('2026-11-02T09:00:00Z')) / 1000);
    expect(t.playback).toEqual({
      ready: true,
      segments: [
        { interactionId: voice.interaction.id, channel: 'VOICE', recordingUri: 's3://rec/voice.wav', transcriptUri: null },
        { interactionId: chat.interaction.id, channel: 'WEB_CHAT', recordingUri: null, transcriptUri: 's3://tx/chat.json' },
      ],
    });
    expect(res.extensions!.cypher).toMatchObject({ roundTrips: 1 });

    const agent = await gql(
      app,
      'query($r: [_Any!]!) { _entities(representations: $r) { ... on Agent { interactions { edges { node { id } } } } } }',
      { r: [{ __typename: 'Agent', id: 'agent-ann' }] },
      token,
    );
    expect(agent.data!._entities[0].interactions.edges).toEqual([{ node: { id: voice.interaction.id } }]);
  });
});
