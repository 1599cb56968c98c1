import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { SignJWT } from 'jose';
import { App, startApp } from '../src/app';
import { loadConfig } from '../src/config';
import { createLogger } from '../src/log';
import { connect, Database, LocalNeo4j, migrate, startLocalNeo4j } from '../src/neo4j';
import { agentCount } from './generate';
import { DatasetSpec, fmt, LoadReport, loadDataset } from './load';
import { describeMachine, loadAverage } from './machine';
import { BenchOptions, parseOptions, UsageError } from './options';
import { mulberry32 } from './prng';
import { BenchQueries, loadBenchQueries } from './queries';
import { CREATE_GRAPHQL, renderTable, Row, THREAD_GRAPHQL, THREAD_RAW } from './report';
import { closedLoop, createBodies, FollowUpTarget, graphqlLoad, LoadShape, OPERATIONS, rawWalk, rotation, threadBodies } from './scenarios';
import { merge, Sample, summarize } from './stats';

/**
 * `npm run bench`: loads a small and a large synthetic dataset (each in its own tenant), starts the
 * service in this process, and measures for each dataset the thread query through GraphQL, the
 * same threads through the raw walk-threads Cypher on the driver, and createInteraction.
 */

const log = (line: string) => console.log(line);

interface Sampled {
  id: string;
  customer: string;
  size: number;
}

async function main(opts: BenchOptions): Promise<void> {
  const machine = describeMachine();
  const loadBefore = loadAverage();
  log(`threadgraph bench: ${new Date().toISOString()}`);
  log(
    `machine: ${machine.cpus} CPUs (${machine.cpuModel}), ${machine.memoryGiB} GiB, ${machine.os}, Node ${machine.node}, ${machine.java}`,
  );
  log(`load average before: ${loadBefore}`);

  let local: LocalNeo4j | undefined;
  let db: Database | undefined;
  let app: App | undefined;
  const stopAll = async () => {
    await app?.stop();
    await db?.close();
    await local?.stop();
  };
  process.once('SIGINT', () => void stopAll().finally(() => process.exit(130)));

  try {
    let uri: string;
    if (opts.neo4j) {
      uri = opts.neo4j.uri;
    } else {
      // The launcher reads its page cache size from its environment, which it inherits from ours.
      process.env.NEO4J_PAGECACHE = opts.pageCache;
      log(`starting the embedded Neo4j in ${path.relative(process.cwd(), opts.dataDir)} (heap ${opts.heap}, page cache ${opts.pageCache})`);
      local = await startLocalNeo4j({ dataDir: opts.dataDir, port: 0, heap: opts.heap, log });
      uri = local.uri;
    }
    db = await connect(uri, opts.neo4j ?? undefined, opts.database);
    await migrate(db);
    const queries = loadBenchQueries();

    const specs: DatasetSpec[] = [
      { name: 'small', tenant: 'bench-small', seed: opts.seed, interactions: opts.smallInteractions, batchSize: opts.batchSize },
      { name: 'large', tenant: 'bench-large', seed: opts.seed, interactions: opts.largeInteractions, batchSize: opts.batchSize },
    ].filter((s) => opts.only === null || s.name === opts.only);
    const loads = new Map<string, LoadReport>();
    for (const spec of specs) loads.set(spec.name, await loadDataset(db, queries, spec, log));

    const secret = randomBytes(32).toString('hex');
    const config = loadConfig({
      NODE_ENV: 'production',
      HOST: '127.0.0.1',
      PORT: '0',
      LOG_LEVEL: 'silent',
      NEO4J_URI: uri,
      NEO4J_USER: opts.neo4j?.user ?? 'neo4j',
      NEO4J_PASSWORD: opts.neo4j?.password ?? '',
      NEO4J_DATABASE: opts.database,
      AUTH_JWT_SECRET: secret,
    });
    app = await startApp(config, createLogger('silent'));
    // Query plans warm in the background after a start; measure the service once they are.
    await app.warmed;
    log(`service listening on ${app.url}, query plans warmed`);

    const prepared: Prepared[] = [];
    for (const spec of specs) prepared.push(await prepareDataset(app, db, queries, spec, loads.get(spec.name)!, opts, secret));
    const rows = await measure(app, prepared, opts);

    const table = renderTable(rows);
    const loadAfter = loadAverage();
    log('');
    log(table);
    log('');
    log(`load average before: ${loadBefore}; after: ${loadAfter}`);
    fs.mkdirSync(path.dirname(opts.jsonOut), { recursive: true });
    fs.writeFileSync(
      opts.jsonOut,
      JSON.stringify(
        { date: new Date().toISOString(), machine, loadBefore, loadAfter, options: opts, loads: Object.fromEntries(loads), rows },
        null,
        2,
      ),
    );
    log(`raw results in ${path.relative(process.cwd(), opts.jsonOut)}`);
  } finally {
    await stopAll();
  }
}

/** One dataset, ready to be measured: its token, the sampled threads, and its request makers. */
interface Prepared {
  spec: DatasetSpec;
  loaded: LoadReport;
  token: string;
  ids: string[];
  raw: () => Promise<void>;
  createBody: () => string;
}

