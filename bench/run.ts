import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { SignJWT } from 'jose';
import { App, startApp } from '../src/app';
import { loadConfig } from '../src/config';
import { createLogger } from '../src/log/logger';
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
  log(`machine: ${machine.cpus} CPUs (${machine.cpuModel}), ${machine.memoryGiB} GiB, ${machine.os}, Node ${machine.node}, ${machine.java}`);
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
    log(`service listening on ${app.url}`);

    const rows: Row[] = [];
    for (const spec of specs) rows.push(...(await benchDataset(app, db, queries, spec, loads.get(spec.name)!, opts, secret)));

    const table = renderTable(rows);
    const loadAfter = loadAverage();
    log('');
    log(table);
    log('');
    log(`load average before: ${loadBefore}; after: ${loadAfter}`);
    fs.mkdirSync(path.dirname(opts.jsonOut), { recursive: true });
    fs.writeFileSync(
      opts.jsonOut,
      JSON.stringify({ date: new Date().toISOString(), machine, loadBefore, loadAfter, options: opts, loads: Object.fromEntries(loads), rows }, null, 2),
    );
    log(`raw results in ${path.relative(process.cwd(), opts.jsonOut)}`);
  } finally {
    await stopAll();
  }
}

async function benchDataset(app: App, db: Database, queries: BenchQueries, spec: DatasetSpec, loaded: LoadReport, opts: BenchOptions, secret: string): Promise<Row[]> {
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
  const others = [...new Set(Array.from({ length: 500 }, () => `CUST-${rng.int(1, loaded.customers)}`))].filter((c) => !sampledCustomers.has(c));
  const targets = (await db.runRaw(queries['last-activity'], { tenant: spec.tenant, customers: others })) as unknown as FollowUpTarget[];
  const meanSize = sample.reduce((n, s) => n + s.size, 0) / sample.length;
  log(`[${spec.name}] ${sample.length} threads of 4-8 interactions (mean ${meanSize.toFixed(1)}), ${targets.length} customers to follow up`);
  await verify(app, token, sample);

  const ids = sample.map((s) => s.id);
  const roundSeconds = Math.max(1, Math.round(opts.duration / opts.rounds));
  const shape = (seconds: number): LoadShape => ({ connections: opts.connections, seconds });
  const raw = rawWalk(db, spec.tenant, rotation(ids));

  log(`[${spec.name}] thread fetch: warm-up ${opts.warmup} s, then ${opts.rounds} rounds of ${roundSeconds} s GraphQL + ${roundSeconds} s raw, ${opts.connections} connections`);
  if (opts.warmup > 0) {
    await graphqlLoad(app.url, token, shape(opts.warmup), threadBodies(ids));
    await closedLoop(shape(opts.warmup), raw);
  }
  const gqlSamples: Sample[] = [];
  const rawSamples: Sample[] = [];
  for (let r = 0; r < opts.rounds; r++) {
    gqlSamples.push(await graphqlLoad(app.url, token, shape(roundSeconds), threadBodies(ids)));
    rawSamples.push(await closedLoop(shape(roundSeconds), raw));
  }

  log(`[${spec.name}] createInteraction: warm-up ${opts.warmup} s, then ${opts.duration} s, ${opts.connections} connections`);
  const runId = Date.now().toString(36);
  const bodies = createBodies(runId, agentCount(spec.interactions), targets, opts.followUpEvery);
  if (opts.warmup > 0) await graphqlLoad(app.url, token, shape(opts.warmup), bodies);
  const created = await graphqlLoad(app.url, token, shape(opts.duration), bodies);

  const base = { dataset: spec.name, interactions: loaded.interactions };
  const rows: Row[] = [
    { ...base, scenario: THREAD_GRAPHQL, summary: summarize(merge(gqlSamples)) },
    { ...base, scenario: THREAD_RAW, summary: summarize(merge(rawSamples)) },
    { ...base, scenario: CREATE_GRAPHQL, summary: summarize(created) },
  ];
  for (const r of rows) log(`[${spec.name}] ${r.scenario}: ${fmt(Math.round(r.summary.perSecond))} req/s, p50 ${r.summary.p50.toFixed(2)} ms, p99 ${r.summary.p99.toFixed(2)} ms, ${r.summary.errors} errors`);
  return rows;
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
