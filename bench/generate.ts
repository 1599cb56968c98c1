import { mulberry32, Rng } from './prng';

/**
 * The benchmark's synthetic contact-centre history, seeded so it is the same on every run.
 *
 * Customers (externalId CUST-n) each have a few threads over several weeks. A thread is a tree as
 * the stitching engine would have built it (docs/data-model.md): a root contact, transfers on the
 * live channels (a TRANSFER child, the parent TRANSFERRED), and follow-ups days later (an
 * AUTO_STITCH child of the most recent interaction, or of its nearest ancestor with room under the
 * default maxDepth of 5). A customer's next thread starts after the 7-day stitching window, so the
 * engine would not have stitched it into the previous one. Rows come out in batches of whole
 * customers, so every edge of a batch joins two interactions of the same batch.
 */

/** Bumped whenever the generated data changes, so a stored dataset of an older shape is reloaded. */
export const GENERATOR_VERSION = 1;

export const MAX_DEPTH = 5;

export type Channel = 'VOICE' | 'WEB_CHAT' | 'EMAIL' | 'SMS' | 'SOCIAL' | 'MESSAGING' | 'VIDEO';

export interface ThreadRow {
  id: string;
  rootId: string;
  externalId: string;
  status: 'OPEN' | 'CLOSED';
  startedAt: string;
  closedAt: string | null;
  channels: Channel[];
}

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

export interface EdgeRow {
  parentId: string;
  childId: string;
  reason: 'TRANSFER' | 'AUTO_STITCH';
  createdAt: string;
}

export interface HandledRow {
  agentId: string;
  interactionId: string;
}

export interface Batch {
  threads: ThreadRow[];
  interactions: InteractionRow[];
  edges: EdgeRow[];
  handled: HandledRow[];
}

export interface GenerateOptions {
  seed: number;
  /** Customers are added until at least this many interactions exist. */
  interactions: number;
  /** Interactions per batch (a batch ends after the customer that reaches it). */
  batchSize: number;
}

/** The history ends here; the generated weeks lead up to it. */
export const HISTORY_END = Date.parse('2026-11-21T00:00:00Z');
const DAY = 24 * 3600 * 1000;
const HISTORY_START = HISTORY_END - 16 * 7 * DAY;
/** The default stitching window (7 days) plus its grace period, and a day more. */
const NEXT_THREAD_GAP = 8 * DAY;
const MAX_THREAD_SIZE = 12;

const CHANNEL_WEIGHTS: readonly (readonly [Channel, number])[] = [
  ['VOICE', 35],
  ['WEB_CHAT', 20],
  ['EMAIL', 15],
  ['MESSAGING', 12],
  ['SMS', 8],
  ['SOCIAL', 5],
  ['VIDEO', 5],
];
const LIVE: ReadonlySet<Channel> = new Set(['VOICE', 'VIDEO', 'WEB_CHAT', 'MESSAGING']);
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

const iso = (ms: number): string => new Date(Math.round(ms)).toISOString();

interface Draft {
  row: InteractionRow;
  parent: Draft | null;
  startMs: number;
  endMs: number | null;
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

class ThreadBuilder {
  readonly drafts: Draft[] = [];
  readonly handled: HandledRow[] = [];
  private readonly subject: string;

  constructor(
    private readonly rng: Rng,
    private readonly customer: number,
    readonly threadId: string,
    private readonly agents: readonly string[],
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
      { id: `CUST-${this.customer}`, role: 'CUSTOMER', state: ended ? 'DISCONNECTED' : 'CONNECTED' },
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
      externalId: `CUST-${this.customer}`,
      phoneNumber: type === 'VOICE' || type === 'SMS' ? `+3361${String(this.customer % 10_000_000).padStart(7, '0')}` : null,
      email: type === 'EMAIL' ? `cust-${this.customer}@example.com` : null,
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
    const draft: Draft = { row, parent, startMs, endMs };
    this.drafts.push(draft);
    this.handled.push({ agentId: agent, interactionId: id });
    return draft;
  }

