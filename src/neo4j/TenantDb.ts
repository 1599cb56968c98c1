import { ManagedTransaction } from 'neo4j-driver';
import { ParamsOf, RowOf, StatementName } from '../cypher';
import { Logger } from '../log';
import { QueryCounter, readStatement, runStatement, Transactor } from './run';

/**
 * The request-scoped handle services receive: the caller's tenant, the round-trip counter of the
 * request, its logger and who is acting (the token's subject, for audit trails). Every statement
 * it runs gets `$tenant` from here, so no service can forget to scope a query.
 */
export class TenantDb {
  constructor(
    readonly db: Transactor,
    readonly tenant: string,
    readonly counter: QueryCounter,
    readonly logger: Logger | undefined,
    readonly actor: string | null,
  ) {}

  /** One statement, read in an auto-commit transaction of its own (see Database.readStatement). */
  read<N extends StatementName>(name: N, params: ParamsOf<N>): Promise<RowOf<N>[]> {
    return readStatement(this.db, name, { ...params, tenant: this.tenant }, this.counter);
  }

  /** The first row of one statement in a read transaction of its own. */
  async readOne<N extends StatementName>(name: N, params: ParamsOf<N>): Promise<RowOf<N> | undefined> {
    return (await this.read(name, params))[0];
  }

  /** Several statements in one read transaction (one consistent snapshot). */
  readTx<T>(work: (tx: TenantTx) => Promise<T>): Promise<T> {
    return this.db.readTx((tx) => work(new TenantTx(tx, this)));
  }

  /** `work` in one write transaction; see Database.writeTx for retries (so `work` must be safe to repeat). */
  async write<T>(work: (tx: TenantTx) => Promise<T>): Promise<T> {
    const result = await this.db.writeTx((tx) => work(new TenantTx(tx, this)));
    this.db.committed?.(this.tenant);
    return result;
  }
}

/** The statements a transaction function may run: only registry statements, only parameters, always the tenant's. */
export class TenantTx {
  constructor(
    private readonly tx: ManagedTransaction,
    private readonly scope: TenantDb,
  ) {}

  run<N extends StatementName>(name: N, params: ParamsOf<N>): Promise<RowOf<N>[]> {
    return runStatement(this.tx, this.scope.db.queries, name, { ...params, tenant: this.scope.tenant }, this.scope.counter);
  }

  async one<N extends StatementName>(name: N, params: ParamsOf<N>): Promise<RowOf<N> | undefined> {
    return (await this.run(name, params))[0];
  }
}
