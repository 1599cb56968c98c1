import { Rng } from '../prng';
import { cycle, JSON_HEADERS, operation, serviceHeaders, THREAD, VIEW_SIZES, viewFixture, ViewFixture } from './reads';
import { AnyScenario, BenchRequest, defineScenario, FixtureContext } from './types';

/**
 * The write scenarios (issue 12): createInteraction for new customers and for follow-ups of known
 * ones, transferInteraction and endInteraction, each against one raw CREATE behind the floor
 * server; and the mixed load, 80% thread views and 20% creates on 50 connections, beside the same
 * mix on the floor. They run after every read round (`writes: true`), so reads see the data as
 * loaded; what they create stays in the tenant (ids carry the run's id, so runs never collide).
 */

const CREATE = operation('create-interaction.graphql');
const TRANSFER = `mutation Transfer($id: ID!, $to: TransferInput!) {
  transferInteraction(id: $id, to: $to) { interaction { id depth stitchReason } thread { id status } stitch { parentId reason } replayed }
}`;
const END = `mutation End($id: ID!, $input: EndInteractionInput) {
  endInteraction(id: $id, input: $input) { id state endedAt thread { id status } }
}`;

const CHANNELS = ['VOICE', 'WEB_CHAT', 'EMAIL', 'SMS', 'MESSAGING'] as const;
/** Customers whose follow-ups a run sends (a follow-up per customer at a time, so none waits on itself). */
const FOLLOW_UP_CUSTOMERS = 1500;
/** A follow-up starts this long after the customer's previous contact: well inside the stitching window. */
const FOLLOW_UP_GAP_MS = 10 * 60_000;
/** A transfer chain is this many legs long before a new customer calls (so threads stay of a usual size). */
const TRANSFER_LEGS = 4;
/** Live interactions the transfer and end scenarios start from, made through the service by the fixture. */
const LIVE_SEED = 100;
const MIXED_CONNECTIONS = 50;
const MIXED_READ_SHARE = 0.8;

interface WriteFixture {
  tenant: string;
  /** The floor's own tenant: its raw creates never touch the dataset. */
  floorTenant: string;
  token: string;
  runId: string;
  dataset: string;
  /** Known customers (none of the thread view's) with their last activity, for follow-ups. */
  followUps: { customer: string; last: string }[];
  /** Live interactions to transfer or end first (transfer and end scenarios only). */
  live: string[];
}

async function post(url: string, token: string, query: string, variables: Record<string, unknown>): Promise<Record<string, any>> {
  const res = await fetch(`${url}/graphql`, { method: 'POST', headers: serviceHeaders(token), body: JSON.stringify({ query, variables }) });
  const body = (await res.json()) as { data?: Record<string, any>; errors?: unknown };
  if (!res.ok || body.errors) throw new Error(`the write fixture's request failed: ${res.status} ${JSON.stringify(body.errors)}`);
  return body.data!;
}

/** What every write scenario needs; `live` only for those that act on live interactions. */
function writeFixture(live: number) {
  return async (ctx: FixtureContext): Promise<WriteFixture> => {
    const viewed = new Set((await ctx.sampleThreads({ count: ctx.sample, ...VIEW_SIZES })).map((t) => t.customer));
    const chosen = new Set<string>();
    for (let k = 1; k <= ctx.customers && chosen.size < FOLLOW_UP_CUSTOMERS; k++) {
      // Every 7th customer, so the follow-ups spread over the dataset.
      const c = `CUST-${((k * 7) % ctx.customers) + 1}`;
      if (!viewed.has(c)) chosen.add(c);
    }
    const customers = [...chosen];
    const rows = await ctx.db.runRaw(ctx.queries['last-activity'], { tenant: ctx.tenant, customers });
    const followUps = rows.flatMap((r) => (typeof r.last === 'string' ? [{ customer: String(r.customer), last: r.last }] : []));
    const seeded: string[] = [];
    for (let k = 0; k < live; k++) {
      const data = await post(ctx.urls.service, ctx.token, CREATE, {
        input: { type: 'VOICE', externalId: `BENCH-${ctx.runId}-${ctx.dataset}-seed-${k}` },
      });
      seeded.push(String(data.createInteraction.interaction.id));
    }
    return {
      tenant: ctx.tenant,
      floorTenant: `${ctx.tenant}-floor`,
      token: ctx.token,
      runId: ctx.runId,
      dataset: ctx.dataset,
      followUps,
      live: seeded,
    };
  };
}

