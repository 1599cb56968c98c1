import { TenantDb } from '../neo4j';
import { KeyLock } from '../stitching';

/** Each key once, in key order (the order locks are taken in). */
export function uniqueLocks(locks: readonly KeyLock[]): KeyLock[] {
  return [...new Map(locks.map((l) => [l.key, l])).values()].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

/**
 * Deletes the StitchLocks among `locks` whose key no interaction (or, for a CRM thread id, no
 * thread) carries any more, in a transaction of its own (drop-stitch-locks.cypher): a lock node's
 * key is the customer's key itself, so it must not outlive the data it guarded. Their StaleStitchLock
 * marks go too; the retention sweep drops the marked locks whose drop never ran. Returns how many went.
 */
export async function dropStitchLocks(h: TenantDb, locks: readonly KeyLock[]): Promise<number> {
  const unique = uniqueLocks(locks);
  if (unique.length === 0) return 0;
  return h.write(async (tx) => (await tx.one('drop-stitch-locks', { locks: unique }))?.dropped ?? 0);
}
