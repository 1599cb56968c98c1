import { at, SeedNode } from './threads';

export const T0 = '2026-03-02T09:00:00.000Z';

/**
 * A 3-level thread of 12 interactions across four channels, every one ended: a call transferred
 * twice, a chat and an email follow-up, each with follow-ups of its own. Siblings are listed out
 * of start order on purpose, so a test can tell a sorted tree from the order of insertion.
 */
export function twelveInteractionThread(prefix: string, externalId: string, base = T0): SeedNode {
  const agent = (id: string) => [
    { id, role: 'AGENT', state: 'LEFT' },
    { id: `${externalId}-person`, role: 'CUSTOMER' },
  ];
  const ended = (id: string, type: string, start: number, seconds: number, extra: Partial<SeedNode> = {}): SeedNode => ({
    id: `${prefix}${id}`,
    type,
    startedAt: at(base, start),
    endedAt: at(base, start + seconds),
    ...extra,
  });
  return ended('call', 'VOICE', 0, 300, {
    externalId,
    talkSeconds: 240,
    holdSeconds: 30,
    afterCallWorkSeconds: 30,
    participants: agent('agent-ann'),
    metadata: { subject: 'Broken router', recordingUri: 's3://rec/call.wav', transcriptUri: 's3://tr/call.json' },
    children: [
      ended('email', 'EMAIL', 7200, 60, {
        reason: 'AUTO_STITCH',
        children: [ended('email-reply', 'EMAIL', 9000, 30), ended('email-sms', 'SMS', 8000, 10)],
      }),
      ended('transfer', 'VOICE', 300, 600, {
        reason: 'TRANSFER',
        talkSeconds: 500,
        participants: agent('agent-bob'),
        metadata: { recordingUri: 's3://rec/transfer.wav' },
        children: [
          ended('transfer-2', 'VOICE', 1000, 120, { reason: 'TRANSFER', participants: agent('agent-cid') }),
          ended('survey', 'SMS', 960, 5, { reason: 'AUTO_STITCH' }),
          ended('callback', 'VOICE', 3600, 200, { reason: 'EXPLICIT', participants: agent('agent-ann') }),
        ],
      }),
      ended('chat', 'WEB_CHAT', 1800, 900, {
        reason: 'GRACE_PERIOD',
        metadata: { transcriptUri: 's3://tr/chat.json' },
        children: [
          ended('chat-bot', 'WEB_CHAT', 1900, 100, { reason: 'EXPLICIT' }),
          ended('chat-email', 'EMAIL', 5000, 20, { reason: 'AUTO_STITCH' }),
          ended('chat-call', 'VOICE', 2800, 400, { reason: 'AUTO_STITCH', participants: agent('agent-bob') }),
        ],
      }),
    ],
  });
}

/** The ids of twelveInteractionThread in TREE order: depth-first, siblings by start. */
export const TWELVE_TREE_ORDER = [
  'call',
  'transfer',
  'survey',
  'transfer-2',
  'callback',
  'chat',
  'chat-bot',
  'chat-call',
  'chat-email',
  'email',
  'email-sms',
  'email-reply',
];

/** A call and its live transfer: the thread is still open. */
export function openTwoInteractionThread(prefix: string, externalId: string, base = T0): SeedNode {
  return {
    id: `${prefix}call`,
    type: 'VOICE',
    externalId,
    startedAt: at(base, 0),
    endedAt: at(base, 120),
    metadata: { recordingUri: 's3://rec/a.wav' },
    children: [
      {
        id: `${prefix}live`,
        type: 'VOICE',
        startedAt: at(base, 120),
        reason: 'TRANSFER',
        participants: [{ id: 'agent-dee', role: 'AGENT' }],
      },
    ],
  };
}
