import neo4j, { BookmarkManager, Driver, ManagedTransaction } from 'neo4j-driver';
import { QueryRegistry, StatementName } from '../cypher';
import { fromNeo4jError, RetryableConflict, ThreadgraphError } from '../errors';
import { Logger } from '../log';
import { createMetrics, Metrics } from '../metrics';
import { newCounter, QueryCounter, Transactor } from './run';
import { JobDb } from './JobDb';
import { TenantDb } from './TenantDb';
import { toPlain } from './values';

/**
 * The service's handle on Neo4j. Reads of one statement are auto-committed (readStatement), other
 * reads go through executeRead and writes through executeWrite, so a cluster (neo4j://) routes
 * them and transient failures are retried; a bookmark
 * manager shared by every session gives read-your-writes across requests of this process.
 * Services never see it directly: they get a `TenantDb` bound to the caller's tenant.
 */
export class Database implements Transactor {
  private readonly bookmarks: BookmarkManager = neo4j.bookmarkManager();
  /** The ping in flight, shared by every readiness check that arrives while it runs. */
  private pinging: Promise<boolean> | undefined;
  private readonly commitListeners = new Set<(tenant: string) => void>();

  constructor(
    readonly driver: Driver,
    readonly name: string,
    readonly queries: QueryRegistry,
    readonly metrics: Metrics = createMetrics(),
  ) {}

  /** The request-scoped handle: every statement it runs is scoped to `tenant` and counted. */
  forTenant(tenant: string, opts: { counter?: QueryCounter; logger?: Logger; actor?: string | null } = {}): TenantDb {
    return new TenantDb(this, tenant, opts.counter ?? newCounter(), opts.logger, opts.actor ?? null);
  }

  /** The handle of background jobs: statements across tenants (see JobDb). */
  forJobs(logger?: Logger): JobDb {
    return new JobDb(this, logger);
  }

  /**
   * Calls `listener` after each tenant write transaction commits in this process (a write that
   * recorded thread events wakes the sequencer at once instead of at its next poll). Returns the
   * function that removes it.
   */
  onCommitted(listener: (tenant: string) => void): () => void {
    this.commitListeners.add(listener);
    return () => this.commitListeners.delete(listener);
  }

  committed(tenant: string): void {
    for (const listener of this.commitListeners) listener(tenant);
  }

  /** Runs `work` in one read transaction, again when it lost a race it can win by retrying. */
  async readTx<T>(work: (tx: ManagedTransaction) => Promise<T>): Promise<T> {
    return retryOnConflict(() => this.transaction('read', work), this.metrics);
  }

  /**
   * One read statement, auto-committed: RUN and PULL go out together and the rows come back in one
   * exchange with the server, where a managed read transaction (readTx) adds a BEGIN and, after the
   * rows, a COMMIT and a second exchange. Most reads are one statement, so they take this path.
   * Retried where executeRead would retry: on the driver's retryable errors (a server or leader
   * gone, a transient error), backing off from 1 s, doubling, with ±20 % jitter, for up to
   * MAX_RETRY_MS as the driver's maxTransactionRetryTime; and, like readTx, on a race lost.
   */
  async readStatement(text: string, params: Record<string, unknown>): Promise<Record<string, unknown>[]> {
    return retryOnConflict(async () => {
      const m = this.metrics;
      const started = Date.now();
      for (let attempt = 0; ; attempt++) {
        const session = this.driver.session({
          database: this.name,
          bookmarkManager: this.bookmarks,
          defaultAccessMode: neo4j.session.READ,
        });
        m.sessionsInUse.inc();
        try {
          const result = await session.run(text, params);
          m.transactions.inc({ mode: 'read', outcome: 'committed' });
          return result.records.map((r) => toPlain(r.toObject()) as Record<string, unknown>);
        } catch (error) {
          const delay = 1000 * 2 ** attempt * (0.8 + 0.4 * Math.random());
          if (neo4j.isRetryableError(error) && Date.now() - started + delay <= MAX_RETRY_MS) {
            m.transactionRetries.inc({ reason: 'transient' });
            await new Promise((resolve) => setTimeout(resolve, delay));
            continue;
          }
          m.transactions.inc({ mode: 'read', outcome: 'failed' });
          throw fromNeo4jError(error);
        } finally {
          m.sessionsInUse.dec();
          await session.close();
        }
      }
    }, this.metrics);
  }

  /**
   * Runs `work` in one write transaction. The driver re-runs it on transient errors and deadlocks,
   * and this runs it again when it lost a race it can win by retrying (RetryableConflict: the
   * thread it locked moved, a node it matched was deleted), so `work` must be safe to repeat.
   */
  async writeTx<T>(work: (tx: ManagedTransaction) => Promise<T>): Promise<T> {
    return retryOnConflict(() => this.transaction('write', work), this.metrics);
  }