async function prepareDataset(
  app: App,
  db: Database,
  queries: BenchQueries,
  spec: DatasetSpec,
  loaded: LoadReport,
  opts: BenchOptions,
  secret: string,
): Promise<Prepared> {
  const token = await new SignJWT({ tenant: spec.tenant, scope: 'interaction:read interaction:write' })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject('bench')
    .setIssuedAt()
    .setExpirationTime('2h')
    .sign(new TextEncoder().encode(secret));

  // Threads of typical size spread over the whole dataset, and other customers to follow up on,
  // so the createInteraction run never grows a thread the thread fetch reads.
  const rng = mulberry32(opts.seed + 1);
  const candidates = [...new Set(Array.from({ length: opts.sample * 4 }, () => `CUST-${rng.int(1, loaded.customers)}`))];
  const sampleRows = await db.runRaw(queries['sample-threads'], { tenant: spec.tenant, customers: candidates, minSize: 4, maxSize: 8 });
  const sample = (sampleRows as unknown as Sampled[]).slice(0, opts.sample);
  if (sample.length === 0) throw new Error(`no thread of 4-8 interactions found in ${spec.tenant}`);
  const sampledCustomers = new Set(sample.map((s) => s.customer));
  const others = [...new Set(Array.from({ length: 500 }, () => `CUST-${rng.int(1, loaded.customers)}`))].filter(
    (c) => !sampledCustomers.has(c),
  );
  const targets = (await db.runRaw(queries['last-activity'], { tenant: spec.tenant, customers: others })) as unknown as FollowUpTarget[];
  const meanSize = sample.reduce((n, s) => n + s.size, 0) / sample.length;
  log(
    `[${spec.name}] ${sample.length} threads of 4-8 interactions (mean ${meanSize.toFixed(1)}), ${targets.length} customers to follow up`,
  );
  await verify(app, token, sample);

  const ids = sample.map((s) => s.id);
  const runId = Date.now().toString(36);
  return {
    spec,
    loaded,
    token,
    ids,
    raw: rawWalk(db, spec.tenant, rotation(ids)),
    createBody: createBodies(`${runId}-${spec.name}`, agentCount(spec.interactions), targets, opts.followUpEvery),
  };
}

/**
 * Measures every dataset in rounds that alternate datasets and scenarios (GraphQL thread fetch,
 * raw walk, then createInteraction last since it writes), so a change in the machine's load or a
 * JIT still warming up during the run falls on every cell of the table rather than on one.
 */
async function measure(app: App, datasets: readonly Prepared[], opts: BenchOptions): Promise<Row[]> {
  const roundSeconds = Math.max(1, Math.round(opts.duration / opts.rounds));
  const shape = (seconds: number): LoadShape => ({ connections: opts.connections, seconds });
  const samples = new Map<string, Sample[]>();
  const record = (d: Prepared, scenario: string, s: Sample) =>
    samples.set(`${d.spec.name}|${scenario}`, [...(samples.get(`${d.spec.name}|${scenario}`) ?? []), s]);

  log(
    `thread fetch: warm-up ${opts.warmup} s each, then ${opts.rounds} rounds of ${roundSeconds} s per dataset and scenario, ${opts.connections} connections`,
  );
  for (const d of datasets) {
    if (opts.warmup === 0) break;
    await graphqlLoad(app.url, d.token, shape(opts.warmup), threadBodies(d.ids));
    await closedLoop(shape(opts.warmup), d.raw);
  }
  for (let r = 0; r < opts.rounds; r++) {
    for (const d of datasets) {
      record(d, THREAD_GRAPHQL, await graphqlLoad(app.url, d.token, shape(roundSeconds), threadBodies(d.ids)));
      record(d, THREAD_RAW, await closedLoop(shape(roundSeconds), d.raw));
    }
  }
  log(
    `createInteraction: warm-up ${opts.warmup} s each, then ${opts.rounds} rounds of ${roundSeconds} s per dataset, ${opts.connections} connections`,
  );
  for (const d of datasets) {
    if (opts.warmup > 0) await graphqlLoad(app.url, d.token, shape(opts.warmup), d.createBody);
  }
  for (let r = 0; r < opts.rounds; r++) {
    for (const d of datasets) record(d, CREATE_GRAPHQL, await graphqlLoad(app.url, d.token, shape(roundSeconds), d.createBody));
  }

  return datasets.flatMap((d) =>
    [THREAD_GRAPHQL, THREAD_RAW, CREATE_GRAPHQL].map((scenario) => {
      const row: Row = {
        dataset: d.spec.name,
        interactions: d.loaded.interactions,
        scenario,
        summary: summarize(merge(samples.get(`${d.spec.name}|${scenario}`) ?? [])),
      };
      log(
        `[${row.dataset}] ${scenario}: ${fmt(Math.round(row.summary.perSecond))} req/s, p50 ${row.summary.p50.toFixed(2)} ms, p99 ${row.summary.p99.toFixed(2)} ms, ${row.summary.errors} errors`,
      );
      return row;
    }),
  );
}

/** Fetches each sampled thread once through GraphQL and checks it comes back whole, before timing anything. */
async function verify(app: App, token: string, sample: readonly Sampled[]): Promise<void> {
  for (const s of sample) {
    const res = await fetch(app.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query: OPERATIONS.thread, variables: { id: s.id } }),
    });
    const body = (await res.json()) as { data?: { thread?: { interactions: unknown[]; edges: unknown[] } | null }; errors?: unknown[] };
    const thread = body.data?.thread;
    if (res.status !== 200 || body.errors || !thread || thread.interactions.length !== s.size || thread.edges.length !== s.size - 1) {
      throw new Error(`thread ${s.id} did not come back whole through GraphQL: ${JSON.stringify(body).slice(0, 500)}`);
    }
  }
}

let options: BenchOptions;
try {
  options = parseOptions(process.argv.slice(2), process.env);
} catch (error) {
  console.error((error as Error).message);
  process.exit(error instanceof UsageError ? 2 : 1);
}
main(options).then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
