/**
 * What test/integration/analytics*.test.ts share: the GraphQL selection of every figure, the
 * figures computed by hand for test/support/analyticsFixture.ts, and a matcher for floating means.
 */

const STATS = 'count sum mean p50 p90 max';

export const ALL_FIGURES = `
  from to timeZone
  volume { threads interactions customers interactionsPerThread { ${STATS} } byDepth { depth threads } bySize { min max threads } }
  handleTime {
    perThread { ${STATS} }
    byChannel { channel interactions seconds meanSeconds }
    byDepth { depth interactions seconds meanSeconds }
    span { ${STATS} }
  }
  timeSeries { date start end hours threads interactions customers handleTimeSeconds meanHandleTimeSeconds p50HandleTimeSeconds p90HandleTimeSeconds closedThreads meanSpanSeconds }
  weeks: timeSeries(bucket: WEEK) { date start end hours threads interactions customers handleTimeSeconds meanHandleTimeSeconds closedThreads meanSpanSeconds }
  stitchingQuality {
    interactions byReason { reason interactions share } orphans orphanRate keyedInteractions keyedWithoutParent nullParentRate
    ambiguousKeyRefusals ambiguousKeyRate followUpThreads followUpRate
  }
  repeatContact {
    withinDays closedThreads repeatThreads repeatRate firstContactResolutionRate laterContactThreads noNextContactThreads
    windowOpenThreads daysToNextContact { days threads }
  }
  channelTransitions { threads transfers transfersPerThread transitions { from to reason edges } }
  journeys { threads journeys top { channels path threads share meanHandleTimeSeconds } }
  agents { agents top { agentId agent { id } interactions threads handleTimeSeconds meanHandleTimeSeconds } }`;

/** `expected` with every number replaced by a matcher that allows float rounding (1e-9): Neo4j's avg is a running mean. */
export function close<T>(expected: T): T {
  if (typeof expected === 'number') return expect.closeTo(expected, 9) as T;
  if (Array.isArray(expected)) return expected.map(close) as T;
  if (expected && typeof expected === 'object') {
    return Object.fromEntries(Object.entries(expected).map(([k, v]) => [k, close(v)])) as T;
  }
  return expected;
}

/*
 * The fixture's figures, by hand. Threads in the period (start in [2026-03-26T23:00Z, 2026-03-30T22:00Z)):
 * K, A, C, D, H, G, M1, M2, F = 9; J (22:30Z on the 26th) and L (exactly `to`) are out.
 *
 * Handle time per interaction (talk + hold + ACW when any is known, else end - start, live = 0):
 *   K1 20 min = 1200 | A1 500+60+40 = 600, A2 400+0+100 = 500, A3 20 min = 1200 | C1 2000+100 = 2100, C2 300 |
 *   D1 1800+600+300 = 2700, D2 30 min = 1800 | H1 1500+60 = 1560, H2 500, H3 10 min = 600, H4 hold 0 = 0 |
 *   G1 5 min = 300 | M1 5 min = 300 | M2 550 | F1 live = 0.
 * Per thread: K 1200, A 2300, C 2400, D 4500, H 2660, G 300, M1 300, M2 550, F 0; sum 14210.
 *   Sorted 0, 300, 300, 550, 1200, 2300, 2400, 2660, 4500: p50 = 5th = 1200, p90 = 9th (ceil 8.1) = 4500.
 * Span of closed threads (F is open): K 1200, A 09:00Z 27th -> 08:20Z 28th = 84000, C 23:30Z -> 07:05Z = 27300,
 *   D 00:30Z -> 02:01Z = 5460 (across the DST change: 1 h 31 min elapsed, 2 h 31 min on Berlin clocks), H 7320,
 *   G 300, M1 300, M2 600; sum 126480; sorted 300, 300, 600, 1200, 5460, 7320, 27300, 84000: p50 = 4th = 1200, p90 = 8th = 84000.
 */
