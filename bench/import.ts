import { fork, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { loadConfig } from '../src/config';
import { csvHeaderLine, csvRowOf, generateHistory } from '../src/importer';
import { connect, Database, migrate } from '../src/neo4j';
import { integrityReport } from '../src/stitching';
import { serviceToken } from './fixtures';
import type { LivePhase } from './import-live';
import { describeMachine, loadAverage } from './machine';
import { buildService, ChildServer, startService } from './processes';
import { loadBenchQueries } from './queries';

/**
 * `npm run bench:import`: the history import against its floor, in one run on one Neo4j (NEO4J_URI).
 * Generates (once) a seeded history file, then, each in a process of its own and each into a tenant
 * of its own emptied first: the raw load (bench/import-raw.ts: the records written as they are, no
 * rule) and `threadgraph import` (sorted, stitched, locked, checked). Reports interactions per second
 * of each, their ratio, the import's peak memory (RSS), and checks the imported graph with the
 * integrity audit. Both tenants are emptied again at the end, so the shared benchmark database keeps
 * only its own datasets.
 *
 * With --live RATE, threadgraph's service runs too (built, as the Docker image runs it), and a
 * process of its own (bench/import-live.ts) sends it RATE createInteraction requests a second for
 * the history's customers: for LIVE_BASELINE_S seconds before the import (the latencies without
 * it), then all through the import. The audit then checks the graph both wrote.
 *
 * With --graph-floor, a third process (bench/import-graph.ts) writes the graph the import produced
 * again, as it stands, into a tenant of its own, with no rule and no read: an estimate of what
 * writing that graph alone costs, so the import's distance from the raw floor splits into what its
 * graph costs and what its rules (and its other work) cost.
 *
 * Flags: --interactions N (1000000) --days D (120) --seed S (42) --batch N (5000) --format ndjson|csv
 * --keep (leave the tenants loaded) --only import|raw --live RATE (0: none) --graph-floor.
 */

/** Seconds of live traffic before the import starts: the latencies it is compared with. */
const LIVE_BASELINE_S = 30;

const log = (line: string) => console.log(line);

interface Flags {
  interactions: number;
  days: number;
  seed: number;
  batch: number;
  format: 'ndjson' | 'csv';
  keep: boolean;
  only: 'import' | 'raw' | null;
  live: number;
  graphFloor: boolean;
}

function flags(argv: string[]): Flags {
  const get = (name: string) => {
    const i = argv.indexOf(`--${name}`);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const format = get('format') ?? 'ndjson';
  const only = get('only') ?? null;
  if (format !== 'ndjson' && format !== 'csv') throw new Error('--format must be ndjson or csv');
  if (only !== null && only !== 'import' && only !== 'raw') throw new Error('--only must be import or raw');
  const live = Number(get('live') ?? 0);
  if (!(live >= 0)) throw new Error('--live must be a rate (requests a second)');
  return {
    interactions: Number(get('interactions') ?? 1_000_000),
    days: Number(get('days') ?? 120),
    seed: Number(get('seed') ?? 42),
    batch: Number(get('batch') ?? 5000),
    format,
    keep: argv.includes('--keep'),
    graphFloor: argv.includes('--graph-floor'),
    only,
    live,
  };
}

function ensureHistory(f: Flags): string {
  const file = path.resolve('data/bench', `history-${f.interactions}-${f.days}d-s${f.seed}.${f.format}`);
  if (fs.existsSync(file)) return file;
  fs.mkdirSync(path.dirname(file), { recursive: true });
  log(`generating ${file}`);
  const fd = fs.openSync(`${file}.part`, 'w');
  let buffer = f.format === 'csv' ? `${csvHeaderLine()}\n` : '';
  for (const item of generateHistory({ seed: f.seed, interactions: f.interactions, days: f.days })) {
    if (item.kind !== 'record') continue;
    buffer += `${f.format === 'csv' ? csvRowOf(item.record) : JSON.stringify(item.record)}\n`;
    if (buffer.length > 1 << 20) {
      fs.writeSync(fd, buffer);
      buffer = '';
    }
  }
  fs.writeSync(fd, buffer);
  fs.closeSync(fd);
  fs.renameSync(`${file}.part`, file);
  return file;
}

/** Runs a child process, passing its stderr through, and returns its stdout. */
function run(command: string, args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'inherit'], env: process.env });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve(out) : reject(new Error(`${command} ${args.join(' ')} exited ${code}`))));
  });
}

