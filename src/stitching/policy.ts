import { ThreadgraphError } from '../errors';
import { MAX_DEPTH_LIMIT, STITCH_KEYS, StitchKeyKind } from '../model';

/** A tenant's stitching policy (one per tenant, stored as a :StitchingPolicy node). */
export interface StitchingPolicy {
  key: StitchKeyKind;
  windowSeconds: number;
  gracePeriodSeconds: number;
  crossChannel: boolean;
  maxDepth: number;
  rejectOrphans: boolean;
  compositePattern: string;
  updatedAt: string | null;
}

/** The stitching guide's recommendations. */
export const DEFAULT_POLICY: Readonly<StitchingPolicy> = Object.freeze({
  key: 'EXTERNAL_ID',
  windowSeconds: 7 * 24 * 3600,
  gracePeriodSeconds: 300,
  crossChannel: true,
  maxDepth: 5,
  rejectOrphans: true,
  compositePattern: '^ACCT-[^-]+-CUST-[^-]+$',
  updatedAt: null,
});

/** A stored policy, or the defaults for a tenant that never set one. */
export function policyFrom(stored: Partial<StitchingPolicy> | null | undefined): StitchingPolicy {
  return { ...DEFAULT_POLICY, ...(stored ?? {}) } as StitchingPolicy;
}

/** A partial update: absent or null fields keep their current value. */
export type PolicyPatch = { [K in Exclude<keyof StitchingPolicy, 'updatedAt'>]?: StitchingPolicy[K] | null };

/** Applies `patch` to `current`; refuses values that could make stitching unbounded or wrong (INVALID_POLICY). */
export function applyPolicyPatch(current: StitchingPolicy, patch: PolicyPatch): StitchingPolicy {
  const defined = Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined && v !== null));
  const next = { ...current, ...defined } as StitchingPolicy;
  const problems: string[] = [];
  if (!STITCH_KEYS.includes(next.key)) problems.push(`key must be one of ${STITCH_KEYS.join(', ')}`);
  if (!Number.isInteger(next.maxDepth) || next.maxDepth < 1 || next.maxDepth > MAX_DEPTH_LIMIT) {
    problems.push(`maxDepth must be an integer in 1..${MAX_DEPTH_LIMIT} (never unbounded), got ${next.maxDepth}`);
  }
  if (!Number.isInteger(next.windowSeconds) || next.windowSeconds < 0 || next.windowSeconds > 90 * 24 * 3600) {
    problems.push(`windowSeconds must be an integer in 0..${90 * 24 * 3600} (90 days), got ${next.windowSeconds}`);
  }
  if (!Number.isInteger(next.gracePeriodSeconds) || next.gracePeriodSeconds < 0 || next.gracePeriodSeconds > 24 * 3600) {
    problems.push(`gracePeriodSeconds must be an integer in 0..86400, got ${next.gracePeriodSeconds}`);
  }
  try {
    new RegExp(next.compositePattern);
    if (!next.compositePattern.startsWith('^') || !next.compositePattern.endsWith('$')) {
      problems.push('compositePattern must be anchored (start with ^ and end with $) so it matches the full key');
    }
  } catch {
    problems.push(`compositePattern is not a valid regular expression: ${next.compositePattern}`);
  }
  if (problems.length > 0) throw new ThreadgraphError('INVALID_POLICY', `Invalid stitching policy: ${problems.join('; ')}`, { problems });
  return next;
}
