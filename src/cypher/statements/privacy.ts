import { CorrectionRecord, InteractionRecord, StitchKeyField, StitchKeyKind, ThreadRecord } from '../../model';
import { statement } from '../statement';

/** An erasure receipt as stored: when, by whom, how many, and a keyed hash of the key (never the key). */
export interface ErasureReceiptRecord {
  id: string;
  keyKind: StitchKeyKind;
  keyHash: string;
  at: string;
  by: string | null;
  interactions: number;
  threads: number;
}

interface KeyParams {
  field: StitchKeyField;
  value: string;
}

/** Erasure and export of a data subject. */
export const PRIVACY_STATEMENTS = {
  'privacy/claim-erasure': statement<
    KeyParams & { lockKeys: string[]; keyHash: string },
    {
      interactions: {
        id: string;
        threadId: string;
        participants: string | null;
        externalId: string | null;
        phoneNumber: string | null;
        email: string | null;
      }[];
      stable: boolean;
      receipt: ErasureReceiptRecord | null;
    }
  >(),
  'privacy/erase-customer': statement<
    KeyParams & {
      erase: { id: string; participants: string }[];
      lockKeys: string[];
      keyKind: StitchKeyKind;
      keyHash: string;
      receiptId: string;
      by: string | null;
      writeReceipt: boolean;
      /** The StitchLocks of the erased interactions' other keys, to drop once nothing carries them (StaleStitchLock). */
      otherLocks: { key: string; field: StitchKeyField | 'externalThreadId'; value: string }[];
    },
    { erased: number; threads: number; receipt: ErasureReceiptRecord | null }
  >(),
  'drop-stitch-locks': statement<
    { locks: { key: string; field: StitchKeyField | 'externalThreadId'; value: string }[] },
    { dropped: number }
  >(),
  'privacy/export-customer': statement<
    KeyParams,
    { interactions: InteractionRecord[]; threads: ThreadRecord[]; history: CorrectionRecord[] }
  >(),
};

/** The retention sweep's statements: which tenants have work, and its bounded deletes. */
export const RETENTION_STATEMENTS = {
  'retention/due-tenants': statement<
    { keysBefore: string; threadsBefore: string | null; locksBefore: string; limit: number },
    { keyTenants: string[]; threadTenants: string[]; lockTenants: string[] }
  >(),
  'retention/stale-stitch-locks': statement<
    { before: string; limit: number },
    { locks: { key: string; field: StitchKeyField | 'externalThreadId'; value: string }[] }
  >(),
  'retention/expire-idempotency-keys': statement<{ before: string; limit: number }, { deleted: number }>(),
  'retention/delete-closed-threads': statement<
    { before: string; limit: number },
    {
      /** The threads the batch picked as due (it deletes fewer when a create reopened some, or another sweep took them). */
      picked: number;
      threads: number;
      interactions: number;
      /** The StitchLocks marked stale (one per thread that carried it: a key may come more than once). */
      locks: { key: string; field: StitchKeyField | 'externalThreadId'; value: string }[];
    }
  >(),
};