/** The live-traffic process (bench/import-live.ts): phases named over IPC, its summary read from stdout. */
interface LiveTraffic {
  phase(name: 'before' | 'during'): void;
  stop(): Promise<Record<string, LivePhase>>;
}

async function startLiveTraffic(url: string, token: string, rate: number, customers: number, seed: number): Promise<LiveTraffic> {
  const child = fork(path.join(__dirname, 'import-live.ts'), [url, token, String(rate), String(customers), String(seed)], {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'pipe', 'inherit', 'ipc'],
  });
  // A send to a child that has died emits 'error': its exit code says what happened.
  child.on('error', (error) => process.stderr.write(`the live-traffic process: ${error.message}\n`));
  let out = '';
  child.stdout!.on('data', (chunk: Buffer) => (out += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  await new Promise<void>((resolve, reject) => {
    child.once('message', () => resolve());
    void exited.then((code) => reject(new Error(`the live-traffic process exited (${code}) before it was ready`)));
  });
  const send = (message: object) => {
    if (child.connected) child.send(message);
  };
  return {
    phase: (name) => send({ phase: name }),
    stop: async () => {
      send({ stop: true });
      // It waits for its requests in flight (each at most a minute); then it is killed.
      const timer = setTimeout(() => child.kill('SIGKILL'), 90_000);
      const code = await exited;
      clearTimeout(timer);
      if (code !== 0) throw new Error(`the live-traffic process exited ${code}`);
      return JSON.parse(out) as Record<string, LivePhase>;
    },
  };
}

const formatLive = (name: string, p: LivePhase) =>
  `live creates ${name} the import: ${p.requests} in ${p.seconds} s (${p.perSecond}/s), ${p.errors} errors, ` +
  `p50 ${p.p50} ms, p95 ${p.p95} ms, p99 ${p.p99} ms, max ${p.max} ms${p.firstError ? `; first error: ${p.firstError}` : ''}`;

/** Empties a tenant 20,000 nodes at a time (one statement over all of it can outlast the server's transaction timeout). */
async function wipe(db: Database, tenant: string): Promise<void> {
  const text = loadBenchQueries()['wipe-some'];
  while (Number((await db.runRaw(text, { tenant, limit: 20_000 }))[0]?.deleted ?? 0) > 0);
}

async function main(f: Flags): Promise<void> {
  const config = loadConfig(process.env);
  if (config.neo4j.kind !== 'server') throw new Error('set NEO4J_URI (the benchmark Neo4j)');
  const db = await connect(config.neo4j.uri, { user: config.neo4j.user, password: config.neo4j.password }, config.neo4j.database);
  const machine = describeMachine();
  const loadBefore = loadAverage();
  log(`threadgraph import bench: ${new Date().toISOString()}`);
  log(
    `machine: ${machine.cpus} CPUs (${machine.cpuModel}), ${machine.memoryGiB} GiB, ${machine.os}, Node ${machine.node}, ${machine.java}`,
  );
  log(`load average before: ${loadBefore}`);
  try {
    await migrate(db);
    const file = ensureHistory(f);
    const bytes = fs.statSync(file).size;
    log(`history: ${file} (${(bytes / 2 ** 20).toFixed(0)} MiB)`);
    const tenants = { raw: 'bench-import-raw', import: 'bench-import', graph: 'bench-import-graph' };
    for (const t of Object.values(tenants)) await wipe(db, t);

    let raw: { records: number; seconds: number; perSecond: number; peakRssMiB: number } | null = null;
    if (f.only !== 'import') {
      log(`raw load into ${tenants.raw} ...`);
      raw = JSON.parse(await run('npx', ['tsx', 'bench/import-raw.ts', file, tenants.raw, String(f.batch)]));
      log(`raw: ${raw!.records} records in ${raw!.seconds.toFixed(1)} s: ${raw!.perSecond}/s, peak RSS ${raw!.peakRssMiB} MiB`);
    }
    let imported: Record<string, any> | null = null;
    let audit: Awaited<ReturnType<typeof integrityReport>> | null = null;
    let live: Record<string, LivePhase> | null = null;
    if (f.only !== 'raw') {
      let service: ChildServer | null = null;
      let traffic: LiveTraffic | null = null;
      try {
        if (f.live > 0) {
          log('building dist/ (npm run build) for the live traffic');
          await buildService();
          const secret = randomBytes(32).toString('hex');
          const neo4j = { uri: config.neo4j.uri, user: config.neo4j.user, password: config.neo4j.password, database: db.name };
          service = await startService({ neo4j, secret, entry: 'build', profileDir: null });
          // The generator's customers are CUST-1 upwards, about one per five interactions.
          const customers = Math.max(1, Math.floor(f.interactions / 5));
          traffic = await startLiveTraffic(service.url, await serviceToken(secret, tenants.import), f.live, customers, f.seed);
          log(
            `live traffic: ${f.live} createInteraction/s for ${customers} of the history's customers, ${LIVE_BASELINE_S} s before the import, then through it`,
          );
          traffic.phase('before');
          await new Promise((r) => setTimeout(r, LIVE_BASELINE_S * 1000));
          traffic.phase('during');
        }
        log(`threadgraph import into ${tenants.import} ...`);
        imported = JSON.parse(
          await run('node', ['bin/threadgraph.js', 'import', file, '--tenant', tenants.import, '--batch', String(f.batch)]),
        );
        if (traffic) {
          const stopping = traffic;
          traffic = null;
          live = await stopping.stop();
          for (const [name, phase] of Object.entries(live)) log(formatLive(name, phase));
        }
      } finally {
        if (traffic) await traffic.stop().catch(() => undefined);
        await service?.stop();
      }
      log(
        `import: ${imported!.records} records in ${imported!.seconds.toFixed(1)} s: ${imported!.perSecond}/s, peak RSS ${imported!.peakRssMiB} MiB, ` +
          `${imported!.created} created in ${imported!.threads} threads, refused ${JSON.stringify(imported!.refused)}`,
      );
      log(`import time split (s): ${JSON.stringify(imported!.timing)}`);
      audit = await integrityReport(db.forTenant(tenants.import));
      log(`integrity audit: ${JSON.stringify(Object.fromEntries(Object.entries(audit).map(([k, v]) => [k, v.count])))}`);
    }
    const ratio = raw && imported ? imported.perSecond / raw.perSecond : null;
    if (ratio !== null) log(`import / raw throughput: ${ratio.toFixed(2)}${f.live > 0 ? ' (the import under live traffic)' : ''}`);
    type GraphFloor = { records: number; seconds: number; perSecond: number };
    let graph: GraphFloor | null = null;
    if (f.graphFloor && imported) {
      log(`graph floor: the imported graph written again into ${tenants.graph}, no rule ...`);
      const g: GraphFloor = JSON.parse(await run('npx', ['tsx', 'bench/import-graph.ts', tenants.import, tenants.graph, String(f.batch)]));
      graph = g;
      log(`graph floor: ${g.records} records in ${g.seconds.toFixed(1)} s of writing: ${g.perSecond}/s`);
      if (raw) log(`graph floor / raw throughput: ${(g.perSecond / raw.perSecond).toFixed(2)}`);
      log(`import / graph floor throughput: ${(imported.perSecond / g.perSecond).toFixed(2)}`);
    }
    const loadAfter = loadAverage();
    log(`load average after: ${loadAfter}`);
    const out = path.resolve('data/bench/import-run.json');
    fs.writeFileSync(
      out,
      JSON.stringify(
        { date: new Date().toISOString(), machine, loadBefore, loadAfter, flags: f, file, bytes, raw, imported, graph, live, audit, ratio },
        null,
        2,
      ),
    );
    log(`raw results in ${path.relative(process.cwd(), out)}`);
    if (!f.keep) for (const t of Object.values(tenants)) await wipe(db, t);
  } finally {
    await db.close();
  }
}

main(flags(process.argv.slice(2))).then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
