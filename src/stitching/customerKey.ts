import { ThreadgraphError } from '../errors';
import { shown, STITCH_KEY_FIELD, StitchKeyField, StitchKeyKind } from '../model';
import { lockKeyOf } from './decide';
import { normalizeKey } from './normalize';

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
 * Checks and normalizes a customer key exactly as createInteraction normalizes the key it stores
 * (normalizeKey: an externalId trimmed, and a COMPOSITE key is an externalId too; a phone number to
 * E.164; an email lower-cased), so any key a create accepted can be named here. Empty or malformed
 * keys are BAD_USER_INPUT.
 */
export function customerKeyOf(input: { kind: unknown; value: unknown }): CustomerKey {
  const kind = input.kind as CustomerKeyKind;
  if (!KINDS.includes(kind))
    throw new ThreadgraphError('BAD_USER_INPUT', `key.kind must be one of ${KINDS.join(', ')}, got ${shown(kind)}`);
  const field = STITCH_KEY_FIELD[kind];
  const value = normalizeKey[field](input.value, 'key.value');
  if (value === null) throw new ThreadgraphError('BAD_USER_INPUT', 'key.value must be a non-empty string');
  const lockKinds: StitchKeyKind[] = kind === 'EXTERNAL_ID' ? ['COMPOSITE', 'EXTERNAL_ID'] : [kind];
  return { kind, value, field, lockKeys: lockKinds.map((k) => lockKeyOf({ kind: k, value })) };
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
  const add = (kind: StitchKeyKind, field: StitchKeyField, value: string | null | undefined) => {
    if (value) locks.push({ key: lockKeyOf({ kind, value }), field, value });
  };
  add('COMPOSITE', 'externalId', i.externalId);
  add('EXTERNAL_ID', 'externalId', i.externalId);
  add('PHONE_NUMBER', 'phoneNumber', i.phoneNumber);
  add('EMAIL', 'email', i.email);
  return locks;
}
