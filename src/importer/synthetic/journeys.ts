import { Channel } from '../../model';
import { Rng } from './prng';

/**
 * The seeded contact-centre journeys both synthetic datasets are made of: the benchmark's stitched
 * graph (bench/load.ts writes it straight into Neo4j) and the history records `threadgraph
 * generate` writes for the importer (history.ts). A journey is a thread as the stitching engine
 * would build it: a root contact on a weighted channel, transfers on the live channels (a child,
 * the parent TRANSFERRED), and follow-ups days later (a child of the most recent interaction, or of
 * its nearest ancestor with room under maxDepth 5).
 *
 * The benchmark's shape must not change for a given seed (a stored dataset is recognised by its
 * generator version), so what only the history needs (warm transfers, chains past maxDepth) is
 * drawn only when the builder is asked for it.
 */

export const MAX_DEPTH = 5;

export interface InteractionRow {
  id: string;
  type: Channel;
  externalId: string;
  phoneNumber: string | null;
  email: string | null;
  state: 'ACTIVE' | 'TRANSFERRED' | 'COMPLETED';
  startedAt: string;
  endedAt: string | null;
  talkSeconds: number | null;
  holdSeconds: number | null;
  afterCallWorkSeconds: number | null;
  subject: string;
  /** JSON text, as the service stores it. */
  metadata: string;
  /** JSON text of [{id, role, state}]. */
  participants: string;
  depth: number;
  stitchReason: 'NEW_THREAD' | 'TRANSFER' | 'AUTO_STITCH';
  threadId: string;
}

export interface HandledRow {
  agentId: string;
  interactionId: string;
}

/** The history ends here; the generated weeks lead up to it. */
export const HISTORY_END = Date.parse('2026-11-21T00:00:00Z');
export const DAY = 24 * 3600 * 1000;
/** The default stitching window (7 days) plus its grace period, and a day more. */
export const NEXT_THREAD_GAP = 8 * DAY;

/** How many threads a customer has over the history, with their weights (one in three has several). */
export const THREADS_PER_CUSTOMER = [
  [1, 35],
  [2, 30],
  [3, 20],
  [4, 10],
  [5, 5],
] as const;
export const MAX_THREAD_SIZE = 12;

export const CHANNEL_WEIGHTS: readonly (readonly [Channel, number])[] = [
  ['VOICE', 35],
  ['WEB_CHAT', 20],
  ['EMAIL', 15],
  ['MESSAGING', 12],
  ['SMS', 8],
  ['SOCIAL', 5],
  ['VIDEO', 5],
];
export const LIVE: ReadonlySet<Channel> = new Set(['VOICE', 'VIDEO', 'WEB_CHAT', 'MESSAGING']);
const SUBJECTS = [
  'Billing question',
  'Order status',
  'Password reset',
  'Delivery delay',
  'Refund request',
  'Plan upgrade',
  'Technical issue',
  'Cancel subscription',
];
const QUEUES = ['general', 'billing', 'support-l1', 'support-l2', 'retention', 'sales'];

/** How many agents a dataset of `interactions` has: about 500 interactions each. */
export function agentCount(interactions: number): number {
  return Math.max(20, Math.round(interactions / 500));
}

export function agentIds(interactions: number): string[] {
  return Array.from({ length: agentCount(interactions) }, (_, k) => `AG-${k + 1}`);
}

export const iso = (ms: number): string => new Date(Math.round(ms)).toISOString();

export interface Draft {
  row: InteractionRow;
  parent: Draft | null;
  startMs: number;
  endMs: number | null;
  /** History only: the parent this contact names explicitly (a transfer, a scheduled callback). */
  named: Draft | null;
  /** The participants and metadata of the row, as objects (the history writes them as they are). */
  participants: { id: string; role: string; state: string }[];
  metadata: Record<string, unknown>;
}

/** Handle-time parts in seconds for a contact on `type`, as a contact centre would log them. */
function handleParts(rng: Rng, type: Channel): { talk: number; hold: number; acw: number } {
  const r = (min: number, max: number) => Math.round(rng.between(min, max));
  switch (type) {
    case 'VOICE':
      return { talk: r(60, 900), hold: rng.chance(0.4) ? r(10, 180) : 0, acw: r(20, 180) };
    case 'VIDEO':
      return { talk: r(120, 1200), hold: 0, acw: r(30, 180) };
    case 'WEB_CHAT':
    case 'MESSAGING':
    case 'SOCIAL':
      return { talk: r(180, 1800), hold: 0, acw: r(10, 120) };
    case 'EMAIL':
      return { talk: r(60, 600), hold: 0, acw: r(30, 300) };
    case 'SMS':
      return { talk: r(30, 300), hold: 0, acw: r(10, 60) };
  }
}

/** Who the customer is, as their contacts name them. */
export interface CustomerIdentity {
  number: number;
  externalId: string;
  phoneNumber: string;
  email: string;
}

export const benchCustomer = (customer: number): CustomerIdentity => ({
  number: customer,
  externalId: `CUST-${customer}`,
  phoneNumber: `+3361${String(customer % 10_000_000).padStart(7, '0')}`,
  email: `cust-${customer}@example.com`,
});

/** What a history journey adds to the benchmark's: none of it is drawn for the benchmark. */
export interface HistoryShape {
  /** Probability that a transfer is warm: the new leg starts while the one transferred is still live. */
  warmTransfer: number;
  /** Probability that a journey keeps transferring past maxDepth (a customer bounced between queues). */
  bouncing: number;
}

