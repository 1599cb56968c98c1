import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { AnalyticsQuery, EXPORT_KINDS, exportPages, fullReport, parseFilter, parsePeriod } from '../src/analytics';
import * as figures from '../src/analytics';
import { connect, Database, migrate } from '../src/neo4j';
import { DatasetSpec, fmt, loadDataset } from './load';
import { describeMachine, loadAverage } from './machine';
import { loadBenchQueries } from './queries';
import { percentile } from './stats';

/**
 * `npm run bench:analytics`: times every analytics figure group on the benchmark datasets for a
 * 7-day and a 30-day period (p50 of --runs runs after one unrecorded run that plans the query), the
 * whole 30-day report (fullReport: the eight groups two at a time, as `threadgraph analytics all`
 * runs them; --report-runs runs, no unrecorded one: the groups are planned by then), and
 * the floor they are measured against: the same threads found and walked the same way, counting
 * only. Then exports the whole of each dataset with the real CLI (a child process: rows/s and its
 * peak RSS). Needs NEO4J_URI (the shared benchmark Neo4j); loads the datasets when missing, as
 * `npm run bench` does (same seed and sizes, so the two share them).
 */

const log = (line: string) => console.log(line);

interface Flags {
  runs: number;
  only: 'small' | 'large' | null;
  exports: boolean;
  groups: boolean;
  reportRuns: number;
  json: string;
}

function parseFlags(argv: string[]): Flags {
  const flags: Flags = {
    runs: 5,
    only: null,
    exports: true,
    groups: true,
    reportRuns: 3,
    json: path.resolve('data/bench/analytics-last-run.json'),
  };
  for (let k = 0; k < argv.length; k++) {
    const arg = argv[k];
    if (arg === '--runs') flags.runs = Number(argv[++k]);
    else if (arg === '--only') flags.only = argv[++k] === 'small' ? 'small' : 'large';
    else if (arg === '--no-exports') flags.exports = false;
    else if (arg === '--no-groups') flags.groups = false;
    else if (arg === '--report-runs') flags.reportRuns = Number(argv[++k]);
    else if (arg === '--json') flags.json = path.resolve(argv[++k]!);
    else {
      console.error(
        'Usage: npm run bench:analytics -- [--runs 5] [--report-runs 3] [--only small|large] [--no-groups] [--no-exports] [--json file]\nEnvironment: NEO4J_URI (+ NEO4J_USER, NEO4J_PASSWORD, NEO4J_DATABASE).',
      );
      process.exit(2);
    }
  }
  if (!Number.isInteger(flags.runs) || flags.runs < 1) throw new Error('--runs must be a positive integer');
  if (!Number.isInteger(flags.reportRuns) || flags.reportRuns < 1) throw new Error('--report-runs must be a positive integer');
  return flags;
}

/** The generated history covers the 16 weeks up to 2026-11-21; these periods sit inside it. */
const PERIODS = [
  { name: '7 days', from: '2026-09-07T00:00:00Z', to: '2026-09-14T00:00:00Z' },
  { name: '30 days', from: '2026-09-01T00:00:00Z', to: '2026-10-01T00:00:00Z' },
];
/** Every thread of the datasets (the generator's history, and what the write benchmark adds at "now"). */
const WHOLE = { from: '2026-07-01', to: '2026-11-23' };

type Group = 'volume' | 'handleTime' | 'timeSeries' | 'stitchingQuality' | 'repeatContact' | 'channelTransitions' | 'journeys' | 'agents';
const GROUPS: Record<Group, (db: Database, tenant: string, q: AnalyticsQuery) => Promise<unknown>> = {
  volume: (db, t, q) => figures.volume(db.forTenant(t), q),
  handleTime: (db, t, q) => figures.handleTime(db.forTenant(t), q),
  timeSeries: (db, t, q) => figures.timeSeries(db.forTenant(t), q, 'DAY'),
  stitchingQuality: (db, t, q) => figures.stitchingQuality(db.forTenant(t), q),
  repeatContact: (db, t, q) => figures.repeatContact(db.forTenant(t), q, 7),
  channelTransitions: (db, t, q) => figures.channelTransitions(db.forTenant(t), q),
  journeys: (db, t, q) => figures.journeys(db.forTenant(t), q, 10),
  agents: (db, t, q) => figures.agents(db.forTenant(t), q, 10),
};