  /**
   * A background job's transaction (event sequencer, webhook leases), retried like a request's but
   * counted apart (threadgraph_neo4j_job_transactions_total): jobs poll, and would otherwise blur
   * what requests cost the database.
   */
  async jobTx<T>(mode: 'read' | 'write', work: (tx: ManagedTransaction) => Promise<T>): Promise<T> {
    return retryOnConflict(() => this.unmeasured(mode, work), this.metrics, false);
  }

  private async unmeasured<T>(mode: 'read' | 'write', work: (tx: ManagedTransaction) => Promise<T>): Promise<T> {
    const session = this.driver.session({
      database: this.name,
      bookmarkManager: this.bookmarks,
      defaultAccessMode: mode === 'read' ? neo4j.session.READ : neo4j.session.WRITE,
    });
    try {
      const result = await (mode === 'read' ? session.executeRead(work) : session.executeWrite(work));
      this.metrics.jobTransactions.inc({ mode, outcome: 'committed' });
      return result;
    } catch (error) {
      this.metrics.jobTransactions.inc({ mode, outcome: 'failed' });
      throw fromNeo4jError(error);
    } finally {
      await session.close();
    }
  }

  /** One managed transaction in a session of its own, measured: connection wait, driver retries, outcome. */
  private async transaction<T>(mode: 'read' | 'write', work: (tx: ManagedTransaction) => Promise<T>): Promise<T> {
    const m = this.metrics;
    const session = this.driver.session({
      database: this.name,
      bookmarkManager: this.bookmarks,
      defaultAccessMode: mode === 'read' ? neo4j.session.READ : neo4j.session.WRITE,
    });
    m.sessionsInUse.inc();
    const acquiring = m.acquireSeconds.startTimer({ mode });
    let attempts = 0;
    const measured = (tx: ManagedTransaction) => {
      attempts += 1;
      if (attempts === 1) acquiring();
      else m.transactionRetries.inc({ reason: 'transient' });
      return work(tx);
    };
    try {
      const result = await (mode === 'read' ? session.executeRead(measured) : session.executeWrite(measured));
      m.transactions.inc({ mode, outcome: 'committed' });
      return result;
    } catch (error) {
      m.transactions.inc({ mode, outcome: 'failed' });
      throw fromNeo4jError(error);
    } finally {
      m.sessionsInUse.dec();
      await session.close();
    }
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

  /**
   * Whether Neo4j answers a query within `timeoutMs`: one auto-commit `RETURN 1`, without the
   * driver's retries (which wait up to 30 s for a database that is down), and bounded by a timer
   * besides (a connect to a host that drops packets waits longer still). Checks that arrive while a
   * ping runs share it, so an outage never piles up pings.
   */
  ping(timeoutMs = 1000): Promise<boolean> {
    this.pinging ??= this.pingOnce(timeoutMs).finally(() => (this.pinging = undefined));
    return this.pinging;
  }

  private async pingOnce(timeoutMs: number): Promise<boolean> {
    const session = this.driver.session({ database: this.name, defaultAccessMode: neo4j.session.READ });
    let timer: NodeJS.Timeout | undefined;
    const query = session
      .run(this.queries.ping, {}, { timeout: timeoutMs })
      .then((result) => neo4j.integer.toNumber(result.records[0]?.get('ok') ?? 0) === 1)
      .catch(() => false);
    const expired = new Promise<boolean>((resolve) => {
      timer = setTimeout(() => resolve(false), timeoutMs);
      timer.unref();
    });
    try {
      const up = await Promise.race([query, expired]);
      this.metrics.neo4jUp.set(up ? 1 : 0);
      return up;
    } finally {
      clearTimeout(timer);
      // Closing waits for the query; let it finish (or fail) in the background.
      void query.finally(() => session.close().catch(() => undefined));
    }
  }

  async close(): Promise<void> {
    await this.driver.close();
  }
}

const CONFLICT_ATTEMPTS = 8;

/** How long a read statement is retried on transient errors: the driver's maxTransactionRetryTime (src/neo4j/connect.ts). */
const MAX_RETRY_MS = 30_000;

/** Runs `attempt` again while it loses races it can win by retrying (CONFLICT_ATTEMPTS in all); then answers 503. */
async function retryOnConflict<T>(attempt: () => Promise<T>, metrics: Metrics, counted = true): Promise<T> {
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
      if (counted) metrics.transactionRetries.inc({ reason: 'conflict' });
    }
  }
}
