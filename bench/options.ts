import path from 'node:path';

/** The benchmark's flags and environment, read and checked in one place. */
export interface BenchOptions {
  /** Seconds of measurement per scenario and dataset, split over `rounds`. */
  duration: number;
  connections: number;
  /** Datasets and scenarios alternate in this many rounds, so drift in the machine's load hits every cell. */
  rounds: number;
  /** Seconds of unrecorded load before each scenario. */
  warmup: number;
  only: 'small' | 'large' | null;
  seed: number;
  smallInteractions: number;
  largeInteractions: number;
  batchSize: number;
  /** How many threads of typical size the thread fetch rotates over. */
  sample: number;
  /** Every n-th createInteraction is a follow-up to a known customer. */
  followUpEvery: number;
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
  --connections <n>     concurrent connections / workers (default 10)
  --rounds <n>          datasets and scenarios alternate in n rounds (default 4)
  --warmup <s>          unrecorded seconds before each scenario (default 3)
  --only small|large    run one dataset
  --seed <n>            generator seed (default 42)
  --small <n>           interactions of the small dataset (default 10000)
  --large <n>           interactions of the large dataset (default 1000000)
  --batch <n>           interactions per load transaction (default 5000)
  --sample <n>          threads of 4-8 interactions to rotate over (default 100)
  --follow-up-every <n> every n-th createInteraction follows up a known customer (default 4)
  --data-dir <dir>      embedded Neo4j's data folder (default data/bench/neo4j)
  --heap <size>         embedded Neo4j's heap (default 2g)
  --pagecache <size>    embedded Neo4j's page cache (default: NEO4J_PAGECACHE, else 2g)
  --json <file>         where the raw results go (default data/bench/last-run.json)
Environment: NEO4J_URI (+ NEO4J_USER, NEO4J_PASSWORD, NEO4J_DATABASE) to use a running Neo4j instead.`;

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
    const value = inline ?? argv[++k];
    if (value === undefined) throw new UsageError(`--${name} needs a value`);
    flags.set(name, value);
  }
  const known = [
    'duration',
    'connections',
    'rounds',
    'warmup',
    'only',
    'seed',
    'small',
    'large',
    'batch',
    'sample',
    'follow-up-every',
    'data-dir',
    'heap',
    'pagecache',
    'json',
  ];
  for (const name of flags.keys()) if (!known.includes(name)) throw new UsageError(`unknown flag --${name}`);

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
  const only = flags.get('only') ?? null;
  if (only !== null && only !== 'small' && only !== 'large') throw new UsageError(`--only must be small or large, got "${only}"`);

  return {
    duration: int('duration', 20, 1, 3600),
    connections: int('connections', 10, 1, 1000),
    rounds: int('rounds', 4, 1, 100),
    warmup: int('warmup', 3, 0, 600),
    only,
    seed: int('seed', 42, 0, 2 ** 31),
    smallInteractions: int('small', 10_000, 100, 100_000_000),
    largeInteractions: int('large', 1_000_000, 100, 100_000_000),
    batchSize: int('batch', 5000, 100, 100_000),
    sample: int('sample', 100, 1, 10_000),
    followUpEvery: int('follow-up-every', 4, 1, 1000),
    dataDir: path.resolve(cwd, flags.get('data-dir') ?? 'data/bench/neo4j'),
    heap: size('heap', '2g'),
    pageCache: size('pagecache', env.NEO4J_PAGECACHE || '2g'),
    jsonOut: path.resolve(cwd, flags.get('json') ?? 'data/bench/last-run.json'),
    neo4j: env.NEO4J_URI ? { uri: env.NEO4J_URI, user: env.NEO4J_USER ?? 'neo4j', password: env.NEO4J_PASSWORD ?? '' } : null,
    database: env.NEO4J_DATABASE || 'neo4j',
  };
}

export class UsageError extends Error {
  constructor(message: string) {
    super(message ? `${message}\n\n${USAGE}` : USAGE);
    this.name = 'UsageError';
  }
}