  /** Grows the tree from its root; the last interaction may stay live when `mayStayOpen`. */
  grow(rootStartMs: number, mayStayOpen: boolean): void {
    const rng = this.rng;
    const rootType = rng.weighted(CHANNEL_WEIGHTS);
    let current = this.add(rootType, rootStartMs, null, 'NEW_THREAD', rng.pick(this.agents), false);
    for (;;) {
      const size = this.drafts.length;
      if (size >= MAX_THREAD_SIZE) break;
      if (LIVE.has(current.row.type) && current.row.depth < MAX_DEPTH && rng.chance(0.22)) {
        // A transfer: the parent ends where the child picks up, with another agent.
        current.row.state = 'TRANSFERRED';
        const type = rng.chance(0.9) ? current.row.type : rng.pick(['VOICE', 'WEB_CHAT'] as const);
        const live = mayStayOpen && rng.chance(0.05);
        current = this.add(type, current.endMs! + rng.between(5_000, 40_000), current, 'TRANSFER', rng.pick(this.agents), live);
        if (live) break;
        continue;
      }
      if (rng.chance(0.62 * 0.92 ** size)) {
        // A follow-up days later, stitched to the most recent interaction or its nearest ancestor with room.
        let parent: Draft = current;
        while (parent.row.depth >= MAX_DEPTH && parent.parent) parent = parent.parent;
        const lastEnd = Math.max(...this.drafts.map((d) => d.endMs ?? d.startMs));
        const live = mayStayOpen && rng.chance(0.05);
        current = this.add(
          rng.weighted(CHANNEL_WEIGHTS),
          lastEnd + rng.between(0.1 * DAY, 6 * DAY),
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

  thread(): ThreadRow {
    const rows = this.drafts.map((d) => d.row);
    const open = rows.some((r) => r.endedAt === null);
    return {
      id: this.threadId,
      rootId: rows[0]!.id,
      externalId: rows[0]!.externalId,
      status: open ? 'OPEN' : 'CLOSED',
      startedAt: rows[0]!.startedAt,
      closedAt: open ? null : iso(this.lastActivityMs()),
      channels: [...new Set(rows.map((r) => r.type))],
    };
  }

  edges(): EdgeRow[] {
    return this.drafts.flatMap((d) =>
      d.parent
        ? [{ parentId: d.parent.row.id, childId: d.row.id, reason: d.row.stitchReason as EdgeRow['reason'], createdAt: d.row.startedAt }]
        : [],
    );
  }
}

/** Yields the dataset in batches of whole customers; the same options always yield the same rows. */
export function* generateBatches(opts: GenerateOptions): Generator<Batch> {
  const rng = mulberry32(opts.seed);
  const agents = agentIds(opts.interactions);
  let batch: Batch = { threads: [], interactions: [], edges: [], handled: [] };
  let total = 0;
  let threadSeq = 0;
  for (let customer = 1; total < opts.interactions; customer++) {
    const threads = rng.weighted([
      [1, 35],
      [2, 30],
      [3, 20],
      [4, 10],
      [5, 5],
    ] as const);
    let start = HISTORY_START + rng.between(0, 6 * 7 * DAY);
    for (let k = 0; k < threads && start < HISTORY_END; k++) {
      const builder = new ThreadBuilder(rng, customer, `thr-${++threadSeq}`, agents);
      builder.grow(start, k === threads - 1 && rng.chance(0.1));
      batch.threads.push(builder.thread());
      for (const d of builder.drafts) batch.interactions.push(d.row);
      batch.edges.push(...builder.edges());
      batch.handled.push(...builder.handled);
      total += builder.drafts.length;
      start = builder.lastActivityMs() + NEXT_THREAD_GAP + rng.between(0, 30 * DAY);
    }
    if (batch.interactions.length >= opts.batchSize) {
      yield batch;
      batch = { threads: [], interactions: [], edges: [], handled: [] };
    }
  }
  if (batch.interactions.length > 0) yield batch;
}

/** `tsx bench/generate.ts --seed 42 --interactions 10000`: prints what a dataset looks like. */
function main(argv: string[]): void {
  const arg = (name: string, fallback: number) => {
    const i = argv.indexOf(`--${name}`);
    return i >= 0 ? Number(argv[i + 1]) : fallback;
  };
  const opts = { seed: arg('seed', 42), interactions: arg('interactions', 10_000), batchSize: 5000 };
  const sizes = new Map<string, number>();
  const reasons = new Map<string, number>();
  let interactions = 0;
  let threads = 0;
  let open = 0;
  let maxDepth = 0;
  const customers = new Set<string>();
  for (const b of generateBatches(opts)) {
    interactions += b.interactions.length;
    threads += b.threads.length;
    open += b.threads.filter((t) => t.status === 'OPEN').length;
    for (const i of b.interactions) {
      sizes.set(i.threadId, (sizes.get(i.threadId) ?? 0) + 1);
      reasons.set(i.stitchReason, (reasons.get(i.stitchReason) ?? 0) + 1);
      maxDepth = Math.max(maxDepth, i.depth);
      customers.add(i.externalId);
    }
  }
  const histogram = new Map<number, number>();
  for (const n of sizes.values()) histogram.set(n, (histogram.get(n) ?? 0) + 1);
  console.log({ ...opts, interactions, threads, open, customers: customers.size, maxDepth, reasons: Object.fromEntries(reasons) });
  console.log('thread size: threads', Object.fromEntries([...histogram].sort((a, b) => a[0] - b[0])));
}

if (require.main === module) main(process.argv.slice(2));
