import { ManagedTransaction } from 'neo4j-driver';
import { ParamsOf, QueryRegistry, RowOf, StatementName } from '../cypher';
import { Logger } from '../log';
import { newCounter, QueryCounter, runStatement } from './run';

/** What runs a job's transactions: the Database, counting them apart from the requests'. */
export interface JobTransactor {
  readonly queries: QueryRegistry;
  jobTx<T>(mode: 'read' | 'write', work: (tx: ManagedTransaction) => Promise<T>): Promise<T>;
}

/**
 * The handle of the service's background jobs (event sequencing, webhook leases): statements that
 * span tenants, so no `$tenant` is added. A job that works for one tenant takes that tenant's
 * `TenantDb` instead. Requests never get one of these.
 */
export class JobDb {
  constructor(
    readonly db: JobTransactor,
    readonly logger: Logger | undefined,
    readonly counter: QueryCounter = newCounter(),
  ) {}

  /** `work` in one write transaction, retried like every write (so `work` must be safe to repeat). */
  write<T>(work: (tx: JobTx) => Promise<T>): Promise<T> {
    return this.db.jobTx('write', (tx) => work(new JobTx(tx, this)));
  }

  /** `work` in one read transaction. */
  read<T>(work: (tx: JobTx) => Promise<T>): Promise<T> {
    return this.db.jobTx('read', (tx) => work(new JobTx(tx, this)));
  }
}

/** A job's transaction: registry statements only, with exactly the parameters given. */
export class JobTx {
  constructor(
    private readonly tx: ManagedTransaction,
    private readonly scope: JobDb,
  ) {}

  run<N extends StatementName>(name: N, params: ParamsOf<N>): Promise<RowOf<N>[]> {
    return runStatement(this.tx, this.scope.db.queries, name, params, this.scope.counter);
  }

  async one<N extends StatementName>(name: N, params: ParamsOf<N>): Promise<RowOf<N> | undefined> {
    return (await this.run(name, params))[0];
  }
}
