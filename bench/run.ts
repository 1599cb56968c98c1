import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { connect, Database, LocalNeo4j, migrate, startLocalNeo4j } from '../src/neo4j';
import { checkAnswers } from './check';
import { fixtureContext, requestSeed, serviceToken } from './fixtures';
import { DatasetSpec, LoadReport, loadDataset } from './load';
import { LoadGenerator } from './loadgen';
import { describeMachine, loadAverage } from './machine';
import { Cell, cellKey, measure } from './measure';
import { BenchOptions, parseOptions, picks, UsageError } from './options';
import { buildService, ChildServer, Neo4jTarget, startFloor, startService } from './processes';
import { loadBenchQueries } from './queries';
import { ratiosOf, renderTables, Row } from './report';
import { AnyScenario, checkScenarios, SCENARIOS } from './scenarios';
import { summarize } from './stats';

/**
 * `npm run bench`, the orchestrator: loads the datasets (each in its own tenant), starts
 * threadgraph and the floor server as child processes and the load generator as a third, prepares
 * every scenario's fixture, checks the answers, then measures in interleaved rounds and reports
 * each scenario against its floor. See bench/README.md.
 */

const log = (line: string) => console.log(line);

// The driver diagnostics run in this process: without tsx's source maps, as the servers run
// (the driver builds an Error stack for every query, which source maps make dearer).
process.setSourceMapsEnabled(false);

/** The selected scenarios, plus the floor of each (a ratio needs both). */
function selectScenarios(opts: BenchOptions): AnyScenario[] {
  checkScenarios();
  const chosen = SCENARIOS.filter((s) => (opts.scenarios.length === 0 || picks(opts.scenarios, s.name)) && !picks(opts.skip, s.name));
  const floors = new Set(chosen.flatMap((s) => (s.floor ? [s.floor] : [])));
  const selected = SCENARIOS.filter((s) => chosen.includes(s) || floors.has(s.name));
  if (selected.length === 0) throw new UsageError(`no scenario matches; known: ${SCENARIOS.map((s) => s.name).join(', ')}`);
  return selected;
}

function gitCommit(): string {
  const head = spawnSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).stdout.trim();
  const dirty = spawnSync('git', ['status', '--porcelain', '--untracked-files=no'], { encoding: 'utf8' }).stdout.trim();
  return head ? `${head}${dirty ? ' (with uncommitted changes)' : ''}` : 'unknown';
}