/** Request makers shared by the scenarios below; each keeps its own counters and queues. */
function makers(f: WriteFixture, rng: Rng, scenario: string) {
  let n = 0;
  const nextId = () => `${f.runId}-${f.dataset}-${scenario}-${++n}`;
  const followUpClock = new Map<string, number>();
  const nextFollowUp = cycle(f.followUps);
  const graphql = (query: string, variables: Record<string, unknown>, tag?: string): BenchRequest => ({
    path: '/graphql',
    headers: serviceHeaders(f.token),
    body: JSON.stringify({ query, variables }),
    tag,
  });
  return {
    /** A new customer's first contact: no history to stitch to, a new thread. */
    createNew: (tag?: string, onId?: (id: string) => void): BenchRequest => ({
      ...graphql(CREATE, { input: { type: rng.pick(CHANNELS), externalId: `BENCH-${nextId()}` } }, tag),
      onAnswer: onId ? (status, body) => answeredId(status, body, 'createInteraction', onId) : undefined,
    }),
    /** A known customer's next contact, minutes after the last: the engine stitches it to their thread. */
    createFollowUp: (tag?: string): BenchRequest => {
      const { customer, last } = nextFollowUp();
      const at = (followUpClock.get(customer) ?? Date.parse(last)) + FOLLOW_UP_GAP_MS;
      followUpClock.set(customer, at);
      return graphql(CREATE, { input: { type: rng.pick(CHANNELS), externalId: customer, startedAt: new Date(at).toISOString() } }, tag);
    },
    /** The floor's raw CREATE, with what a new customer's create carries. */
    floorCreate: (tag?: string): BenchRequest => ({
      path: '/create',
      headers: JSON_HEADERS,
      body: JSON.stringify({
        tenant: f.floorTenant,
        id: nextId(),
        type: rng.pick(CHANNELS),
        externalId: `BENCH-${nextId()}`,
        startedAt: new Date().toISOString(),
      }),
      tag,
    }),
    graphql,
  };
}

/** Hands the id a mutation answered with to `onId`, when it succeeded. */
function answeredId(status: number, body: string, field: string, onId: (id: string) => void): void {
  if (status !== 200) return;
  try {
    const answer = (JSON.parse(body) as { data?: Record<string, { interaction?: { id?: string }; id?: string } | null> }).data?.[field];
    const id = answer?.interaction?.id ?? answer?.id;
    if (typeof id === 'string') onId(id);
  } catch {
    // Not JSON: counted as an error by `ok`; nothing to learn from it.
  }
}

const createNewService = defineScenario<WriteFixture>({
  name: 'create-new/service',
  title: 'createInteraction: threadgraph, new customers',
  target: 'service',
  floor: 'create/floor',
  writes: true,
  fixture: writeFixture(0),
  requests: (f, rng) => {
    const m = makers(f, rng, 'new');
    return () => m.createNew();
  },
});

const createFollowUpService = defineScenario<WriteFixture>({
  name: 'create-followup/service',
  title: 'createInteraction: threadgraph, follow-ups of known customers',
  target: 'service',
  floor: 'create/floor',
  writes: true,
  fixture: writeFixture(0),
  requests: (f, rng) => {
    const m = makers(f, rng, 'followup');
    return () => m.createFollowUp();
  },
});

const createFloor = defineScenario<WriteFixture>({
  name: 'create/floor',
  title: 'create: floor, one raw CREATE in one write transaction',
  target: 'floor',
  writes: true,
  fixture: writeFixture(0),
  requests: (f, rng) => {
    const m = makers(f, rng, 'floor');
    return () => m.floorCreate();
  },
});

/**
 * Transfers of live interactions: each transfer's new leg is live and is transferred in turn, up to
 * TRANSFER_LEGS legs; then a new customer calls (tagged `create`) and its contact joins the queue.
 */
