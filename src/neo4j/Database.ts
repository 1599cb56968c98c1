import neo4j, { BookmarkManager, Driver, ManagedTransaction } from 'neo4j-driver';
import { QueryName, QueryRegistry } from '../cypher';
import { fromNeo4jError, RetryableConflict, ThreadgraphError } from '../errors';
import { toPlain } from './values';

/** Counts Cypher round trips; one per request, so tests can assert what an operation cost. */
export interface QueryCounter {
  count: number;
  names: QueryName[];
}

export type Row = Record<string, unknown>;

/** The statements a write transaction function may run: only registry queries, only parameters. */
export class WriteTx {
  constructor(
    private readonly tx: ManagedTransaction,
    private readonly queries: QueryRegistry,
    private readonly counter?: QueryCounter,
  ) {}

  async run(name: QueryName, params: Record<string, unknown>): Promise<Row[]> {
    return runNamed(this.tx, this.queries, name, params, this.counter);
  }

  async one(name: QueryName, params: Record<string, unknown>): Promise<Row | undefined> {
    return (await this.run(name, params))[0];
  }
}

async function runNamed(
  tx: ManagedTransaction,
  queries: QueryRegistry,
  name: QueryName,
  params: Record<string, unknown>,
  counter?: QueryCounter,
): Promise<Row[]> {
  if (counter) {
    counter.count += 1;
    counter.names.push(name);
  }
  const result = await tx.run(queries[name], params);
  return result.records.map((r) => toPlain(r.toObject()) as Row);
}

/**
 * The service's handle on Neo4j. Reads go through executeRead and writes through executeWrite,
 * so a cluster (neo4j://) routes them and the driver retries transient failures; a bookmark
 * manager shared by every session gives read-your-writes across requests of this process.
 */
export class Database {
  private readonly bookmarks: BookmarkManager = neo4j.bookmarkManager();

  constructor(
    readonly driver: Driver,
    readonly name: string,
    private readonly queries: QueryRegistry,
  ) {}

  async read(name: QueryName, params: Record<string, unknown>, counter?: QueryCounter): Promise<Row[]> {
    return retryOnConflict(async () => {
      const session = this.driver.session({ database: this.name, bookmarkManager: this.bookmarks, defaultAccessMode: neo4j.session.READ });
      try {
        return await session.executeRead((tx) => runNamed(tx, this.queries, name, params, counter));
      } catch (error) {
        throw fromNeo4jError(error);
      } finally {
        await session.close();
      }
    });
  }

  /**
   * Runs `work` in one write transaction. The driver re-runs it on transient errors and deadlocks,
   * and this runs it again when it lost a race it can win by retrying (RetryableConflict: the
   * thread it locked moved, a node it matched was deleted), so `work` must be safe to repeat.
   */
  async write<T>(work: (tx: WriteTx) => Promise<T>, counter?: QueryCounter): Promise<T> {
    return retryOnConflict(async () => {
      const session = this.driver.session({ database: this.name, bookmarkManager: this.bookmarks, defaultAccessMode: neo4j.session.WRITE });
      try {
        return await session.executeWrite((tx) => work(new WriteTx(tx, this.queries, counter)));
      } catch (error) {
        throw fromNeo4jError(error);
      } finally {
        await session.close();
      }
    });
  }

  /** Runs a statement that is not in the registry: migrations and EXPLAIN checks only. */
  async runRaw(text: string, params: Record<string, unknown> = {}): Promise<Row[]> {
    const session = this.driver.session({ database: this.name, bookmarkManager: this.bookmarks });
    try {
      const result = await session.run(text, params);
      return result.records.map((r) => toPlain(r.toObject()) as Row);
    } finally {
      await session.close();
    }
  }

  /** The raw query text, for benchmarks and plan checks. */
  text(name: QueryName): string {
    return this.queries[name];
  }

  /**
   * Plans every registry statement once (EXPLAIN runs nothing), so the first burst of traffic after
   * a start does not pay for query compilation: planning a statement cold costs about a second.
   */
  async warmUp(stopped: () => boolean = () => false): Promise<number> {
    const session = this.driver.session({ database: this.name });
    let planned = 0;
    try {
      for (const text of Object.values(this.queries)) {
        if (stopped()) break;
        await session.run(`EXPLAIN ${text}`);
        planned++;
      }
    } finally {
      await session.close();
    }
    return planned;
  }

  async ping(): Promise<boolean> {
    try {
      const rows = await this.read('ping', {});
      return rows[0]?.ok === 1;
    } catch {
      return false;
    }
  }

  async close(): Promise<void> {
    await this.driver.close();
  }
}

const CONFLICT_ATTEMPTS = 8;

/** Runs `attempt` again while it loses races it can win by retrying; then answers 503. */
async function retryOnConflict<T>(attempt: () => Promise<T>): Promise<T> {
  for (let n = 1; ; n++) {
    try {
      return await attempt();
    } catch (error) {
      if (!(error instanceof RetryableConflict)) throw error;
      if (n >= CONFLICT_ATTEMPTS) {
        throw new ThreadgraphError('CONFLICT_RETRY_EXHAUSTED', `Too many concurrent changes to the same thread; retry the request. (${error.message})`);
      }
    }
  }
}