interface Timing {
  p50: number;
  min: number;
  max: number;
}

/** One unrecorded run (planning, cold pages) unless `warm`, then `runs` timed runs one after the other. */
async function time(runs: number, work: () => Promise<unknown>, warm = false): Promise<Timing> {
  if (!warm) await work();
  const ms: number[] = [];
  for (let k = 0; k < runs; k++) {
    const started = process.hrtime.bigint();
    await work();
    ms.push(Number(process.hrtime.bigint() - started) / 1e6);
  }
  ms.sort((a, b) => a - b);
  return { p50: percentile(ms, 50), min: ms[0]!, max: ms[ms.length - 1]! };
}

interface ExportResult {
  dataset: string;
  kind: string;
  rows: number;
  threads: number;
  seconds: number;
  rowsPerSecond: number;
  maxRssMB: number;
  bytes: number;
}

/** The CLI's closing log line (pino JSON on stderr), the fields read here. */
interface ExportLog {
  msg?: string;
  rows: number;
  threads: number;
  seconds: number;
  rowsPerSecond: number;
  maxRssMB: number;
}

/** Runs the real CLI (`threadgraph export`) and reads its closing log line. */
function runExport(tenant: string, kind: string, out: string): Promise<Omit<ExportResult, 'dataset' | 'kind' | 'bytes'>> {
  const args = [
    'bin/threadgraph.js',
    'export',
    kind,
    '--from',
    WHOLE.from,
    '--to',
    WHOLE.to,
    '--tenant',
    tenant,
    '--format',
    'csv',
    '--out',
    out,
  ];
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, {
      env: {
        ...process.env,
        LOG_LEVEL: 'info',
        NODE_ENV: 'production',
        AUTH_JWT_SECRET: 'x'.repeat(32),
        PRIVACY_HASH_SECRET: 'x'.repeat(32),
      },
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      const done = stderr
        .split('\n')
        .filter((l) => l.startsWith('{'))
        .map((l) => JSON.parse(l) as ExportLog)
        .find((l) => l.msg === 'export written');
      if (code !== 0 || !done) reject(new Error(`export ${kind} failed (exit ${code}):\n${stderr}`));
      else
        resolve({
          rows: done.rows,
          threads: done.threads,
          seconds: done.seconds,
          rowsPerSecond: done.rowsPerSecond,
          maxRssMB: done.maxRssMB,
        });
    });
  });
}