async function main(opts: BenchOptions): Promise<void> {
  const scenarios = selectScenarios(opts);
  const machine = describeMachine();
  const loadBefore = loadAverage();
  const commit = gitCommit();
  log(`threadgraph bench: ${new Date().toISOString()}, commit ${commit}`);
  log(
    `machine: ${machine.cpus} CPUs (${machine.cpuModel}), ${machine.memoryGiB} GiB, ${machine.os}, Node ${machine.node}, ${machine.java}`,
  );
  log(`load average before: ${loadBefore}`);
  log(`scenarios: ${scenarios.map((s) => s.name).join(', ')}`);

  let local: LocalNeo4j | undefined;
  let db: Database | undefined;
  const children: { stop(): Promise<void> }[] = [];
  const stopAll = async () => {
    for (const child of [...children].reverse()) await child.stop().catch(() => undefined);
    await db?.close();
    await local?.stop();
  };
  process.once('SIGINT', () => void stopAll().finally(() => process.exit(130)));

  try {
    let target: Neo4jTarget;
    if (opts.neo4j) {
      target = { ...opts.neo4j, database: opts.database };
    } else {
      // The launcher reads its page cache size from its environment, which it inherits from ours.
      process.env.NEO4J_PAGECACHE = opts.pageCache;
      log(`starting the embedded Neo4j in ${path.relative(process.cwd(), opts.dataDir)} (heap ${opts.heap}, page cache ${opts.pageCache})`);
      local = await startLocalNeo4j({ dataDir: opts.dataDir, port: 0, heap: opts.heap, log });
      target = { uri: local.uri, user: 'neo4j', password: '', database: opts.database };
    }
    db = await connect(target.uri, opts.neo4j ?? undefined, target.database);
    await migrate(db);
    const queries = loadBenchQueries();

    const specs: DatasetSpec[] = [
      { name: 'small', tenant: 'bench-small', seed: opts.seed, interactions: opts.smallInteractions, batchSize: opts.batchSize },
      { name: 'large', tenant: 'bench-large', seed: opts.seed, interactions: opts.largeInteractions, batchSize: opts.batchSize },
    ].filter((s) => opts.only === null || s.name === opts.only);
    const loads = new Map<string, LoadReport>();
    for (const spec of specs) loads.set(spec.name, await loadDataset(db, queries, spec, log));

    if (opts.entry === 'build') {
      log('building dist/ (npm run build)');
      await buildService();
    }
    const secret = randomBytes(32).toString('hex');
    const started = await Promise.allSettled([
      startService({ neo4j: target, secret, entry: opts.entry, profileDir: opts.profileDir }),
      startFloor({ neo4j: target, profileDir: opts.profileDir }),
    ]);
    for (const s of started) if (s.status === 'fulfilled') children.push(s.value);
    const service = settled(started[0]);
    const floor = settled(started[1]);
    const loadGenerator = await LoadGenerator.start();
    children.push(loadGenerator);
    log(`threadgraph (${opts.entry}) on ${service.url}, pid ${service.pid}; floor server on ${floor.url}, pid ${floor.pid}`);

    const runId = Date.now().toString(36);
    const cells: Cell[] = [];
    for (const spec of specs) {
      const ctx = fixtureContext({
        spec,
        loaded: loads.get(spec.name)!,
        token: await serviceToken(secret, spec.tenant),
        runId,
        sample: opts.sample,
        urls: { service: service.url, floor: floor.url },
        db,
        queries,
      });
      const seed = requestSeed(opts.seed, spec.name);
      const prepared: Omit<Cell, 'latencyMs'>[] = [];
      for (const scenario of scenarios.filter((s) => !s.datasets || s.datasets.some((d) => d === spec.name)))
        prepared.push({ dataset: spec.name, scenario, fixture: await scenario.fixture(ctx), seed });
      const checked = await checkAnswers(
        prepared.filter((c) => c.scenario.target !== 'driver').map((c) => ({ ...c, baseUrl: urlOf(c.scenario, service, floor) })),
        seed,
      );
      for (const line of checked.lines) log(`[${spec.name}] checked: ${line}`);
      cells.push(...prepared.map((c) => ({ ...c, latencyMs: checked.latencyMs.get(c.scenario.name) ?? null })));
    }

    const roundSeconds = Math.max(1, Math.round(opts.duration / opts.rounds));
    const { samples, rounds, loadByRound } = await measure(
      cells,
      { loadGenerator, serviceUrl: service.url, floorUrl: floor.url, driver: db.driver, database: target.database },
      { warmup: opts.warmup, rounds: opts.rounds, roundSeconds, connections: opts.connections },
      log,
    );

    const rows: Row[] = cells.flatMap((cell) => {
      const sample = samples.get(cellKey(cell))!;
      const base = {
        dataset: cell.dataset,
        interactions: loads.get(cell.dataset)!.interactions,
        scenario: cell.scenario.name,
        title: cell.scenario.title,
        target: cell.scenario.target,
      };
      const each = rounds.get(cellKey(cell)) ?? [];
      return [
        { ...base, tag: null, summary: summarize(sample.all, sample.seconds), roundP50s: each.map((s) => summarize(s.all, s.seconds).p50) },
        ...Object.entries(sample.tags).map(([tag, m]) => ({
          ...base,
          tag,
          summary: summarize(m, sample.seconds),
          roundP50s: each.map((s) => (s.tags[tag] ? summarize(s.tags[tag], s.seconds).p50 : Number.NaN)),
        })),
      ];
    });
    const ratios = ratiosOf(rows, new Map(scenarios.flatMap((s) => (s.floor ? [[s.name, s.floor] as const] : []))));
    const loadAfter = loadAverage();
    log('');
    log(renderTables(rows, ratios));
    log('');
    log(`load average before: ${loadBefore}; after: ${loadAfter}`);
    fs.mkdirSync(path.dirname(opts.jsonOut), { recursive: true });
    fs.writeFileSync(
      opts.jsonOut,
      JSON.stringify(
        {
          date: new Date().toISOString(),
          commit,
          machine,
          loadBefore,
          loadAfter,
          loadByRound,
          options: opts,
          loads: Object.fromEntries(loads),
          rows,
          ratios,
        },
        null,
        2,
      ),
    );
    log(`raw results in ${path.relative(process.cwd(), opts.jsonOut)}`);
    if (opts.profileDir) log(`CPU profiles (written as the servers stop) in ${path.relative(process.cwd(), opts.profileDir)}`);
  } finally {
    await stopAll();
  }
}

/** The value of a settled promise, or its error thrown. */
function settled<T>(s: PromiseSettledResult<T>): T {
  if (s.status === 'rejected') throw s.reason;
  return s.value;
}

function urlOf(scenario: AnyScenario, service: ChildServer, floor: ChildServer): string {
  return scenario.target === 'service' ? service.url : floor.url;
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
    console.error(error instanceof UsageError ? error.message : error);
    process.exit(error instanceof UsageError ? 2 : 1);
  },
);
