import { Database, QueryCounter, WriteTx } from '../neo4j';
import { applyPolicyPatch, policyFrom, StitchingPolicy } from './policy';

/** The fields a stored :StitchingPolicy node may hold; anything else on the node is not policy. */
const POLICY_FIELDS = ['key', 'windowSeconds', 'gracePeriodSeconds', 'crossChannel', 'maxDepth', 'rejectOrphans', 'compositePattern', 'updatedAt'] as const;

/**
 * The policy a `load-policy` / `save-policy` row holds, over the defaults. Absent and null fields
 * fall back to the defaults: a node that `lock-policy` has just created holds only its tenant.
 */
export function policyFromRow(stored: unknown): StitchingPolicy {
  if (stored === null || typeof stored !== 'object') return policyFrom(null);
  const row = stored as Record<string, unknown>;
  const present = POLICY_FIELDS.filter((f) => row[f] !== null && row[f] !== undefined).map((f) => [f, row[f]] as const);
  return policyFrom(Object.fromEntries(present) as Partial<StitchingPolicy>);
}

/**
 * The tenant's policy, read inside the caller's write transaction: the stitching write path
 * decides on the policy its own transaction sees, and `updatePolicy` reads it after locking.
 */
export async function readPolicy(tx: WriteTx, tenant: string): Promise<StitchingPolicy> {
  const row = await tx.one('load-policy', { tenant });
  return policyFromRow(row?.policy);
}

/** The tenant's policy in a read transaction of its own (the defaults when it never set one). */
export async function readPolicyForRead(db: Database, tenant: string, counter?: QueryCounter): Promise<StitchingPolicy> {
  const rows = await db.read('load-policy', { tenant }, counter);
  return policyFromRow(rows[0]?.policy);
}

/**
 * Applies a partial update to the tenant's policy in one write transaction: lock the policy node
 * (creating it if needed), read it, validate the result (INVALID_POLICY), save it. Locking before
 * reading is what keeps concurrent partial updates of different fields from undoing each other:
 * each one reads what the one before it committed. A refused patch rolls back, node and all.
 */
export async function updatePolicy(
  db: Database,
  tenant: string,
  patch: Partial<StitchingPolicy>,
  counter?: QueryCounter,
): Promise<StitchingPolicy> {
  return db.write(async (tx) => {
    await tx.run('lock-policy', { tenant });
    const next = applyPolicyPatch(await readPolicy(tx, tenant), patch);
    const { updatedAt: _stampedBySave, ...fields } = next;
    const saved = await tx.one('save-policy', { tenant, ...fields });
    return policyFromRow(saved?.policy);
  }, counter);
}
