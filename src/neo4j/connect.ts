import neo4j from 'neo4j-driver';
import { Config } from '../config';
import { Metrics } from '../metrics';
import { LocalNeo4j, startLocalNeo4j } from './localNeo4j';
import { loadQueries } from '../cypher';
import { Database } from './Database';

/** Opens a driver for `uri` and checks it can reach the server within `timeoutMs`. */
export async function connect(
  uri: string,
  auth: { user: string; password: string } | undefined,
  database: string,
  timeoutMs = 30_000,
  metrics?: Metrics,
): Promise<Database> {
  // Read before the driver opens: a registry that fails to load must not leave a driver (and the
  // process) running.
  const queries = loadQueries();
  const driver = neo4j.driver(uri, auth ? neo4j.auth.basic(auth.user, auth.password) : undefined, {
    disableLosslessIntegers: true,
    maxConnectionPoolSize: POOL_SIZE,
    // Under a burst, requests queue for a connection rather than fail: lock waits are short but many.
    connectionAcquisitionTimeout: 60_000,
    maxTransactionRetryTime: 30_000,
    userAgent: 'threadgraph/0.1',
  });
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      await driver.verifyConnectivity({ database });
      break;
    } catch (error) {
      if (Date.now() > deadline) {
        await driver.close();
        throw new Error(`Cannot reach Neo4j at ${uri} (database "${database}"): ${(error as Error).message}`, { cause: error });
      }
      await new Promise((r) => setTimeout(r, 500));
    }
  }
  const db = new Database(driver, database, queries, metrics);
  db.metrics.poolMax.set(POOL_SIZE);
  return db;
}

const POOL_SIZE = 100;

export function credentialsOf(config: Config): { user: string; password: string } | undefined {
  return config.neo4j.kind === 'server' ? { user: config.neo4j.user, password: config.neo4j.password } : undefined;
}

/**
 * The configured database: the embedded Neo4j (started here, when NEO4J_URI is not set) or the
 * server named by NEO4J_URI. `local` is the embedded instance to stop at the end, if any.
 */
export async function openDatabase(
  config: Config,
  log: (msg: string) => void,
  metrics?: Metrics,
): Promise<{ db: Database; local?: LocalNeo4j }> {
  let local: LocalNeo4j | undefined;
  let uri: string;
  if (config.neo4j.kind === 'local') {
    log(`starting the embedded Neo4j (data in ${config.neo4j.dataDir})`);
    local = await startLocalNeo4j({
      dataDir: config.neo4j.dataDir,
      port: config.neo4j.port,
      heap: config.neo4j.heap,
      pageCache: config.neo4j.pageCache,
      log,
    });
    log(`embedded Neo4j is ready at ${local.uri}`);
    uri = local.uri;
  } else {
    uri = config.neo4j.uri;
  }
  try {
    return { db: await connect(uri, credentialsOf(config), config.neo4j.database, undefined, metrics), local };
  } catch (error) {
    await local?.stop();
    throw error;
  }
}