async function main(flags: Flags): Promise<void> {
  const uri = process.env.NEO4J_URI;
  if (!uri) throw new Error('Set NEO4J_URI to the benchmark Neo4j (the shared one: bolt://127.0.0.1:7698).');
  const machine = describeMachine();
  const started = new Date().toISOString();
  const loadBefore = loadAverage();
  log(`threadgraph analytics bench: ${started}`);
  log(`machine: ${machine.cpus} CPUs (${machine.cpuModel}), ${machine.memoryGiB} GiB, ${machine.os}, Node ${machine.node}`);
  log(`load average before: ${loadBefore}`);

  const user = process.env.NEO4J_USER;
  const db = await connect(
    uri,
    user ? { user, password: process.env.NEO4J_PASSWORD ?? '' } : undefined,
    process.env.NEO4J_DATABASE || 'neo4j',
  );
  const results: Record<string, unknown>[] = [];
  const exportsDone: ExportResult[] = [];
  try {
    await migrate(db);
    const queries = loadBenchQueries();
    const floorText = fs.readFileSync(path.join(__dirname, 'cypher/analytics-floor.cypher'), 'utf8');
    const specs: DatasetSpec[] = [
      { name: 'small', tenant: 'bench-small', seed: 42, interactions: 10_000, batchSize: 5000 },
      { name: 'large', tenant: 'bench-large', seed: 42, interactions: 1_000_000, batchSize: 5000 },
    ].filter((s) => flags.only === null || s.name === flags.only);
    for (const spec of specs) await loadDataset(db, queries, spec, log);

    for (const spec of specs) {
      for (const p of PERIODS) {
        const q: AnalyticsQuery = { period: parsePeriod({ ...p, timeZone: 'UTC' }, 400), filter: parseFilter(null) };
        const [held] = await db.runRaw(floorText, { tenant: spec.tenant, from: p.from, to: p.to });
        const floor = await time(flags.runs, () => db.runRaw(floorText, { tenant: spec.tenant, from: p.from, to: p.to }));
        log(
          `[${spec.name}, ${p.name}] ${fmt(Number(held?.threads))} threads, ${fmt(Number(held?.interactions))} interactions; floor (walk, count) p50 ${floor.p50.toFixed(0)} ms`,
        );
        const row: Record<string, unknown> = { dataset: spec.name, period: p.name, ...held, floor };
        for (const [group, run] of flags.groups ? Object.entries(GROUPS) : []) {
          const t = await time(flags.runs, () => run(db, spec.tenant, q));
          row[group] = t;
          log(
            `  ${group.padEnd(20)} p50 ${t.p50.toFixed(0).padStart(6)} ms  (min ${t.min.toFixed(0)}, max ${t.max.toFixed(0)}; ${(t.p50 / floor.p50).toFixed(2)}x floor)`,
          );
        }
        if (p.name === '30 days') {
          try {
            const t = await time(flags.reportRuns, () => fullReport(db.forTenant(spec.tenant), q), true);
            row.fullReport = t;
            log(
              `  ${'whole report (8 groups, 2 at a time)'.padEnd(20)} p50 ${t.p50.toFixed(0)} ms (min ${t.min.toFixed(0)}, max ${t.max.toFixed(0)}; ${(t.p50 / floor.p50).toFixed(2)}x floor)`,
            );
          } catch (error) {
            // A report that fails (the server's transaction timeout) is a result too, not the end of the run.
            row.fullReport = { failed: String(error).split('\n')[0] };
            log(`  whole report (8 groups, 2 at a time) FAILED: ${String(error).split('\n')[0]}`);
          }
        }
        results.push(row);
      }
    }

    if (flags.exports) {
      const dir = path.resolve('data/bench');
      fs.mkdirSync(dir, { recursive: true });
      for (const spec of specs) {
        // The floor of an export: the same pages read in this process and thrown away (no file, no CSV).
        const q: AnalyticsQuery = {
          period: parsePeriod({ from: `${WHOLE.from}T00:00:00Z`, to: `${WHOLE.to}T00:00:00Z` }, 400),
          filter: parseFilter(null),
        };
        const readStarted = Date.now();
        let readRows = 0;
        for await (const page of exportPages(db.forTenant(spec.tenant), 'interactions', q)) readRows += page.rows.length;
        const readSeconds = (Date.now() - readStarted) / 1000;
        log(
          `[${spec.name}] interaction pages read in process, no file: ${fmt(readRows)} rows in ${readSeconds.toFixed(1)} s (${fmt(Math.round(readRows / readSeconds))} rows/s)`,
        );
        exportsDone.push({
          dataset: spec.name,
          kind: 'interactions (read only, floor)',
          rows: readRows,
          threads: 0,
          seconds: readSeconds,
          rowsPerSecond: Math.round(readRows / readSeconds),
          maxRssMB: 0,
          bytes: 0,
        });
        for (const kind of EXPORT_KINDS) {
          const out = path.join(dir, `export-${spec.name}-${kind}.csv`);
          const r = await runExport(spec.tenant, kind, out);
          const bytes = fs.statSync(out).size;
          exportsDone.push({ dataset: spec.name, kind, ...r, bytes });
          fs.rmSync(out);
          log(
            `[${spec.name}] export ${kind}: ${fmt(r.rows)} rows (${fmt(r.threads)} threads, ${(bytes / 1e6).toFixed(1)} MB) in ${r.seconds.toFixed(1)} s, ${fmt(r.rowsPerSecond)} rows/s, peak RSS ${r.maxRssMB} MB`,
          );
        }
      }
    }
  } finally {
    await db.close();
  }
  const loadAfter = loadAverage();
  log(`load average after: ${loadAfter}`);
  fs.mkdirSync(path.dirname(flags.json), { recursive: true });
  fs.writeFileSync(flags.json, JSON.stringify({ started, machine, loadBefore, loadAfter, results, exports: exportsDone }, null, 2));
  log(`results: ${path.relative(process.cwd(), flags.json)}`);
}

main(parseFlags(process.argv.slice(2))).catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
