import { RecordJson } from '../record';
import {
  agentIds,
  benchCustomer,
  CHANNEL_WEIGHTS,
  CustomerIdentity,
  DAY,
  Draft,
  HISTORY_END,
  HistoryShape,
  iso,
  NEXT_THREAD_GAP,
  ThreadBuilder,
  THREADS_PER_CUSTOMER,
} from './journeys';
import { mulberry32, Rng } from './prng';

/**
 * A contact centre's history as it would export it, for demos and the importer's tests: the same
 * seeded journeys as the benchmark's dataset (journeys.ts), written as the records a platform
 * exports (the REST payload plus id, start, end and handle time) rather than as a stitched graph,
 * with what real history holds besides: warm transfers (the new leg starts before the old one
 * ends), customers bounced past maxDepth, follow-ups inside the stitching window, in its grace
 * period and outside it, scheduled callbacks that name their parent, CRM cases (threading.threadId)
 * that come back weeks later, family plans sharing a phone number, B2B composite keys (and a few
 * account-only ones), anonymous contacts (orphans), runaway flows that outgrow maxThreadSize, and,
 * when asked, broken records of every kind the importer refuses.
 */

export interface HistoryOptions {
  seed: number;
  /** Customers are added until at least this many interactions exist. */
  interactions: number;
  /** The history covers this many days, up to HISTORY_END. */
  days: number;
  /** Probability that a broken record follows a record (0: none). */
  invalid?: number;
}

/** One item of the history: a record, or a line that is not one (a broken record, when asked for). */
export type HistoryItem = { kind: 'record'; record: RecordJson } | { kind: 'malformed'; id: string };

const HISTORY: HistoryShape = { warmTransfer: 0.35, bouncing: 0.03 };
const WINDOW_MS = 7 * DAY;
const GRACE_MS = 300_000;

function identityOf(rng: Rng, customer: number): CustomerIdentity {
  const base = benchCustomer(customer);
  const b2b = rng.chance(0.12);
  const account = 100 + Math.floor(customer / 5);
  const externalId = b2b ? (rng.chance(0.08) ? `ACCT-${account}` : `ACCT-${account}-CUST-${customer}`) : base.externalId;
  // A family plan: this customer calls from the previous customer's number.
  const phoneNumber = customer > 1 && rng.chance(0.06) ? benchCustomer(customer - 1).phoneNumber : base.phoneNumber;
  return { ...base, externalId, phoneNumber };
}

/** Yields the history customer by customer (not in time order: the importer sorts). */
export function* generateHistory(opts: HistoryOptions): Generator<HistoryItem> {
  const rng = mulberry32(opts.seed);
  const agents = agentIds(opts.interactions);
  const start = HISTORY_END - opts.days * DAY;
  const invalid = opts.invalid ?? 0;
  let total = 0;
  let threadSeq = 0;
  let broken = 0;
  for (let customer = 1; total < opts.interactions; customer++) {
    const who = identityOf(rng, customer);
    const threads = rng.weighted(THREADS_PER_CUSTOMER);
    let at = start + rng.between(0, Math.max(DAY, (opts.days - 2) * DAY));
    const runaway = rng.chance(1 / 3000);
    for (let k = 0; k < threads && at < HISTORY_END; k++) {
      const builder = new ThreadBuilder(rng, who, `thr-${++threadSeq}`, agents, HISTORY);
      builder.grow(at, k === threads - 1 && rng.chance(0.1));
      const crm = rng.chance(0.12) ? `CASE-${threadSeq}` : null;
      const anonymous = rng.chance(0.01);
      extend(rng, builder, crm, runaway && k === 0);
      for (const d of builder.drafts) {
        const record = recordOf(d, who, crm, anonymous && d === builder.drafts[0]);
        yield { kind: 'record', record };
        total++;
        if (invalid > 0 && rng.chance(invalid)) {
          yield brokenOf(rng, record, `bad-${++broken}`);
        }
      }
      at = builder.lastActivityMs() + NEXT_THREAD_GAP + rng.between(0, 30 * DAY);
    }
  }
}

