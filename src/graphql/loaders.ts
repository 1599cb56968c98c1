import DataLoader from 'dataloader';
import { InteractionRecord, ThreadRecord } from '../model';
import { Database, QueryCounter } from '../neo4j';
import { createThreadLoaders, ThreadLoaders } from '../threads/loaders';

/**
 * Per-request loaders: one Cypher round trip per entity type per tick, results in key order,
 * null for unknown ids and for other tenants' nodes (the queries match on the tenant).
 */
export interface Loaders extends ThreadLoaders {
  interaction: DataLoader<string, InteractionRecord | null>;
  thread: DataLoader<string, ThreadRecord | null>;
}

/** `tenant` is called when a batch runs, so an anonymous request fails there rather than at creation. */
export function createLoaders(db: Database, tenant: () => string, counter: QueryCounter): Loaders {
  const entities = {
    interaction: new DataLoader<string, InteractionRecord | null>(async (ids) => {
      const rows = await db.read('load-interactions', { tenant: tenant(), ids: [...ids] }, counter);
      return inKeyOrder(ids, rows.map((r) => r.interaction as InteractionRecord));
    }),
    thread: new DataLoader<string, ThreadRecord | null>(async (ids) => {
      const rows = await db.read('load-threads', { tenant: tenant(), ids: [...ids] }, counter);
      return inKeyOrder(ids, rows.map((r) => r.thread as ThreadRecord));
    }),
  };
  return { ...entities, ...createThreadLoaders(db, tenant, counter, entities) };
}

/** Orders `found` by `keys`, with null where nothing was found. */
export function inKeyOrder<T extends { id: string }>(keys: readonly string[], found: T[]): (T | null)[] {
  const byId = new Map(found.map((f) => [f.id, f]));
  return keys.map((k) => byId.get(k) ?? null);
}
