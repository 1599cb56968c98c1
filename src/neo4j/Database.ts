import neo4j, { BookmarkManager, Driver, ManagedTransaction } from 'neo4j-driver';
import { QueryRegistry, StatementName } from '../cypher';
import { fromNeo4jError, RetryableConflict, ThreadgraphError } from '../errors';
import { Logger } from '../log';
import { newCounter, QueryCounter, runStatement, Transactor } from './run';
import { TenantDb } from './TenantDb';
import { toPlain } from './values';

/**
 * The service's handle on Neo4j. Reads go through executeRead and writes through executeWrite,
 * so a cluster (neo4j://) routes them and the driver retries transient failures; a bookmark
 * manager shared by every session gives read-your-writes across requests of this process.
 * Services never see it directly: they get a `TenantDb` bound to the caller's tenant.
 */
export class Database implements Transactor {
  private readonly bookmarks: BookmarkManager = neo4j.bookmarkManager();

  constructor(
    readonly driver: Driver,
    readonly name: string,
    readonly queries: QueryRegistry,
  ) {}

  /** The request-scoped handle: every statement it runs is scoped to `tenant` and counted. */
  forTenant(tenant: string, opts: { counter?: QueryCounter; logger?: Logger; actor?: string | null } = {}): TenantDb {
    return new TenantDb(this, tenant, opts.counter ?? newCounter(), opts.logger, opts.actor ?? null);
  }

  /** Runs `work` in one read transaction, again when it lost a race it can win by retrying. */
  async readTx<T>(work: (tx: ManagedTransaction) => Promise<T>): Promise<T> {
    return retryOnConflict(async () => {
      const session = this.driver.session({ database: this.name, bookmarkManager: this.bookmarks, defaultAccessMode: neo4j.session.READ });
      try {
        return await session.executeRead(work);
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
  async writeTx<T>(work: (tx: ManagedTransaction) => Promise<T>): Promise<T> {
    return retryOnConflict(async () => {
      const session = this.driver.session({ database: this.name, bookmarkManager: this.bookmarks, defaultAccessMode: neo4j.session.WRITE });
      try {
        return await session.executeWrite(work);
      } catch (error) {
        throw fromNeo4jError(error);
      } finally {
        await session.close();
      }
    });
  }

  /** Runs a statement that is not in the registry: migrations, plan checks and test fixtures only. */
  async runRaw(text: string, params: Record<string, unknown> = {}): Promise<Record<string, unknown>[]> {
    const session = this.driver.session({ database: this.name, bookmarkManager: this.bookmarks });
    try {
      const result = await session.run(text, params);
      return result.records.map((r) => toPlain(r.toObject()) as Record<string, unknown>);
    } finally {
      await session.close();
    }
  }

  /** The raw query text, for benchmarks and plan checks. */
  text(name: StatementName): string {
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
      const rows = await this.readTx((tx) => runStatement(tx, this.queries, 'ping', {}, newCounter()));
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
        throw new ThreadgraphError(
          'CONFLICT_RETRY_EXHAUSTED',
          `Too many concurrent changes to the same thread; retry the request. (${error.message})`,
        );
      }
    }
  }
}
