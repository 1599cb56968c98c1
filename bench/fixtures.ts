import { SignJWT } from 'jose';
import { Database } from '../src/neo4j';
import { DatasetSpec, LoadReport } from './load';
import { mulberry32 } from './prng';
import { BenchQueries } from './queries';
import { FixtureContext, SampledThread } from './scenarios';

/** Every scope the service knows: a benchmark token may run any scenario. */
const SCOPES = 'interaction:read interaction:write policy:admin';

/** A Bearer token for `tenant`, signed with the HS256 secret the service was started with. */
export function serviceToken(secret: string, tenant: string): Promise<string> {
  return new SignJWT({ tenant, scope: SCOPES })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject('bench')
    .setIssuedAt()
    .setExpirationTime('12h')
    .sign(new TextEncoder().encode(secret));
}

/** The seed a dataset's request makers start from: the run's seed and the dataset, nothing else. */
export function requestSeed(seed: number, dataset: string): number {
  let h = 0x811c9dc5 ^ seed;
  for (const ch of dataset) h = Math.imul(h ^ ch.charCodeAt(0), 0x01000193);
  return h >>> 0;
}

/**
 * What scenarios get to prepare their fixtures for one loaded dataset. Samples are memoized by
 * their arguments, so a scenario and its floor asking alike get the very same threads.
 */
export function fixtureContext(args: {
  spec: DatasetSpec;
  loaded: LoadReport;
  token: string;
  runId: string;
  sample: number;
  urls: { service: string; floor: string };
  db: Database;
  queries: BenchQueries;
}): FixtureContext {
  const { spec, loaded, db, queries } = args;
  const samples = new Map<string, Promise<SampledThread[]>>();
  const sampleThreads = async ({ count, minSize, maxSize }: { count: number; minSize: number; maxSize: number }) => {
    // Customers drawn at random over the whole dataset (four per thread wanted), then their threads of the right size.
    const rng = mulberry32(spec.seed + 1);
    const customers = [...new Set(Array.from({ length: count * 4 }, () => `CUST-${rng.int(1, loaded.customers)}`))];
    const rows = await db.runRaw(queries['sample-threads'], { tenant: spec.tenant, customers, minSize, maxSize });
    return rows.slice(0, count).map((r) => ({ id: String(r.id), customer: String(r.customer), size: Number(r.size) }));
  };
  return {
    dataset: spec.name,
    tenant: spec.tenant,
    interactions: loaded.interactions,
    customers: loaded.customers,
    token: args.token,
    seed: spec.seed,
    runId: args.runId,
    sample: args.sample,
    urls: args.urls,
    db,
    queries,
    sampleThreads(opts) {
      const key = JSON.stringify(opts);
      let found = samples.get(key);
      if (!found) {
        found = sampleThreads(opts);
        samples.set(key, found);
      }
      return found;
    },
  };
}
