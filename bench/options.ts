import path from 'node:path';
import { Entry } from './processes';

/** The benchmark's flags and environment, read and checked in one place. */
export interface BenchOptions {
  /** Seconds of measurement per scenario and dataset, split over `rounds`. */
  duration: number;
  connections: number;
  /** Scenarios (and datasets) alternate in this many rounds, so drift in the machine's load hits every cell. */
  rounds: number;
  /** Seconds of unrecorded load before each scenario. */
  warmup: number;
  only: 'small' | 'large' | null;
  /** Names or name prefixes of the scenarios to run (`thread-view` runs `thread-view/*`); empty: all. */
  scenarios: string[];
  /** Names or name prefixes of scenarios not to run. */
  skip: string[];
  seed: number;
  smallInteractions: number;
  largeInteractions: number;
  batchSize: number;
  /** How many threads of typical size the thread view rotates over. */
  sample: number;
  /** How threadgraph is started: the compiled build, as in production (default), or its TypeScript through tsx. */
  entry: Entry;
  /** Set: the service and the floor server run with `--cpu-prof`, profiles written here. */
  profileDir: string | null;
  dataDir: string;
  heap: string;
  pageCache: string;
  jsonOut: string;
  /** Set: use this Neo4j instead of starting an embedded one. */
  neo4j: { uri: string; user: string; password: string } | null;
  database: string;
}

export const USAGE = `npm run bench -- [flags]
  --duration <s>        seconds measured per scenario and dataset (default 20)
  --connections <n>     concurrent connections, unless a scenario sets its own (default 10)
  --rounds <n>          scenarios and datasets alternate in n rounds (default 4)
  --warmup <s>          unrecorded seconds before each scenario (default 3)
  --only small|large    run one dataset
  --scenarios <list>    comma-separated scenario names or prefixes to run (default: all), e.g. thread-view,entities
  --skip <list>         comma-separated scenario names or prefixes not to run, e.g. walk-threads/driver
  --seed <n>            generator and sampling seed (default 42)
  --small <n>           interactions of the small dataset (default 10000)
  --large <n>           interactions of the large dataset (default 1000000)
  --batch <n>           interactions per load transaction (default 5000)
  --sample <n>          threads of 4-8 interactions the thread view rotates over (default 100)
  --entry build|tsx     build dist/ and run threadgraph from it, as the Docker image does (default), or run its TypeScript through tsx
  --profile             run threadgraph and the floor server with --cpu-prof (profiles in data/bench/profiles/)
  --data-dir <dir>      embedded Neo4j's data folder (default data/bench/neo4j)
  --heap <size>         embedded Neo4j's heap (default 2g)
  --pagecache <size>    embedded Neo4j's page cache (default: NEO4J_PAGECACHE, else 2g)
  --json <file>         where the raw results go (default data/bench/last-run.json)
Environment: NEO4J_URI (+ NEO4J_USER, NEO4J_PASSWORD, NEO4J_DATABASE) to use a running Neo4j instead.`;

const VALUE_FLAGS = [
  'duration',
  'connections',
  'rounds',
  'warmup',
  'only',
  'scenarios',
  'skip',
  'seed',
  'small',
  'large',
  'batch',
  'sample',
  'entry',
  'data-dir',
  'heap',
  'pagecache',
  'json',
];
const BOOLEAN_FLAGS = ['profile'];

export function parseOptions(
  argv: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
  cwd = process.cwd(),
): BenchOptions {
  const flags = new Map<string, string>();
  for (let k = 0; k < argv.length; k++) {
    const arg = argv[k]!;
    if (arg === '--help' || arg === '-h') throw new UsageError('');
    if (!arg.startsWith('--')) throw new UsageError(`unexpected argument "${arg}"`);
    const [name, inline] = arg.slice(2).split('=', 2) as [string, string | undefined];
    if (BOOLEAN_FLAGS.includes(name)) {
      flags.set(name, inline ?? 'true');
      continue;
    }
    if (!VALUE_FLAGS.includes(name)) throw new UsageError(`unknown flag --${name}`);
    const value = inline ?? argv[++k];
    if (value === undefined) throw new UsageError(`--${name} needs a value`);
    flags.set(name, value);
  }

  const int = (name: string, fallback: number, min: number, max: number): number => {
    const raw = flags.get(name);
    if (raw === undefined) return fallback;
    const n = Number(raw);
    if (!Number.isInteger(n) || n < min || n > max) throw new UsageError(`--${name} must be an integer in ${min}..${max}, got "${raw}"`);
    return n;
  };
  const size = (name: string, fallback: string): string => {
    const raw = flags.get(name) ?? fallback;
    if (!/^\d+[kmg]$/i.test(raw)) throw new UsageError(`--${name} must look like 512m or 2g, got "${raw}"`);
    return raw;
  };
  const list = (name: string): string[] =>
    (flags.get(name) ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
  const only = flags.get('only') ?? null;
  if (only !== null && only !== 'small' && only !== 'large') throw new UsageError(`--only must be small or large, got "${only}"`);
  const entry = flags.get('entry') ?? 'build';
  if (entry !== 'tsx' && entry !== 'build') throw new UsageError(`--entry must be tsx or build, got "${entry}"`);
  const profile = flags.get('profile');
  if (profile !== undefined && profile !== 'true') throw new UsageError(`--profile takes no value, got "${profile}"`);

  return {
    duration: int('duration', 20, 1, 3600),
    connections: int('connections', 10, 1, 1000),
    rounds: int('rounds', 4, 1, 100),
    warmup: int('warmup', 3, 0, 600),
    only,
    scenarios: list('scenarios'),
    skip: list('skip'),
    seed: int('seed', 42, 0, 2 ** 31),
    smallInteractions: int('small', 10_000, 100, 100_000_000),
    largeInteractions: int('large', 1_000_000, 100, 100_000_000),
    batchSize: int('batch', 5000, 100, 100_000),
    sample: int('sample', 100, 1, 10_000),
    entry,
    profileDir: profile ? path.resolve(cwd, 'data/bench/profiles') : null,
    dataDir: path.resolve(cwd, flags.get('data-dir') ?? 'data/bench/neo4j'),
    heap: size('heap', '2g'),
    pageCache: size('pagecache', env.NEO4J_PAGECACHE || '2g'),
    jsonOut: path.resolve(cwd, flags.get('json') ?? 'data/bench/last-run.json'),
    neo4j: env.NEO4J_URI ? { uri: env.NEO4J_URI, user: env.NEO4J_USER ?? 'neo4j', password: env.NEO4J_PASSWORD ?? '' } : null,
    database: env.NEO4J_DATABASE || 'neo4j',
  };
}

/** Whether `name` is picked by a list of names or prefixes (`thread-view` picks `thread-view/service`). */
export function picks(patterns: readonly string[], name: string): boolean {
  return patterns.some((p) => name === p || name.startsWith(`${p}/`) || (p.endsWith('/') && name.startsWith(p)));
}

export class UsageError extends Error {
  constructor(message: string) {
    super(message ? `${message}\n\n${USAGE}` : USAGE);
    this.name = 'UsageError';
  }
}
