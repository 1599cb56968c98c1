import DataLoader from 'dataloader';
import { InteractionRecord, ThreadRecord } from '../model';
import { Database, QueryCounter } from '../neo4j';

/**
 * Per-request loaders: one Cypher round trip per entity type per tick, results in key order,
 * null for unknown ids and for other tenants' nodes (the queries match on the tenant).
 */
export interface Loaders {
  interaction: DataLoader<string, InteractionRecord | null>;
  thread: DataLoader<string, ThreadRecord | null>;
}

/** `tenant` is called when a batch runs, so an anonymous request fails there rather than at creation. */
export function createLoaders(db: Database, tenant: () => string, counter: QueryCounter): Loaders {
  return {
    interaction: new DataLoader(async (ids) => {
      const rows = await db.read('load-interactions', { tenant: tenant(), ids: [...ids] }, counter);
      return inKeyOrder(ids, rows.map((r) => r.interaction as InteractionRecord));
    }),
    thread: new DataLoader(async (ids) => {
      const rows = await db.read('load-threads', { tenant: tenant(), ids: [...ids] }, counter);
      return inKeyOrder(ids, rows.map((r) => r.thread as ThreadRecord));
    }),
  };
}

/** Orders `found` by `keys`, with null where nothing was found. */
export function inKeyOrder<T extends { id: string }>(keys: readonly string[], found: T[]): (T | null)[] {
  const byId = new Map(found.map((f) => [f.id, f]));
  return keys.map((k) => byId.get(k) ?? null);
}
