import { Database } from '../../src/neo4j';
import { SeedNode, seedThread } from './threads';

/**
 * The analytics fixture: a tenant whose figures were computed by hand (test/integration/analytics.test.ts
 * lists each one with its arithmetic). The period is four Berlin days, Friday 2026-03-27 to Monday
 * 2026-03-30, across the spring daylight-saving change (Sunday 2026-03-29 has 23 hours):
 * [2026-03-26T23:00Z, 2026-03-30T22:00Z).
 *
 *   K  C5  WEB_CHAT                          starts exactly at `from` (inclusive)
 *   A  C1  VOICE > VOICE(TRANSFER) > WEB_CHAT(AUTO_STITCH)   crosses midnight; next C1 thread (B) 3 days after its close
 *   C  C2  WEB_CHAT > EMAIL(EXPLICIT)        23:30Z on the 27th = 00:30 on the 28th in Berlin; next C2 thread (E) 12 days later
 *   D  C3  VOICE > VOICE(TRANSFER)           spans the DST change; next C3 thread (F) 1 day later, inside the period
 *   H  C4  MESSAGING > {MESSAGING(GRACE_PERIOD) > EMAIL(EXPLICIT), VOICE(THREAD_ID)}   TREE order differs from start order
 *   G  --  VOICE                             an orphan: no key, no parent, alone
 *   M1 C6  VOICE, phone +493012345678
 *   M2 C7  VOICE, the same phone: the engine refused to auto-stitch it (AMBIGUOUS_KEY in its stitchResult)
 *   F  C3  SMS, still live (an open thread)
 * Outside the period: J (C1, 30 min before `from`), L (C5, exactly at `to`), B (C1, 2026-03-31), E (C2, 2026-04-09).
 * Started before the period, closed in it (they count only in repeatContact, which is by close):
 *   P  C8  VOICE, 22:50Z on the 26th to 23:10Z, 10 min after `from`; next C8 thread Q (2026-04-02) 6 d 6 h later
 *   R  C9  EMAIL (2026-03-25) closed 2026-03-28T12:00Z, reopened exactly 3 days later by R2 (WEB_CHAT,
 *          AUTO_STITCH, after `to`) and closed again then: its thread.reopened event keeps the close in the period
 */
export const PERIOD = { from: '2026-03-26T23:00:00.000Z', to: '2026-03-30T22:00:00.000Z', timeZone: 'Europe/Berlin' };
/** The same period as a Berlin analyst types it on the command line. */
export const PERIOD_DATES = { from: '2026-03-27', to: '2026-03-31', tz: 'Europe/Berlin' };

const agent = (id: string) => ({ id, role: 'AGENT' });
const customer = (id: string) => ({ id, role: 'CUSTOMER' });

