import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import { AddressInfo } from 'node:net';
import path from 'node:path';
import { createClient } from 'graphql-ws';
import { SignJWT } from 'jose';
import WebSocket from 'ws';
import { App, startApp } from '../src/app';
import { StatementName } from '../src/cypher';
import { loadConfig } from '../src/config';
import { createLogger } from '../src/log';
import { Database, TenantDb } from '../src/neo4j';
import { createInteraction, endInteraction } from '../src/stitching';
import { describeMachine, loadAverage } from './machine';
import { percentile } from './stats';

/**
 * `npm run bench:events`: what thread events cost and how fast they travel.
 *
 * 1. The outbox's cost on the write path: createInteraction then endInteraction in a closed loop
 *    (service calls in this process, no HTTP), with the outbox (the statements as deployed, and
 *    the sequencer numbering events in the background) and without it (the same statements with
 *    their outbox part cut out), alternating in rounds in the same run, each round in a new tenant.
 * 2. Webhook delivery to a local receiver: the drain rate of a backlog (events/s), then the delay
 *    from a create's commit (its acknowledgement to the caller) to the receiver getting its
 *    interaction.created, under the create load; and the same delay to a graphql-ws subscriber.
 *
 * Uses the Neo4j named by NEO4J_URI (the shared benchmark server: bolt://127.0.0.1:7698).
 */

const log = (line: string) => console.log(line);

interface Flags {
  seconds: number;
  rounds: number;
  concurrency: number;
  customers: number;
  backlog: number;
  json: string;
}

function parseFlags(argv: string[]): Flags {
  const get = (name: string, fallback: number) => {
    const at = argv.indexOf(`--${name}`);
    if (at === -1) return fallback;
    const n = Number(argv[at + 1]);
    if (!Number.isFinite(n) || n <= 0) throw new Error(`--${name} needs a positive number`);
    return n;
  };
  const jsonAt = argv.indexOf('--json');
  return {
    seconds: get('seconds', 8),
    rounds: get('rounds', 3),
    concurrency: get('concurrency', 8),
    customers: get('customers', 200),
    backlog: get('backlog', 2000),
    json: path.resolve(jsonAt === -1 ? 'data/bench/events.json' : argv[jsonAt + 1]!),
  };
}

/** A write statement without its outbox: the part from "// The outbox" to the final read, and 0 events. */
function withoutOutbox(text: string): string {
  const start = text.search(/^\/\/ The outbox/m);
  const ends = [text.indexOf('\nOPTIONAL MATCH (parent:Interaction', start), text.indexOf('\nRETURN verdict', start)].filter((i) => i > 0);
  if (start < 0 || ends.length === 0) throw new Error('no outbox part found');
  const cut = text.slice(0, start) + text.slice(Math.min(...ends) + 1);
  const stripped = cut.replace(/^(\s*).*AS eventsRecorded$/m, '$10 AS eventsRecorded');
  if (/ThreadEvent|PendingEvent|eventSeq/.test(stripped.replace(/\/\/.*$/gm, ''))) throw new Error('the outbox is still there');
  return stripped;
}

interface OpSample {
  create: number[];
  end: number[];
  errors: number;
  seconds: number;
}

/** Each worker: create an interaction for one of `customers` (it often stitches), then end it; for `seconds`. */
async function closedLoop(
  h: TenantDb,
  opts: { seconds: number; concurrency: number; customers: number },
  onCommitted?: (id: string, at: number) => void,
): Promise<OpSample> {
  const sample: OpSample = { create: [], end: [], errors: 0, seconds: opts.seconds };
  const until = performance.now() + opts.seconds * 1000;
  let n = 0;
  await Promise.all(
    Array.from({ length: opts.concurrency }, async () => {
      while (performance.now() < until) {
        const customer = `CUST-${n++ % opts.customers}`;
        try {
          const t0 = performance.now();
          const created = await createInteraction(h, { type: 'VOICE', externalId: customer });
          const t1 = performance.now();
          onCommitted?.(created.interaction.id, Date.now());
          await endInteraction(h, created.interaction.id);
          sample.create.push(t1 - t0);
          sample.end.push(performance.now() - t1);
        } catch {
          sample.errors += 1;
        }
      }
    }),
  );
  return sample;
}

