import fs from 'node:fs';
import path from 'node:path';

/**
 * The benchmark's own Cypher (bulk load, sampling), one statement per file in bench/cypher/. They
 * are bench-only, so they stay out of the service's registry; the thread walk the benchmark
 * compares against is the service's own (cypher/walk-threads.cypher, through Database.text).
 */
export const BENCH_QUERY_NAMES = [
  'load-agents',
  'load-threads',
  'load-interactions',
  'load-edges',
  'load-handled',
  'read-dataset',
  'mark-dataset',
  'wipe-tenant',
  'sample-threads',
  'last-activity',
  'raw-interactions',
  'wipe-some',
  'read-imported',
  'graph-floor',
] as const;

export type BenchQueryName = (typeof BENCH_QUERY_NAMES)[number];
export type BenchQueries = Readonly<Record<BenchQueryName, string>>;

export function loadBenchQueries(dir = path.join(__dirname, 'cypher')): BenchQueries {
  const entries = BENCH_QUERY_NAMES.map((name) => [name, fs.readFileSync(path.join(dir, `${name}.cypher`), 'utf8').trim()] as const);
  return Object.freeze(Object.fromEntries(entries) as Record<BenchQueryName, string>);
}