const THREADS: { id: string; root: SeedNode }[] = [
  {
    id: 'K',
    root: {
      id: 'K1',
      type: 'WEB_CHAT',
      externalId: 'C5',
      startedAt: '2026-03-26T23:00:00Z',
      endedAt: '2026-03-26T23:20:00Z',
      participants: [customer('C5'), agent('AG-1')],
    },
  },
  {
    id: 'A',
    root: {
      id: 'A1',
      type: 'VOICE',
      state: 'COMPLETED',
      externalId: 'C1',
      startedAt: '2026-03-27T09:00:00Z',
      endedAt: '2026-03-27T09:10:00Z',
      talkSeconds: 500,
      holdSeconds: 60,
      afterCallWorkSeconds: 40,
      participants: [customer('C1'), agent('AG-1')],
      children: [
        {
          id: 'A2',
          type: 'VOICE',
          reason: 'TRANSFER',
          startedAt: '2026-03-27T09:10:30Z',
          endedAt: '2026-03-27T09:20:30Z',
          talkSeconds: 400,
          holdSeconds: 0,
          afterCallWorkSeconds: 100,
          participants: [customer('C1'), agent('AG-2')],
          children: [
            {
              id: 'A3',
              type: 'WEB_CHAT',
              reason: 'AUTO_STITCH',
              startedAt: '2026-03-28T08:00:00Z',
              endedAt: '2026-03-28T08:20:00Z',
              participants: [customer('C1'), agent('AG-1')],
            },
          ],
        },
      ],
    },
  },
  {
    id: 'C',
    root: {
      id: 'C1',
      type: 'WEB_CHAT',
      externalId: 'C2',
      startedAt: '2026-03-27T23:30:00Z',
      endedAt: '2026-03-28T00:10:00Z',
      talkSeconds: 2000,
      afterCallWorkSeconds: 100,
      participants: [customer('C2'), agent('AG-3')],
      children: [
        {
          id: 'C2',
          type: 'EMAIL',
          reason: 'EXPLICIT',
          startedAt: '2026-03-28T07:00:00Z',
          endedAt: '2026-03-28T07:05:00Z',
          afterCallWorkSeconds: 300,
          participants: [customer('C2'), agent('AG-3'), agent('AG-4')],
        },
      ],
    },
  },
  {
    id: 'D',
    root: {
      id: 'D1',
      type: 'VOICE',
      externalId: 'C3',
      startedAt: '2026-03-29T00:30:00Z',
      endedAt: '2026-03-29T01:30:00Z',
      talkSeconds: 1800,
      holdSeconds: 600,
      afterCallWorkSeconds: 300,
      participants: [customer('C3'), agent('AG-2')],
      children: [
        {
          id: 'D2',
          type: 'VOICE',
          reason: 'TRANSFER',
          startedAt: '2026-03-29T01:31:00Z',
          endedAt: '2026-03-29T02:01:00Z',
          participants: [customer('C3'), agent('AG-3')],
        },
      ],
    },
  },
  {
    id: 'H',
    root: {
      id: 'H1',
      type: 'MESSAGING',
      externalId: 'C4',
      startedAt: '2026-03-29T10:00:00Z',
      endedAt: '2026-03-29T10:30:00Z',
      talkSeconds: 1500,
      afterCallWorkSeconds: 60,
      participants: [customer('C4'), agent('AG-3')],
      children: [
        {
          id: 'H2',
          type: 'MESSAGING',
          reason: 'GRACE_PERIOD',
          startedAt: '2026-03-29T10:40:00Z',
          endedAt: '2026-03-29T10:50:00Z',
          talkSeconds: 500,
          participants: [customer('C4'), agent('AG-3')],
          children: [
            {
              id: 'H4',
              type: 'EMAIL',
              reason: 'EXPLICIT',
              startedAt: '2026-03-29T12:00:00Z',
              endedAt: '2026-03-29T12:02:00Z',
              holdSeconds: 0,
              participants: [customer('C4'), agent('AG-2')],
            },
          ],
        },
        {
          id: 'H3',
          type: 'VOICE',
          reason: 'THREAD_ID',
          startedAt: '2026-03-29T11:30:00Z',
          endedAt: '2026-03-29T11:40:00Z',
          participants: [customer('C4'), agent('AG-1')],
        },
      ],
    },
  },
  {
    id: 'G',
    root: { id: 'G1', type: 'VOICE', externalId: null, startedAt: '2026-03-30T08:00:00Z', endedAt: '2026-03-30T08:05:00Z' },
  },
  {
    id: 'M1',
    root: {
      id: 'M1-1',
      type: 'VOICE',
      externalId: 'C6',
      startedAt: '2026-03-30T09:00:00Z',
      endedAt: '2026-03-30T09:05:00Z',
      participants: [customer('C6'), agent('AG-4')],
    },
  },
  {
    id: 'M2',
    root: {
      id: 'M2-1',
      type: 'VOICE',
      externalId: 'C7',
      startedAt: '2026-03-30T09:30:00Z',
      endedAt: '2026-03-30T09:40:00Z',
      talkSeconds: 550,
      participants: [customer('C7'), agent('AG-4')],
    },
  },
  {
    id: 'F',
    root: { id: 'F1', type: 'SMS', externalId: 'C3', startedAt: '2026-03-30T12:00:00Z', participants: [customer('C3'), agent('AG-1')] },
  },
  // Outside the period.
  {
    id: 'J',
    root: { id: 'J1', type: 'VOICE', externalId: 'C1', startedAt: '2026-03-26T22:30:00Z', endedAt: '2026-03-26T22:40:00Z' },
  },
  {
    id: 'L',
    root: { id: 'L1', type: 'EMAIL', externalId: 'C5', startedAt: '2026-03-30T22:00:00Z', endedAt: '2026-03-30T22:10:00Z' },
  },
  {
    id: 'B',
    root: { id: 'B1', type: 'EMAIL', externalId: 'C1', startedAt: '2026-03-31T10:00:00Z', endedAt: '2026-03-31T10:05:00Z' },
  },
  {
    id: 'E',
    root: { id: 'E1', type: 'VOICE', externalId: 'C2', startedAt: '2026-04-09T10:00:00Z', endedAt: '2026-04-09T10:05:00Z' },
  },
  // Started before the period, closed in it.
  {
    id: 'P',
    root: { id: 'P1', type: 'VOICE', externalId: 'C8', startedAt: '2026-03-26T22:50:00Z', endedAt: '2026-03-26T23:10:00Z' },
  },
  {
    id: 'Q',
    root: { id: 'Q1', type: 'VOICE', externalId: 'C8', startedAt: '2026-04-02T05:10:00Z', endedAt: '2026-04-02T05:20:00Z' },
  },
  {
    id: 'R',
    root: {
      id: 'R1',
      type: 'EMAIL',
      externalId: 'C9',
      startedAt: '2026-03-25T09:00:00Z',
      endedAt: '2026-03-28T12:00:00Z',
      children: [{ id: 'R2', type: 'WEB_CHAT', reason: 'AUTO_STITCH', startedAt: '2026-03-31T12:00:00Z', endedAt: '2026-03-31T12:30:00Z' }],
    },
  },
];