/** What history adds after a journey's own growth: a callback, a follow-up in the grace period, a CRM case reopened, a runaway flow. */
function extend(rng: Rng, builder: ThreadBuilder, crm: string | null, runaway: boolean): void {
  const drafts = builder.drafts;
  const last = () => drafts[drafts.length - 1]!;
  if (last().endMs === null) return;
  const agent = () => rng.pick(builder.agents);
  if (rng.chance(0.05)) {
    // A callback the agent scheduled: it names the interaction it follows up.
    const parent = rng.pick(drafts);
    const d = builder.add(
      rng.weighted(CHANNEL_WEIGHTS),
      builder.lastActivityMs() + rng.between(0.5 * DAY, 3 * DAY),
      parent,
      'AUTO_STITCH',
      agent(),
      false,
    );
    d.named = parent;
  }
  if (rng.chance(0.04)) {
    // Back just past the stitching window, inside its grace period.
    builder.add(
      rng.weighted(CHANNEL_WEIGHTS),
      builder.lastActivityMs() + WINDOW_MS + rng.between(1_000, GRACE_MS - 1_000),
      last(),
      'AUTO_STITCH',
      agent(),
      false,
    );
  }
  if (crm !== null && rng.chance(0.3)) {
    // The CRM case comes back weeks later: its thread id joins it, whatever the window.
    builder.add('EMAIL', builder.lastActivityMs() + rng.between(10 * DAY, 20 * DAY), last(), 'AUTO_STITCH', agent(), false);
  }
  if (runaway) {
    // A flow stuck in a loop: an SMS every few minutes, more than a thread may hold.
    for (let n = 0; n < 260; n++)
      builder.add('SMS', builder.lastActivityMs() + rng.between(60_000, 600_000), last(), 'AUTO_STITCH', agent(), false);
  }
}

function recordOf(d: Draft, who: CustomerIdentity, crm: string | null, anonymous: boolean): RecordJson {
  const row = d.row;
  const threading = d.named ? { parentInteractionId: d.named.row.id } : crm ? { threadId: crm } : null;
  return {
    id: row.id,
    type: row.type,
    ...(anonymous ? {} : { externalId: who.externalId }),
    ...(row.phoneNumber ? { phoneNumber: row.phoneNumber } : {}),
    ...(row.email ? { email: row.email } : {}),
    ...(threading ? { threading } : {}),
    participants: d.participants,
    metadata: d.metadata,
    startedAt: row.startedAt,
    ...(d.endMs === null
      ? {}
      : {
          endedAt: iso(d.endMs),
          talkSeconds: row.talkSeconds,
          holdSeconds: row.holdSeconds,
          afterCallWorkSeconds: row.afterCallWorkSeconds,
        }),
  };
}

/** A broken record of one of the kinds the importer refuses, modelled on `like`. */
function brokenOf(rng: Rng, like: RecordJson, id: string): HistoryItem {
  const kind = rng.pick(['malformed', 'channel', 'offset', 'ghost', 'backwards'] as const);
  switch (kind) {
    case 'malformed':
      return { kind: 'malformed', id };
    case 'channel':
      return { kind: 'record', record: { ...like, id, type: 'FAX', metadata: { ...like.metadata, channel: 'FAX' } } };
    case 'offset':
      return { kind: 'record', record: { ...like, id, startedAt: like.startedAt.replace(/(\.\d+)?Z$/, '') } };
    case 'ghost':
      return { kind: 'record', record: { ...like, id, threading: { parentInteractionId: `ghost-${id}` } } };
    case 'backwards':
      return { kind: 'record', record: { ...like, id, endedAt: iso(Date.parse(like.startedAt) - 60_000) } };
  }
}