const transferService = defineScenario<WriteFixture>({
  name: 'transfer/service',
  title: 'transferInteraction: threadgraph (with the new customers that start the chains)',
  target: 'service',
  floor: 'create/floor',
  writes: true,
  fixture: writeFixture(LIVE_SEED),
  requests: (f, rng) => {
    const m = makers(f, rng, 'transfer');
    const queue = f.live.map((id) => ({ id, legs: 1 }));
    let k = 0;
    return () => {
      const next = queue.shift();
      if (!next) return m.createNew('create', (id) => queue.push({ id, legs: 1 }));
      const request = m.graphql(
        TRANSFER,
        { id: next.id, to: { type: rng.pick(CHANNELS), participants: [{ id: `agent-${++k % 50}`, role: 'AGENT' }] } },
        'transfer',
      );
      return {
        ...request,
        onAnswer: (status, body) =>
          answeredId(status, body, 'transferInteraction', (id) => {
            if (next.legs + 1 < TRANSFER_LEGS) queue.push({ id, legs: next.legs + 1 });
          }),
      };
    };
  },
});

/** Ends of live interactions, with talk, hold and after-call work; new customers (tagged `create`) refill the queue. */
const endService = defineScenario<WriteFixture>({
  name: 'end/service',
  title: 'endInteraction: threadgraph (with the new customers whose contacts it ends)',
  target: 'service',
  floor: 'create/floor',
  writes: true,
  fixture: writeFixture(LIVE_SEED),
  requests: (f, rng) => {
    const m = makers(f, rng, 'end');
    const queue = [...f.live];
    return () => {
      const id = queue.shift();
      if (id === undefined) return m.createNew('create', (created) => queue.push(created));
      return m.graphql(
        END,
        { id, input: { talkSeconds: rng.int(30, 900), holdSeconds: rng.int(0, 120), afterCallWorkSeconds: rng.int(0, 300) } },
        'end',
      );
    };
  },
});

// --- the mixed load ------------------------------------------------------------------------------

interface MixedFixture {
  view: ViewFixture;
  write: WriteFixture;
}

const mixedFixture = async (ctx: FixtureContext): Promise<MixedFixture> => ({
  view: await viewFixture(ctx),
  write: await writeFixture(0)(ctx),
});

/**
 * 80% thread views, 20% creates (half new customers, half follow-ups of known ones), on 50
 * connections: reads and writes tagged, so the table has a line for each, and create p99 is the
 * `create` line's.
 */
const mixedService = defineScenario<MixedFixture>({
  name: 'mixed/service',
  title: `mixed: threadgraph, ${MIXED_READ_SHARE * 100}% thread views, ${100 - MIXED_READ_SHARE * 100}% creates`,
  target: 'service',
  floor: 'mixed/floor',
  writes: true,
  connections: MIXED_CONNECTIONS,
  fixture: mixedFixture,
  requests: (f, rng) => {
    const m = makers(f.write, rng, 'mixed');
    const nextThread = cycle(f.view.ids);
    return () => {
      if (rng.chance(MIXED_READ_SHARE)) return m.graphql(THREAD, { id: nextThread() }, 'read');
      return rng.chance(0.5) ? m.createNew('create') : m.createFollowUp('create');
    };
  },
});

const mixedFloor = defineScenario<MixedFixture>({
  name: 'mixed/floor',
  title: `mixed: floor, ${MIXED_READ_SHARE * 100}% thread views, ${100 - MIXED_READ_SHARE * 100}% raw CREATEs`,
  target: 'floor',
  writes: true,
  connections: MIXED_CONNECTIONS,
  fixture: mixedFixture,
  requests: (f, rng) => {
    const m = makers(f.write, rng, 'mixed-floor');
    const nextThread = cycle(f.view.ids);
    return () => {
      if (rng.chance(MIXED_READ_SHARE)) {
        return {
          path: '/thread-view',
          headers: JSON_HEADERS,
          body: JSON.stringify({ tenant: f.view.tenant, id: nextThread() }),
          tag: 'read',
        };
      }
      // The service's creates draw twice (new or follow-up, then the channel): draw alike, so both sides see the same mix.
      rng.chance(0.5);
      return m.floorCreate('create');
    };
  },
});

/** In the order they run within a round: each write beside its floor, then the mixed load beside its floor. */
export const WRITE_SCENARIOS: readonly AnyScenario[] = [
  createNewService,
  createFollowUpService,
  createFloor,
  transferService,
  endService,
  mixedService,
  mixedFloor,
];