const row = (cells: (string | number)[]) => `| ${cells.join(' | ')} |`;
const ms = (v: number) => (Number.isFinite(v) ? v.toFixed(1) : '–');
const sorted = (xs: number[]) => [...xs].sort((a, b) => a - b);

async function main(flags: Flags): Promise<void> {
  const uri = process.env.NEO4J_URI;
  if (!uri) throw new Error('set NEO4J_URI (the benchmark Neo4j: bolt://127.0.0.1:7698)');
  const machine = describeMachine();
  const loadBefore = loadAverage();
  const run = Date.now().toString(36);
  log(`threadgraph events bench: ${new Date().toISOString()}`);
  log(`machine: ${machine.cpus} CPUs (${machine.cpuModel}), ${machine.memoryGiB} GiB, ${machine.os}, Node ${machine.node}`);
  log(`load average before: ${loadBefore}`);
  log(`flags: ${JSON.stringify(flags)}`);

  const secret = randomBytes(32).toString('hex');
  const config = loadConfig({
    NODE_ENV: 'production',
    HOST: '127.0.0.1',
    PORT: '0',
    LOG_LEVEL: 'silent',
    NEO4J_URI: uri,
    NEO4J_USER: process.env.NEO4J_USER ?? 'neo4j',
    NEO4J_PASSWORD: process.env.NEO4J_PASSWORD ?? '',
    AUTH_JWT_SECRET: secret,
    PRIVACY_HASH_SECRET: secret,
    WEBHOOK_ALLOWED_NETWORKS: '127.0.0.0/8',
    WEBHOOK_CONCURRENCY: '8',
    // No retention sweep on the shared benchmark database.
    RETENTION_INTERVAL: '0',
  });
  const app: App = await startApp(config, createLogger('silent'));
  const receiver = await startReceiver();
  try {
    await app.warmed;
    const plain = app.db;
    const stripped: Record<StatementName, string> = { ...plain.queries };
    for (const name of ['create-interaction', 'end-interaction'] as const) stripped[name] = withoutOutbox(plain.queries[name]);
    const noOutbox = new Database(plain.driver, plain.name, stripped, plain.metrics);

    // 1. The outbox's cost: rounds alternate which variant goes first.
    const variants = { with: [] as OpSample[], without: [] as OpSample[] };
    for (let r = 0; r < flags.rounds; r++) {
      const order: ('with' | 'without')[] = r % 2 === 0 ? ['with', 'without'] : ['without', 'with'];
      for (const v of order) {
        const tenant = `bench-events-${run}-${v}-${r}`;
        const db = v === 'with' ? plain : noOutbox;
        await closedLoop(db.forTenant(tenant), { ...flags, seconds: 1 }); // warm-up (plans, pool)
        variants[v].push(await closedLoop(db.forTenant(tenant), flags));
        log(`round ${r + 1} ${v} outbox: ${variants[v].at(-1)!.create.length} create+end pairs`);
      }
    }
    const recorded = await plain.runRaw(
      'MATCH (e:ThreadEvent) WHERE e.tenant STARTS WITH $prefix RETURN count(e) AS n, count(e.sequence) AS numbered',
      { prefix: `bench-events-${run}-with-` },
    );
    const summary = (samples: OpSample[]) => {
      const create = sorted(samples.flatMap((s) => s.create));
      const end = sorted(samples.flatMap((s) => s.end));
      const seconds = samples.reduce((n, s) => n + s.seconds, 0);
      return {
        pairs: create.length,
        errors: samples.reduce((n, s) => n + s.errors, 0),
        pairsPerSecond: create.length / seconds,
        create: { p50: percentile(create, 50), p99: percentile(create, 99) },
        end: { p50: percentile(end, 50), p99: percentile(end, 99) },
      };
    };
    const cost = { with: summary(variants.with), without: summary(variants.without), events: recorded[0] };

    // 2. Delivery. A backlog first: record events while the endpoint is disabled, then enable it and time the drain.
    const tenant = `bench-events-${run}-delivery`;
    const token = await new SignJWT({ tenant, scope: 'interaction:read interaction:write webhook:admin' })
      .setProtectedHeader({ alg: 'HS256' })
      .setIssuedAt()
      .setExpirationTime('2h')
      .sign(new TextEncoder().encode(secret));
    const call = async (query: string) => {
      const res = await fetch(app.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ query }),
      });
      const body = (await res.json()) as { data?: any; errors?: unknown };
      if (body.errors) throw new Error(JSON.stringify(body.errors));
      return body.data;
    };
    const created = await call(
      `mutation { createWebhookEndpoint(input: { url: "${receiver.url}", eventTypes: ["interaction.created", "interaction.ended", "thread.closed"] }) { endpoint { id } } }`,
    );
    const endpointId = created.createWebhookEndpoint.endpoint.id as string;
    await call(`mutation { disableWebhookEndpoint(id: "${endpointId}") { status } }`);
    const h = app.db.forTenant(tenant);
    let queued = 0;
    while (queued < flags.backlog) {
      await Promise.all(
        Array.from({ length: flags.concurrency }, async (_, k) => {
          const c = await createInteraction(h, { type: 'EMAIL', externalId: `BACKLOG-${queued + k}` });
          await endInteraction(h, c.interaction.id);
        }),
      );
      queued += flags.concurrency * 3; // created, ended, closed
    }
    const backlog = (await plain.runRaw('MATCH (e:ThreadEvent {tenant: $tenant}) RETURN count(e) AS n', { tenant }))[0]!.n as number;
    // Everything numbered before the drain starts, so the drain measures delivery alone.
    await waitFor(
      async () => ((await plain.runRaw('MATCH (e:PendingEvent {tenant: $tenant}) RETURN count(e) AS n', { tenant }))[0]!.n as number) === 0,
      120_000,
    );
    receiver.reset();
    const drainStart = performance.now();
    await call(`mutation { enableWebhookEndpoint(id: "${endpointId}") { status } }`);
    await waitFor(async () => receiver.count() >= backlog, 600_000);
    const drainSeconds = (performance.now() - drainStart) / 1000;
    const drain = { events: backlog, seconds: drainSeconds, perSecond: backlog / drainSeconds, duplicates: receiver.duplicates() };
    log(`drain: ${backlog} events in ${drainSeconds.toFixed(1)} s`);

    // Then the delay from commit to delivery (webhook, and a subscriber over graphql-ws), under the create load.
    receiver.reset();
    const committed = new Map<string, number>();
    const subscribed = new Map<string, number>();
    const ws = createClient({
      url: app.url.replace(/^http/, 'ws'),
      webSocketImpl: WebSocket,
      connectionParams: { authorization: `Bearer ${token}` },
      retryAttempts: 0,
    });
    const customers = Array.from({ length: 20 }, (_, k) => `CUST-${k}`);
    // From the tenant's current position: a subscription set up after a create still gets its event.
    const position = Number((await call('{ threadEvents(first: 0) { pageInfo { endCursor } } }')).threadEvents.pageInfo.endCursor);
    const unsubscribe = customers.map((customer) =>
      ws.subscribe<{ customerThreads: { type: string; data: { interaction: { id: string } } } }>(
        { query: `subscription { customerThreads(externalId: "${customer}", after: ${position}) { type data } }` },
        {
          next: ({ data }) => {
            if (data?.customerThreads.type === 'interaction.created') subscribed.set(data.customerThreads.data.interaction.id, Date.now());
          },
          error: () => undefined,
          complete: () => undefined,
        },
      ),
    );
    // Every subscription is following once an event of its customer arrives: one each first.
    for (const customer of customers) await createInteraction(h, { type: 'SMS', externalId: customer });
    await waitFor(async () => subscribed.size >= customers.length, 60_000);
    subscribed.clear();
    const loadSample = await closedLoop(h, { seconds: flags.seconds * 2, concurrency: flags.concurrency, customers: 20 }, (id, at) =>
      committed.set(id, at),
    );
    await waitFor(async () => [...committed.keys()].every((id) => receiver.createdAt(id) !== undefined), 120_000);
    await waitFor(async () => [...committed.keys()].every((id) => subscribed.has(id)), 60_000);
    unsubscribe.forEach((u) => u());
    await ws.dispose();
    const webhookDelays = sorted([...committed].map(([id, at]) => Math.max(0, receiver.createdAt(id)! - at)));
    const subscriptionDelays = sorted([...committed].map(([id, at]) => Math.max(0, subscribed.get(id)! - at)));
    const delivery = {
      creates: committed.size,
      createsPerSecond: loadSample.create.length / loadSample.seconds,
      webhook: { p50: percentile(webhookDelays, 50), p99: percentile(webhookDelays, 99), max: webhookDelays.at(-1) },
      subscription: { p50: percentile(subscriptionDelays, 50), p99: percentile(subscriptionDelays, 99), max: subscriptionDelays.at(-1) },
      duplicates: receiver.duplicates(),
    };

    const loadAfter = loadAverage();
    log('');
    log('The outbox on the write path (create then end, closed loop, in-process):');
    log(row(['variant', 'create+end pairs', 'errors', 'pairs/s', 'create p50 ms', 'create p99 ms', 'end p50 ms', 'end p99 ms']));
    log(row(['---', '---:', '---:', '---:', '---:', '---:', '---:', '---:']));
    for (const v of ['without', 'with'] as const) {
      const s = cost[v];
      log(
        row([
          `${v} outbox`,
          s.pairs,
          s.errors,
          s.pairsPerSecond.toFixed(1),
          ms(s.create.p50),
          ms(s.create.p99),
          ms(s.end.p50),
          ms(s.end.p99),
        ]),
      );
    }
    log(
      `with / without: throughput ${(cost.with.pairsPerSecond / cost.without.pairsPerSecond).toFixed(3)}×, create p50 ${(cost.with.create.p50 / cost.without.create.p50).toFixed(3)}×, end p50 ${(cost.with.end.p50 / cost.without.end.p50).toFixed(3)}×`,
    );
    log(`events recorded by the 'with' rounds: ${JSON.stringify(cost.events)}`);
    log('');
    log(
      `Webhook drain: ${drain.events} events in ${drain.seconds.toFixed(2)} s = ${drain.perSecond.toFixed(1)} events/s (duplicates ${drain.duplicates})`,
    );
    log(
      `Under ${delivery.createsPerSecond.toFixed(1)} create+end pairs/s (${delivery.creates} creates): commit to webhook p50 ${ms(delivery.webhook.p50)} ms, p99 ${ms(delivery.webhook.p99)} ms, max ${ms(delivery.webhook.max ?? NaN)} ms; to a graphql-ws subscriber p50 ${ms(delivery.subscription.p50)} ms, p99 ${ms(delivery.subscription.p99)} ms, max ${ms(delivery.subscription.max ?? NaN)} ms`,
    );
    log(`load average before: ${loadBefore}; after: ${loadAfter}`);
    fs.mkdirSync(path.dirname(flags.json), { recursive: true });
    fs.writeFileSync(
      flags.json,
      JSON.stringify({ date: new Date().toISOString(), machine, loadBefore, loadAfter, flags, cost, drain, delivery }, null, 2),
    );
    log(`raw results in ${path.relative(process.cwd(), flags.json)}`);
  } finally {
    await receiver.stop();
    await app.stop();
  }
}

