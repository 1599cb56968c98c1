import { ThreadgraphError } from '../errors';
import { checkIdentifier, INPUT_LIMITS, shown, STITCH_KEY_FIELD, StitchKeyField } from '../model';
import { normalizeEmail, normalizePhone } from './normalize';

/** How a data subject is named in an erasure or export request. */
export type CustomerKeyKind = 'EXTERNAL_ID' | 'PHONE_NUMBER' | 'EMAIL';

/** A customer's key, normalized as stitching normalizes it, with the property that holds it. */
export interface CustomerKey {
  kind: CustomerKeyKind;
  value: string;
  field: StitchKeyField;
  /** The StitchLocks a create carrying this key takes (carriedKeyLocks), sorted: an erasure takes them all. */
  lockKeys: string[];
}

const KINDS: readonly CustomerKeyKind[] = ['EXTERNAL_ID', 'PHONE_NUMBER', 'EMAIL'];

/**
 * Checks and normalizes a customer key the way createInteraction normalizes what it stores: an
 * externalId trimmed (a COMPOSITE key is an externalId too), a phone number to E.164, an email
 * lower-cased. Empty or malformed keys are BAD_USER_INPUT.
 */
export function customerKeyOf(input: { kind: unknown; value: unknown }): CustomerKey {
  const kind = input.kind as CustomerKeyKind;
  if (!KINDS.includes(kind))
    throw new ThreadgraphError('BAD_USER_INPUT', `key.kind must be one of ${KINDS.join(', ')}, got ${shown(kind)}`);
  if (typeof input.value !== 'string' || input.value.trim().length === 0) {
    throw new ThreadgraphError('BAD_USER_INPUT', 'key.value must be a non-empty string');
  }
  const raw = input.value.trim();
  switch (kind) {
    case 'EXTERNAL_ID': {
      const value = checkIdentifier(raw, 'key.value', INPUT_LIMITS.keyLength);
      return { kind, value, field: STITCH_KEY_FIELD.EXTERNAL_ID, lockKeys: [`COMPOSITE:${value}`, `EXTERNAL_ID:${value}`] };
    }
    case 'PHONE_NUMBER': {
      const value = normalizePhone(checkIdentifier(raw, 'key.value', 64));
      return { kind, value, field: STITCH_KEY_FIELD.PHONE_NUMBER, lockKeys: [`PHONE_NUMBER:${value}`] };
    }
    case 'EMAIL': {
      const value = normalizeEmail(checkIdentifier(raw, 'key.value', 320));
      return { kind, value, field: STITCH_KEY_FIELD.EMAIL, lockKeys: [`EMAIL:${value}`] };
    }
  }
}

/** A StitchLock and the key it stands for, so it can be dropped once no interaction carries the key. */
export interface KeyLock {
  key: string;
  field: StitchKeyField | 'externalThreadId';
  value: string;
}

/**
 * Every StitchLock an interaction's keys may have made (whatever the policy was: EXTERNAL_ID and
 * COMPOSITE both for an externalId), for cleaning up after the interaction loses its keys or goes.
 */
export function keyLocksOf(i: { externalId?: string | null; phoneNumber?: string | null; email?: string | null }): KeyLock[] {
  const locks: KeyLock[] = [];
  if (i.externalId) {
    locks.push({ key: `COMPOSITE:${i.externalId}`, field: 'externalId', value: i.externalId });
    locks.push({ key: `EXTERNAL_ID:${i.externalId}`, field: 'externalId', value: i.externalId });
  }
  if (i.phoneNumber) locks.push({ key: `PHONE_NUMBER:${i.phoneNumber}`, field: 'phoneNumber', value: i.phoneNumber });
  if (i.email) locks.push({ key: `EMAIL:${i.email}`, field: 'email', value: i.email });
  return locks;
}