export const EXPECTED = {
  volume: {
    threads: 9,
    interactions: 16, // 1 + 3 + 2 + 2 + 4 + 1 + 1 + 1 + 1
    customers: 7, // C5, C1, C2, C3 (D and F), C4, C6, C7; G has none
    // sizes 1,1,1,1,1,2,2,3,4: mean 16/9, p50 = 5th = 1, p90 = 9th = 4
    interactionsPerThread: { count: 9, sum: 16, mean: 16 / 9, p50: 1, p90: 4, max: 4 },
    byDepth: [
      { depth: 1, threads: 5 }, // K, G, M1, M2, F
      { depth: 2, threads: 2 }, // C, D
      { depth: 3, threads: 2 }, // A, H
    ],
    bySize: [
      { min: 1, max: 1, threads: 5 },
      { min: 2, max: 2, threads: 2 },
      { min: 3, max: 4, threads: 2 },
      { min: 5, max: 8, threads: 0 },
      { min: 9, max: 16, threads: 0 },
      { min: 17, max: null, threads: 0 },
    ],
  },
  handleTime: {
    perThread: { count: 9, sum: 14210, mean: 14210 / 9, p50: 1200, p90: 4500, max: 4500 },
    byChannel: [
      { channel: 'EMAIL', interactions: 2, seconds: 300, meanSeconds: 150 }, // C2 300, H4 0
      { channel: 'MESSAGING', interactions: 2, seconds: 2060, meanSeconds: 1030 }, // H1 1560, H2 500
      { channel: 'SMS', interactions: 1, seconds: 0, meanSeconds: null }, // F1, live
      { channel: 'VOICE', interactions: 8, seconds: 7350, meanSeconds: 918.75 }, // A1 A2 D1 D2 H3 G1 M1 M2
      { channel: 'WEB_CHAT', interactions: 3, seconds: 4500, meanSeconds: 1500 }, // K1 1200, A3 1200, C1 2100
    ],
    byDepth: [
      { depth: 1, interactions: 9, seconds: 9310, meanSeconds: 9310 / 8 }, // nine roots, F1 live
      { depth: 2, interactions: 5, seconds: 3700, meanSeconds: 740 }, // A2 500, C2 300, D2 1800, H2 500, H3 600
      { depth: 3, interactions: 2, seconds: 1200, meanSeconds: 600 }, // A3 1200, H4 0
    ],
    span: { count: 8, sum: 126480, mean: 15810, p50: 1200, p90: 84000, max: 84000 },
  },
  /*
   * Berlin days: the 27th is [26th 23:00Z, 27th 23:00Z); the 29th has 23 hours, [28th 23:00Z, 29th 22:00Z).
   * C starts at 23:30Z on the 27th: the 28th in Berlin. D starts 00:30Z on the 29th = 01:30 CET, before the change.
   */
  days: [
    // K, A: 1200 + 2300; p50 of [1200, 2300] = 1st, p90 = 2nd; spans (1200 + 84000) / 2
    {
      date: '2026-03-27',
      start: '2026-03-26T23:00:00.000Z',
      end: '2026-03-27T23:00:00.000Z',
      hours: 24,
      threads: 2,
      interactions: 4,
      customers: 2,
      handleTimeSeconds: 3500,
      meanHandleTimeSeconds: 1750,
      p50HandleTimeSeconds: 1200,
      p90HandleTimeSeconds: 2300,
      closedThreads: 2,
      meanSpanSeconds: 42600,
    },
    {
      date: '2026-03-28',
      start: '2026-03-27T23:00:00.000Z',
      end: '2026-03-28T23:00:00.000Z',
      hours: 24,
      threads: 1,
      interactions: 2,
      customers: 1,
      handleTimeSeconds: 2400,
      meanHandleTimeSeconds: 2400,
      p50HandleTimeSeconds: 2400,
      p90HandleTimeSeconds: 2400,
      closedThreads: 1,
      meanSpanSeconds: 27300,
    },
    // D, H: 4500 + 2660; spans (5460 + 7320) / 2
    {
      date: '2026-03-29',
      start: '2026-03-28T23:00:00.000Z',
      end: '2026-03-29T22:00:00.000Z',
      hours: 23,
      threads: 2,
      interactions: 6,
      customers: 2,
      handleTimeSeconds: 7160,
      meanHandleTimeSeconds: 3580,
      p50HandleTimeSeconds: 2660,
      p90HandleTimeSeconds: 4500,
      closedThreads: 2,
      meanSpanSeconds: 6390,
    },
    // G, M1, M2, F: 300 + 300 + 550 + 0; customers C6, C7, C3; closed G, M1, M2: spans (300 + 300 + 600) / 3
    {
      date: '2026-03-30',
      start: '2026-03-29T22:00:00.000Z',
      end: '2026-03-30T22:00:00.000Z',
      hours: 24,
      threads: 4,
      interactions: 4,
      customers: 3,
      handleTimeSeconds: 1150,
      meanHandleTimeSeconds: 287.5,
      p50HandleTimeSeconds: 300,
      p90HandleTimeSeconds: 550,
      closedThreads: 3,
      meanSpanSeconds: 400,
    },
  ],
  /* ISO weeks from Monday in Berlin: the week of the 23rd has 167 hours (it holds the change). */
  weeks: [
    // K, A, C, D, H: 1200 + 2300 + 2400 + 4500 + 2660; spans (1200 + 84000 + 27300 + 5460 + 7320) / 5
    {
      date: '2026-03-23',
      start: '2026-03-22T23:00:00.000Z',
      end: '2026-03-29T22:00:00.000Z',
      hours: 167,
      threads: 5,
      interactions: 12,
      customers: 5,
      handleTimeSeconds: 13060,
      meanHandleTimeSeconds: 2612,
      closedThreads: 5,
      meanSpanSeconds: 25056,
    },
    {
      date: '2026-03-30',
      start: '2026-03-29T22:00:00.000Z',
      end: '2026-04-05T22:00:00.000Z',
      hours: 168,
      threads: 4,
      interactions: 4,
      customers: 3,
      handleTimeSeconds: 1150,
      meanHandleTimeSeconds: 287.5,
      closedThreads: 3,
      meanSpanSeconds: 400,
    },
  ],
  stitchingQuality: {
    interactions: 16,
    byReason: [
      { reason: 'NEW_THREAD', interactions: 9, share: 9 / 16 }, // the nine roots
      { reason: 'AUTO_STITCH', interactions: 1, share: 1 / 16 }, // A3
      { reason: 'GRACE_PERIOD', interactions: 1, share: 1 / 16 }, // H2
      { reason: 'EXPLICIT', interactions: 2, share: 2 / 16 }, // C2, H4
      { reason: 'TRANSFER', interactions: 2, share: 2 / 16 }, // A2, D2
      { reason: 'THREAD_ID', interactions: 1, share: 1 / 16 }, // H3
    ],
    orphans: 1, // G1
    orphanRate: 1 / 16,
    keyedInteractions: 15, // all but G1
    keyedWithoutParent: 8, // K1 A1 C1 D1 H1 M1-1 M2-1 F1
    nullParentRate: 8 / 15,
    ambiguousKeyRefusals: 1, // M2-1
    ambiguousKeyRate: 1 / 16,
    followUpThreads: 2, // A (A3 AUTO_STITCH), H (H2 GRACE_PERIOD)
    followUpRate: 2 / 9,
  },
  /*
   * Threads closed in the period (by close, not start: closedAt, or a thread.reopened event's
   * previousClosedAt, in [2026-03-26T23:00Z, 2026-03-30T22:00Z)) with a customer:
   * K, A, C, D, H, M1, M2 (started in the period too), P and R (started before it) = 9.
   * Out: G (no key), F (open), J (closed 22:40Z on the 26th, before `from`), L, B, E, Q (closed after `to`);
   * R's closedAt is now 12:30Z on the 31st, after `to`, but its reopened event keeps its close on the 28th.
   *   K (C5) closed 23:20Z on the 26th, next C5 thread L at 22:00Z on the 30th: 3 d 22 h 40 min -> 3 days, repeat
   *   A (C1) closed 08:20Z on the 28th, next C1 thread B at 10:00Z on the 31st (J is earlier): 3 d 1 h 40 min -> 3, repeat
   *   C (C2) closed 07:05Z on the 28th, next C2 thread E at 10:00Z on April 9: 12 d 2 h 55 min -> 12, later
   *   D (C3) closed 02:01Z on the 29th, next C3 thread F at 12:00Z on the 30th: 1 d 9 h 59 min -> 1, repeat
   *   P (C8) closed 23:10Z on the 26th, next C8 thread Q at 05:10Z on April 2: 6 d 6 h -> 6, repeat
   *   R (C9) closed 12:00Z on the 28th, reopened by R2 at 12:00Z on the 31st (no other C9 thread): exactly 3 d -> 3, repeat
   *   H, M1, M2: no next contact.
   * repeat 5 (K, A, D, P, R) of 9; later 1 (C); none 3; days: 1 x1 (D), 3 x3 (K, A, R), 6 x1 (P), 12 x1 (C).
   * Every window ended long before the test runs: windowOpen 0.
   */
  repeatContact: {
    withinDays: 7,
    closedThreads: 9,
    repeatThreads: 5,
    repeatRate: 5 / 9,
    firstContactResolutionRate: 4 / 9,
    laterContactThreads: 1,
    noNextContactThreads: 3,
    windowOpenThreads: 0,
    daysToNextContact: [
      { days: 1, threads: 1 },
      { days: 3, threads: 3 },
      { days: 6, threads: 1 },
      { days: 12, threads: 1 },
    ],
  },
  /* Edges: A1>A2, A2>A3, C1>C2, D1>D2, H1>H2, H1>H3, H2>H4 = 7 = 16 interactions - 9 threads. */
  channelTransitions: {
    threads: 9,
    transfers: 2,
    transfersPerThread: 2 / 9,
    transitions: [
      { from: 'VOICE', to: 'VOICE', reason: 'TRANSFER', edges: 2 },
      { from: 'MESSAGING', to: 'EMAIL', reason: 'EXPLICIT', edges: 1 },
      { from: 'MESSAGING', to: 'MESSAGING', reason: 'GRACE_PERIOD', edges: 1 },
      { from: 'MESSAGING', to: 'VOICE', reason: 'THREAD_ID', edges: 1 },
      { from: 'VOICE', to: 'WEB_CHAT', reason: 'AUTO_STITCH', edges: 1 },
      { from: 'WEB_CHAT', to: 'EMAIL', reason: 'EXPLICIT', edges: 1 },
    ],
  },
  /* H in TREE order: H1, then H1's children by start: H2 (10:40), its child H4, then H3 (11:30). By start it would be H1 H2 H3 H4. */
  journeys: {
    threads: 9,
    journeys: 7,
    top: [
      { channels: ['VOICE'], path: 'VOICE', threads: 3, share: 3 / 9, meanHandleTimeSeconds: 1150 / 3 }, // G, M1, M2
      {
        channels: ['MESSAGING', 'MESSAGING', 'EMAIL', 'VOICE'],
        path: 'MESSAGING>MESSAGING>EMAIL>VOICE',
        threads: 1,
        share: 1 / 9,
        meanHandleTimeSeconds: 2660,
      },
      { channels: ['SMS'], path: 'SMS', threads: 1, share: 1 / 9, meanHandleTimeSeconds: 0 },
      { channels: ['VOICE', 'VOICE'], path: 'VOICE>VOICE', threads: 1, share: 1 / 9, meanHandleTimeSeconds: 4500 },
      { channels: ['VOICE', 'VOICE', 'WEB_CHAT'], path: 'VOICE>VOICE>WEB_CHAT', threads: 1, share: 1 / 9, meanHandleTimeSeconds: 2300 },
      { channels: ['WEB_CHAT'], path: 'WEB_CHAT', threads: 1, share: 1 / 9, meanHandleTimeSeconds: 1200 },
      { channels: ['WEB_CHAT', 'EMAIL'], path: 'WEB_CHAT>EMAIL', threads: 1, share: 1 / 9, meanHandleTimeSeconds: 2400 },
    ],
  },
  /*
   * AG-1: K1 1200, A1 600, A3 1200, H3 600, F1 live -> 5 interactions, 3600 s, threads K A H F, mean 3600 / 4 ended
   * AG-2: A2 500, D1 2700, H4 0 -> 3, 3200, threads A D H
   * AG-3: C1 2100, C2 300, D2 1800, H1 1560, H2 500 -> 5, 6260, threads C D H
   * AG-4: C2 300 (handled with AG-3: counts in full for each), M1 300, M2 550 -> 3, 1150, threads C M1 M2
   */
  agents: {
    agents: 4,
    top: [
      { agentId: 'AG-3', interactions: 5, threads: 3, handleTimeSeconds: 6260, meanHandleTimeSeconds: 1252 },
      { agentId: 'AG-1', interactions: 5, threads: 4, handleTimeSeconds: 3600, meanHandleTimeSeconds: 900 },
      { agentId: 'AG-2', interactions: 3, threads: 3, handleTimeSeconds: 3200, meanHandleTimeSeconds: 3200 / 3 },
      { agentId: 'AG-4', interactions: 3, threads: 3, handleTimeSeconds: 1150, meanHandleTimeSeconds: 1150 / 3 },
    ],
  },
};
