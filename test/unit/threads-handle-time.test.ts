import { InteractionRecord } from '../../src/model';
import { playbackOf, threadEndedAt, threadHandleTime } from '../../src/threads';

function interaction(
  id: string,
  type: InteractionRecord['type'],
  startedAt: string,
  endedAt: string | null,
  extra: Partial<InteractionRecord> = {},
): InteractionRecord {
  return {
    id,
    tenant: 't',
    type,
    externalId: null,
    phoneNumber: null,
    email: null,
    state: endedAt ? 'COMPLETED' : 'ACTIVE',
    startedAt,
    endedAt,
    talkSeconds: null,
    holdSeconds: null,
    afterCallWorkSeconds: null,
    subject: null,
    metadata: null,
    participants: null,
    depth: 1,
    stitchReason: 'NEW_THREAD',
    threadId: 'th',
    parentId: null,
    ...extra,
  };
}

const call = interaction('call', 'VOICE', '2026-01-01T10:00:00.000Z', '2026-01-01T10:10:00.000Z', {
  talkSeconds: 400,
  holdSeconds: 60,
  afterCallWorkSeconds: 40,
});
const transfer = interaction('transfer', 'VOICE', '2026-01-01T10:10:00.000Z', '2026-01-01T10:15:00.000Z');
const email = interaction('email', 'EMAIL', '2026-01-01T12:00:00.000Z', '2026-01-01T12:01:00.000Z', {
  metadata: JSON.stringify({ transcriptUri: 's3://e' }),
});

describe('a thread’s handle time', () => {
  it('adds each interaction’s own handle time once: agent time when known, else its duration', () => {
    expect(threadHandleTime([call, transfer, email], new Date()).totalSeconds).toBe(500 + 300 + 60);
  });

  it('splits the total by channel in the Channel enum’s order, counting interactions', () => {
    expect(threadHandleTime([email, call, transfer], new Date()).byChannel).toEqual([
      { channel: 'VOICE', seconds: 800, interactions: 2 },
      { channel: 'EMAIL', seconds: 60, interactions: 1 },
    ]);
  });

  it('spans from the first start to the last end once everything has ended', () => {
    expect(threadHandleTime([email, call, transfer], new Date()).spanSeconds).toBe(2 * 3600 + 60);
    expect(threadEndedAt([email, call, transfer])).toBe('2026-01-01T12:01:00.000Z');
  });

  it('runs the span to now while an interaction is live, which adds no handle time yet', () => {
    const live = interaction('live', 'WEB_CHAT', '2026-01-01T10:20:00.000Z', null);
    const now = new Date('2026-01-01T13:00:00.000Z');
    const ht = threadHandleTime([call, live], now);
    expect(ht.spanSeconds).toBe(3 * 3600);
    expect(ht.totalSeconds).toBe(500);
    expect(ht.byChannel).toContainEqual({ channel: 'WEB_CHAT', seconds: 0, interactions: 1 });
    expect(threadEndedAt([call, live])).toBeNull();
  });
});

describe('a thread’s playback manifest', () => {
  it('keeps the given order and only interactions with a recording or a transcript', () => {
    const withRecording = { ...call, metadata: JSON.stringify({ recordingUri: 's3://c', other: 1 }) };
    const playback = playbackOf([withRecording, transfer, email]);
    expect(playback.ready).toBe(true);
    expect(playback.segments.map((s) => [s.interactionId, s.recordingUri, s.transcriptUri])).toEqual([
      ['call', 's3://c', null],
      ['email', null, 's3://e'],
    ]);
  });

  it('is not ready while any interaction is live, even one without media', () => {
    expect(playbackOf([email, interaction('live', 'SMS', '2026-01-01T12:05:00.000Z', null)]).ready).toBe(false);
  });

  it('ignores metadata that is not an object or whose URIs are not strings', () => {
    const odd = [
      { ...call, metadata: 'not json' },
      { ...transfer, metadata: JSON.stringify({ recordingUri: 42 }) },
    ];
    expect(playbackOf(odd).segments).toEqual([]);
  });
});
