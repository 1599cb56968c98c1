import { randomUUID } from 'node:crypto';
import { ErasureReceiptRecord } from '../cypher';
import { RetryableConflict } from '../errors';
import { participantsOf } from '../model';
import { TenantDb } from '../neo4j';
import { customerKeyOf, KeyLock, keyLocksOf } from '../stitching';
import { keyHashOf } from './keyHash';
import { dropStitchLocks, uniqueLocks } from './stitchLocks';

export interface EraseResult {
  /** Interactions whose personal data this request removed (0 for a key matching nothing, or a repeat). */
  erased: number;
  threads: number;
  /** True when nothing was left to erase and an earlier receipt for this key stands. */
  repeated: boolean;
  receipt: ErasureReceiptRecord;
}

/** What a redacted participant's id becomes: the role and state stay, for analytics. */
const ERASED_ID = 'erased';

/**
 * Erases a data subject: removes the personal data of every interaction of the caller's tenant
 * that carries `key` (see privacy/erase-customer.cypher for what goes and what stays) and records
 * a receipt (when, who: the handle's actor, how many, a keyed hash of the key). One transaction of
 * two statements: privacy/claim-erasure locks the key (as every create carrying it does), the CRM
 * thread ids and threads of its interactions, and reads them under the locks; the participants are
 * redacted here (they are JSON text); privacy/erase-customer writes. So a create racing the erasure
 * either committed before it (and is erased) or runs after it (and finds nothing to stitch to: an
 * erased interaction carries no key). Idempotent: a repeat finds nothing and returns the receipt
 * that stands. Then the StitchLocks of the erased interactions' other keys go, in a transaction of
 * their own. Thread events naming the erased interactions' keys are scrubbed in the erasure's
 * statement, which also records thread.erased on every thread it touched.
 */
export async function eraseCustomer(h: TenantDb, rawKey: { kind: unknown; value: unknown }, hashSecret: string): Promise<EraseResult> {
  const key = customerKeyOf(rawKey);
  const keyHash = keyHashOf(hashSecret, h.tenant, key);
  let otherLocks: KeyLock[] = [];
  const result = await h.write(async (tx) => {
    const claim = await tx.one('privacy/claim-erasure', { field: key.field, value: key.value, lockKeys: key.lockKeys, keyHash });
    if (!claim) throw new Error('privacy/claim-erasure returned no row');
    if (!claim.stable) throw new RetryableConflict('an interaction of the key moved to another thread while being locked');
    otherLocks = claim.interactions.flatMap(keyLocksOf).filter((l) => !key.lockKeys.includes(l.key));
    const erase = claim.interactions.map((i) => ({ id: i.id, participants: JSON.stringify(redacted(i.participants)) }));
    const row = await tx.one('privacy/erase-customer', {
      field: key.field,
      value: key.value,
      erase,
      lockKeys: key.lockKeys,
      keyKind: key.kind,
      keyHash,
      receiptId: randomUUID(),
      by: h.actor,
      writeReceipt: erase.length > 0 || claim.receipt === null,
      otherLocks: uniqueLocks(otherLocks),
    });
    if (!row?.receipt) throw new Error('privacy/erase-customer returned no receipt');
    if (row.erased !== erase.length) throw new RetryableConflict(`erased ${row.erased} of the ${erase.length} interactions read`);
    return { erased: row.erased, threads: row.threads, repeated: erase.length === 0 && claim.receipt !== null, receipt: row.receipt };
  });
  // The erased interactions' other keys (a phone number, an email) had locks of their own; those go
  // too once nothing carries their key, after the erasure committed (they are locked by creates before
  // threads, so taking them inside it could wait in a circle). The erasure marked them
  // (StaleStitchLock) in its own transaction: should this drop fail, the next retention sweep does it,
  // and the erasure, committed, is reported as done.
  try {
    await dropStitchLocks(h, otherLocks);
  } catch (error) {
    h.logger?.warn({ err: error, locks: otherLocks.length }, 'erasure committed; its stale StitchLocks are left to the retention sweep');
  }
  return result;
}

/** Participants with every non-agent id replaced: agents are staff, not the data subject. */
function redacted(participants: string | null) {
  return participantsOf({ participants }).map((p) => (p.role === 'AGENT' ? p : { ...p, id: ERASED_ID }));
}
