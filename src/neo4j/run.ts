import { ManagedTransaction } from 'neo4j-driver';
import { ParamsOf, QueryRegistry, RowOf, StatementName } from '../cypher';
import { toPlain } from './values';

/** Counts Cypher round trips; one per request, so tests can assert what an operation cost. */
export interface QueryCounter {
  count: number;
  names: StatementName[];
}

export const newCounter = (): QueryCounter => ({ count: 0, names: [] });

/** What a TenantDb needs of the database: the statements and transactions with retries. */
export interface Transactor {
  readonly queries: QueryRegistry;
  readTx<T>(work: (tx: ManagedTransaction) => Promise<T>): Promise<T>;
  /** One read statement, auto-committed (one exchange with the server), retried as readTx is. */
  readStatement(text: string, params: Record<string, unknown>): Promise<Record<string, unknown>[]>;
  writeTx<T>(work: (tx: ManagedTransaction) => Promise<T>): Promise<T>;
  /** Told after each tenant's write transaction commits (a local wake-up for the event sequencer). */
  committed?(tenant: string): void;
}

/** Counts one round trip of `name` on the request's counter. */
function count(counter: QueryCounter, name: StatementName): void {
  counter.count += 1;
  counter.names.push(name);
}

/**
 * Runs a registry statement in `tx` with its parameters (and `$tenant`), counting the round trip.
 * This and readStatement below are the only places rows get their declared type:
 * src/cypher/statements/ declares each RETURN.
 */
export async function runStatement<N extends StatementName>(
  tx: ManagedTransaction,
  queries: QueryRegistry,
  name: N,
  params: ParamsOf<N> & { tenant?: string },
  counter: QueryCounter,
): Promise<RowOf<N>[]> {
  count(counter, name);
  const result = await tx.run(queries[name], params);
  return result.records.map((r) => toPlain(r.toObject()) as RowOf<N>);
}

/** Runs a registry statement as a read of its own (Transactor.readStatement), counting the round trip. */
export async function readStatement<N extends StatementName>(
  db: Transactor,
  name: N,
  params: ParamsOf<N> & { tenant?: string },
  counter: QueryCounter,
): Promise<RowOf<N>[]> {
  count(counter, name);
  return (await db.readStatement(db.queries[name], params)) as RowOf<N>[];
}