/** The stitchResult the engine records on an interaction it refused to auto-stitch (src/stitching/createInteraction.ts). */
const AMBIGUOUS = JSON.stringify({
  interactionId: 'M2-1',
  stitch: {
    parentId: null,
    reason: 'NEW_THREAD',
    warnings: [
      {
        code: 'AMBIGUOUS_KEY',
        message:
          'The phone number is shared by 2 customers within the stitching window; started a new thread rather than risk merging different people.',
      },
    ],
  },
});

/** Writes the fixture into `tenant`. */
export async function seedAnalyticsFixture(db: Database, tenant: string): Promise<void> {
  for (const t of THREADS) await seedThread(db, tenant, t.root, { id: t.id });
  await db.runRaw(
    `MATCH (i:Interaction {tenant: $tenant}) WHERE i.id IN ['M1-1', 'M2-1']
     SET i.phoneNumber = '+493012345678',
         i.stitchResult = CASE i.id WHEN 'M2-1' THEN $ambiguous
                          ELSE '{"interactionId":"M1-1","stitch":{"parentId":null,"reason":"NEW_THREAD","warnings":[]}}' END`,
    { tenant, ambiguous: AMBIGUOUS },
  );
  // R2 reopened R: the event create-interaction.cypher records (already numbered by the sequencer).
  await db.runRaw(
    `CREATE (:ThreadEvent {tenant: $tenant, id: 'evt_fixture_R_reopened', type: 'thread.reopened', version: 1, sequence: 1,
                           occurredAt: datetime('2026-03-31T12:00:01Z'), threadId: 'R', threadSeq: 1, reopenedById: 'R2',
                           cause: 'interaction.created', previousClosedAt: datetime('2026-03-28T12:00:00Z'),
                           threadStatus: 'OPEN', threadRootId: 'R1', threadExternalId: 'C9'})`,
    { tenant },
  );
}