export class ThreadBuilder {
  readonly drafts: Draft[] = [];
  readonly handled: HandledRow[] = [];
  private readonly subject: string;

  constructor(
    private readonly rng: Rng,
    private readonly customer: CustomerIdentity,
    readonly threadId: string,
    readonly agents: readonly string[],
    private readonly history: HistoryShape | null = null,
  ) {
    this.subject = rng.pick(SUBJECTS);
  }

  add(type: Channel, startMs: number, parent: Draft | null, reason: InteractionRow['stitchReason'], agent: string, live: boolean): Draft {
    const rng = this.rng;
    const id = `${this.threadId.replace('thr-', 'int-')}-${this.drafts.length + 1}`;
    const parts = live ? null : handleParts(rng, type);
    const endMs = parts ? startMs + (parts.talk + parts.hold + parts.acw) * 1000 : null;
    const ended = endMs !== null;
    const participants = [
      ...(type === 'WEB_CHAT' && rng.chance(0.3) ? [{ id: 'BOT-1', role: 'BOT', state: 'DISCONNECTED' }] : []),
      { id: `CUST-${this.customer.number}`, role: 'CUSTOMER', state: ended ? 'DISCONNECTED' : 'CONNECTED' },
      { id: agent, role: 'AGENT', state: ended ? 'DISCONNECTED' : 'CONNECTED' },
      ...(type === 'VOICE' && rng.chance(0.03) ? [{ id: `SUP-${rng.int(1, 10)}`, role: 'SUPERVISOR', state: 'DISCONNECTED' }] : []),
    ];
    const media = type === 'VOICE' || type === 'VIDEO';
    const metadata = {
      channel: type,
      subject: this.subject,
      queue: rng.pick(QUEUES),
      ...(media
        ? {
            recordingUri: `s3://bench-recordings/${id}.${type === 'VOICE' ? 'wav' : 'mp4'}`,
            transcriptUri: `s3://bench-transcripts/${id}.json`,
          }
        : {}),
    };
    const row: InteractionRow = {
      id,
      type,
      externalId: this.customer.externalId,
      phoneNumber: type === 'VOICE' || type === 'SMS' ? this.customer.phoneNumber : null,
      email: type === 'EMAIL' ? this.customer.email : null,
      state: ended ? 'COMPLETED' : 'ACTIVE',
      startedAt: iso(startMs),
      endedAt: endMs === null ? null : iso(endMs),
      talkSeconds: parts?.talk ?? null,
      holdSeconds: parts?.hold ?? null,
      afterCallWorkSeconds: parts?.acw ?? null,
      subject: this.subject,
      metadata: JSON.stringify(metadata),
      participants: JSON.stringify(participants),
      depth: parent ? parent.row.depth + 1 : 1,
      stitchReason: reason,
      threadId: this.threadId,
    };
    const draft: Draft = { row, parent, startMs, endMs, named: null, participants, metadata };
    this.drafts.push(draft);
    this.handled.push({ agentId: agent, interactionId: id });
    return draft;
  }

  /** Grows the tree from its root; the last interaction may stay live when `mayStayOpen`. */
  grow(rootStartMs: number, mayStayOpen: boolean): void {
    const rng = this.rng;
    const rootType = rng.weighted(CHANNEL_WEIGHTS);
    let current = this.add(rootType, rootStartMs, null, 'NEW_THREAD', rng.pick(this.agents), false);
    const bouncing = this.history !== null && rng.chance(this.history.bouncing);
    for (;;) {
      const size = this.drafts.length;
      if (size >= MAX_THREAD_SIZE) break;
      // (Short-circuits as before: the benchmark draws the chance only on a live channel under maxDepth.)
      if (LIVE.has(current.row.type) && (bouncing ? size < 9 : current.row.depth < MAX_DEPTH && rng.chance(0.22))) {
        // A transfer: the parent ends where the child picks up, with another agent (or, warm, while it is still on).
        current.row.state = 'TRANSFERRED';
        const type = rng.chance(0.9) ? current.row.type : rng.pick(['VOICE', 'WEB_CHAT'] as const);
        const live = mayStayOpen && rng.chance(0.05);
        const from = current;
        const warm = this.history !== null && rng.chance(this.history.warmTransfer);
        const start = warm ? from.startMs + (from.endMs! - from.startMs) * rng.between(0.3, 0.9) : from.endMs! + rng.between(5_000, 40_000);
        current = this.add(type, start, from, 'TRANSFER', rng.pick(this.agents), live);
        current.named = from;
        if (live) break;
        continue;
      }
      if (rng.chance(0.62 * 0.92 ** size)) {
        // A follow-up days later, stitched to the most recent interaction or its nearest ancestor with room.
        let parent: Draft = current;
        while (parent.row.depth >= MAX_DEPTH && parent.parent) parent = parent.parent;
        const live = mayStayOpen && rng.chance(0.05);
        current = this.add(
          rng.weighted(CHANNEL_WEIGHTS),
          this.lastActivityMs() + rng.between(0.1 * DAY, 6 * DAY),
          parent,
          'AUTO_STITCH',
          rng.pick(this.agents),
          live,
        );
        if (live) break;
        continue;
      }
      break;
    }
  }

  lastActivityMs(): number {
    return Math.max(...this.drafts.map((d) => d.endMs ?? d.startMs));
  }
}
