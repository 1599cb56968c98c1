import neo4j from 'neo4j-driver';
import { Config } from '../config';
import { loadQueries } from '../cypher';
import { Database } from './Database';

/** Opens a driver for `uri` and checks it can reach the server within `timeoutMs`. */
export async function connect(
  uri: string,
  auth: { user: string; password: string } | undefined,
  database: string,
  timeoutMs = 30_000,
): Promise<Database> {
  const driver = neo4j.driver(uri, auth ? neo4j.auth.basic(auth.user, auth.password) : undefined, {
    disableLosslessIntegers: true,
    maxConnectionPoolSize: 100,
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
        throw new Error(`Cannot reach Neo4j at ${uri} (database "${database}"): ${(error as Error).message}`);
      }
      await new Promise((r) => setTimeout(r, 500));
    }
  }
  return new Database(driver, database, loadQueries());
}

export function credentialsOf(config: Config): { user: string; password: string } | undefined {
  return config.neo4j.kind === 'server' ? { user: config.neo4j.user, password: config.neo4j.password } : undefined;
}
