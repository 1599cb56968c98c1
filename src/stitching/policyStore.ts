import { TenantDb, TenantTx } from '../neo4j';
import { applyPolicyPatch, PolicyPatch, policyFromRow, StitchingPolicy } from './policy';
import { learnPolicy } from './policyCache';

/**
 * The tenant's policy, read inside the caller's write transaction: `updatePolicy` reads it after
 * locking, so concurrent partial updates each see what the one before committed.
 */
export async function readPolicyIn(tx: TenantTx): Promise<StitchingPolicy> {
  const row = await tx.one('load-policy', {});
  return policyFromRow(row?.policy);
}

/** The tenant's policy in a read transaction of its own (the defaults when it never set one). */
export async function readPolicy(h: TenantDb): Promise<StitchingPolicy> {
  const row = await h.readOne('load-policy', {});
  return policyFromRow(row?.policy);
}

/**
 * Applies a partial update to the tenant's policy in one write transaction: lock the policy node
 * (creating it if needed), read it, validate the result (INVALID_POLICY), save it. Locking before
 * reading is what keeps concurrent partial updates of different fields from undoing each other:
 * each one reads what the one before it committed. A refused patch rolls back, node and all.
 */
export async function updatePolicy(h: TenantDb, patch: PolicyPatch): Promise<StitchingPolicy> {
  const saved = await h.write(async (tx) => {
    await tx.run('lock-policy', {});
    const next = applyPolicyPatch(await readPolicyIn(tx), patch);
    const { updatedAt: _stampedBySave, ...fields } = next;
    return (await tx.one('save-policy', fields))?.policy ?? null;
  });
  // Once committed, this process's writes use it at once; other processes notice its new version.
  return learnPolicy(h, saved).policy;
}
