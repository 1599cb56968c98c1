import {
  agentIds,
  benchCustomer,
  DAY,
  HISTORY_END,
  InteractionRow,
  iso,
  mulberry32,
  NEXT_THREAD_GAP,
  ThreadBuilder,
  THREADS_PER_CUSTOMER,
} from '../src/importer';
import type { HandledRow } from '../src/importer';
import type { Channel } from '../src/model';

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
 *
 * The journeys themselves are src/importer/synthetic's, which `threadgraph generate` also draws
 * its history records from; this file turns them into the stitched graph the loader writes.
 */

/** Bumped whenever the generated data changes, so a stored dataset of an older shape is reloaded. */
export const GENERATOR_VERSION = 1;

export { agentCount, agentIds } from '../src/importer';
export type { InteractionRow, HandledRow } from '../src/importer';

export interface ThreadRow {
  id: string;
  rootId: string;
  externalId: string;
  status: 'OPEN' | 'CLOSED';
  startedAt: string;
  closedAt: string | null;
  channels: Channel[];
}

export interface EdgeRow {
  parentId: string;
  childId: string;
  reason: 'TRANSFER' | 'AUTO_STITCH';
  createdAt: string;
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

const HISTORY_START = HISTORY_END - 16 * 7 * DAY;

/** The thread a builder grew, as the engine stores it. */
function threadOf(builder: ThreadBuilder): ThreadRow {
  const rows = builder.drafts.map((d) => d.row);
  const open = rows.some((r) => r.endedAt === null);
  return {
    id: builder.threadId,
    rootId: rows[0]!.id,
    externalId: rows[0]!.externalId,
    status: open ? 'OPEN' : 'CLOSED',
    startedAt: rows[0]!.startedAt,
    closedAt: open ? null : iso(builder.lastActivityMs()),
    channels: [...new Set(rows.map((r) => r.type))],
  };
}

function edgesOf(builder: ThreadBuilder): EdgeRow[] {
  return builder.drafts.flatMap((d) =>
    d.parent
      ? [{ parentId: d.parent.row.id, childId: d.row.id, reason: d.row.stitchReason as EdgeRow['reason'], createdAt: d.row.startedAt }]
      : [],
  );
}

/** Yields the dataset in batches of whole customers; the same options always yield the same rows. */
export function* generateBatches(opts: GenerateOptions): Generator<Batch> {
  const rng = mulberry32(opts.seed);
  const agents = agentIds(opts.interactions);
  let batch: Batch = { threads: [], interactions: [], edges: [], handled: [] };
  let total = 0;
  let threadSeq = 0;
  for (let customer = 1; total < opts.interactions; customer++) {
    const threads = rng.weighted(THREADS_PER_CUSTOMER);
    let start = HISTORY_START + rng.between(0, 6 * 7 * DAY);
    for (let k = 0; k < threads && start < HISTORY_END; k++) {
      const builder = new ThreadBuilder(rng, benchCustomer(customer), `thr-${++threadSeq}`, agents);
      builder.grow(start, k === threads - 1 && rng.chance(0.1));
      batch.threads.push(threadOf(builder));
      for (const d of builder.drafts) batch.interactions.push(d.row);
      batch.edges.push(...edgesOf(builder));
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