async function waitFor(check: () => Promise<boolean>, ms: number): Promise<void> {
  for (const deadline = Date.now() + ms; !(await check());) {
    if (Date.now() > deadline) throw new Error(`timed out after ${ms} ms`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** A local webhook receiver: answers 200 at once, notes when each event (by webhook-id) first arrived. */
async function startReceiver() {
  let arrivals = new Map<string, number>();
  let createdBy = new Map<string, number>();
  let repeats = 0;
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      const at = Date.now();
      const id = String(req.headers['webhook-id']);
      if (arrivals.has(id)) repeats += 1;
      else arrivals.set(id, at);
      try {
        const e = JSON.parse(body) as { type: string; data: { interaction?: { id: string } } };
        if (e.type === 'interaction.created' && e.data.interaction) createdBy.set(e.data.interaction.id, at);
      } catch {
        // not JSON: counted, not matched
      }
      res.writeHead(200).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`,
    count: () => arrivals.size,
    duplicates: () => repeats,
    createdAt: (interactionId: string) => createdBy.get(interactionId),
    reset() {
      arrivals = new Map();
      createdBy = new Map();
      repeats = 0;
    },
    stop: () => new Promise<void>((resolve) => (server.closeAllConnections(), server.close(() => resolve()))),
  };
}

main(parseFlags(process.argv.slice(2))).then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
