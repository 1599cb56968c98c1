import { ThreadgraphError, WarningCode } from '../errors';
import { STITCH_KEY_FIELD, StitchCandidate, StitchKeyKind } from '../model';
import { matchesCompositePattern } from './compositePattern';
import { NewInteraction } from './normalize';
import { StitchingPolicy } from './policy';

/**
 * The pure decisions of the stitching engine: which key a new interaction stitches on, and which
 * earlier interaction (if any) it attaches to. The write transaction feeds them state it read
 * under its locks; nothing here touches the database.
 */

export interface StitchWarning {
  code: WarningCode;
  message: string;
}

export interface StitchKey {
  kind: StitchKeyKind;
  value: string;
}

/**
 * The key this interaction stitches on under `policy`, or null when it carries none. A COMPOSITE key
 * is checked against the pattern separately (assertComposite), once the policy is known to be current.
 */
export function stitchKeyOf(
  input: Pick<NewInteraction, 'externalId' | 'phoneNumber' | 'email'>,
  policy: StitchingPolicy,
): StitchKey | null {
  const value = input[STITCH_KEY_FIELD[policy.key]];
  return value ? { kind: policy.key, value } : null;
}

/** The StitchLock key that serializes every create of one customer: `EXTERNAL_ID:CUST-1`. */
export const lockKeyOf = (key: StitchKey): string => `${key.kind}:${key.value}`;

/**
 * The StitchLocks of every key an interaction carries (its externalId, as EXTERNAL_ID or, under a
 * COMPOSITE policy, COMPOSITE; its phone number; its email), sorted: the order every write takes them
 * in. A create takes them all, whatever it stitches on, and an erasure of a customer takes the same
 * ones, so an erasure never misses an interaction being created with the customer's key. The key it
 * stitches on (lockKeyOf) is one of them.
 */
export function carriedKeyLocks(input: Pick<NewInteraction, 'externalId' | 'phoneNumber' | 'email'>, policy: StitchingPolicy): string[] {
  const carried: StitchKey[] = [];
  if (input.externalId) carried.push({ kind: policy.key === 'COMPOSITE' ? 'COMPOSITE' : 'EXTERNAL_ID', value: input.externalId });
  if (input.phoneNumber) carried.push({ kind: 'PHONE_NUMBER', value: input.phoneNumber });
  if (input.email) carried.push({ kind: 'EMAIL', value: input.email });
  return carried.map(lockKeyOf).sort();
}

/** Under COMPOSITE, an externalId must name one entity of the hierarchy in full (ACCT-100-CUST-200). */
export function assertComposite(externalId: string, policy: StitchingPolicy): void {
  // A full match, so the whole key must match even for a pattern like ^A|B$ (which anchors each side only).
  // RE2, linear time: a tenant's pattern cannot stall the event loop (see compositePattern.ts).
  if (policy.key === 'COMPOSITE' && !matchesCompositePattern(policy.compositePattern, externalId)) {
    throw new ThreadgraphError(
      'INVALID_EXTERNAL_ID',
      `externalId "${externalId}" does not match the composite pattern ${policy.compositePattern}: stitching needs the full entity key (for example ACCT-100-CUST-200).`,
    );
  }
}

/** The earliest last activity an earlier interaction may have and still be stitched to: window + grace back. */
export function horizonOf(startedAt: string, policy: StitchingPolicy): number {
  return Date.parse(startedAt) - (policy.windowSeconds + policy.gracePeriodSeconds) * 1000;
}

/** An earlier interaction with the same key, as find-recent-interactions returns it. */
export type Candidate = StitchCandidate;

export type AutoStitchPlan =
  | { kind: 'attach'; candidate: Candidate; reason: 'AUTO_STITCH' | 'GRACE_PERIOD'; warnings: StitchWarning[] }
  | { kind: 'new'; warnings: StitchWarning[] };

/** Keys that identify an address rather than a person: a shared line or mailbox must not merge people. */
const ADDRESS_KEYS: ReadonlySet<StitchKeyKind> = new Set(['PHONE_NUMBER', 'EMAIL']);

/**
 * Picks the interaction to attach to: the one with the latest activity at most window (+ grace)
 * before the new start. `candidates` are already limited to that horizon.
 */
export function chooseAutoStitch(
  candidates: Candidate[],
  input: Pick<NewInteraction, 'type' | 'externalId' | 'startedAt'>,
  key: StitchKey,
  policy: StitchingPolicy,
): AutoStitchPlan {
  const warnings: StitchWarning[] = [];
  const start = Date.parse(input.startedAt);
  const horizon = horizonOf(input.startedAt, policy);
  let pool = candidates.filter((c) => Date.parse(c.lastActivity) >= horizon);
  if (pool.length === 0) return { kind: 'new', warnings };

  if (ADDRESS_KEYS.has(key.kind)) {
    const people = new Set(pool.map((c) => c.externalId).filter((x): x is string => x !== null));
    if (input.externalId) people.add(input.externalId);
    if (people.size > 1) {
      warnings.push({
        code: 'AMBIGUOUS_KEY',
        message: `The ${key.kind === 'PHONE_NUMBER' ? 'phone number' : 'email address'} is shared by ${people.size} customers within the stitching window; started a new thread rather than risk merging different people.`,
      });
      return { kind: 'new', warnings };
    }
  }

  if (!policy.crossChannel) {
    const sameChannel = pool.filter((c) => c.type === input.type);
    if (sameChannel.length < pool.length) {
      warnings.push({
        code: 'CROSS_CHANNEL_SKIPPED',
        message: `Cross-channel stitching is off: earlier ${pool
          .filter((c) => c.type !== input.type)
          .map((c) => c.type)
          .filter((v, i, a) => a.indexOf(v) === i)
          .join(', ')} interactions were not considered.`,
      });
    }
    pool = sameChannel;
    if (pool.length === 0) return { kind: 'new', warnings };
  }

  const latest = pool.reduce((a, b) => (Date.parse(b.lastActivity) > Date.parse(a.lastActivity) ? b : a));
  const gapMs = start - Date.parse(latest.lastActivity);
  const reason = gapMs <= policy.windowSeconds * 1000 ? 'AUTO_STITCH' : 'GRACE_PERIOD';
  return { kind: 'attach', candidate: latest, reason, warnings };
}

/** With cross-channel off, an explicit parent must be of the child's channel. */
export function crossChannelRefusal(parent: { type: string }, child: { type: string }, policy: StitchingPolicy): ThreadgraphError | null {
  if (policy.crossChannel || parent.type === child.type) return null;
  return new ThreadgraphError(
    'CROSS_CHANNEL_DISABLED',
    `Cross-channel stitching is off: a ${child.type} interaction cannot join a ${parent.type} interaction.`,
  );
}
