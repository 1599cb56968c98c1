import { ThreadgraphError } from '../errors';
import { MAX_DEPTH_LIMIT, STITCH_KEYS, StitchKeyKind } from '../model';
import { compositePatternProblem } from './compositePattern';

/**
 * What a transfer or an explicit parent at maxDepth does: attach to the parent's nearest ancestor
 * with room (a contact centre cannot refuse a transfer: the customer is on the line), or refuse.
 */
export const AT_MAX_DEPTH = ['REROOT', 'REFUSE'] as const;
export type AtMaxDepth = (typeof AT_MAX_DEPTH)[number];

/** The largest maxThreadSize a policy may set: a thread is read whole, in one query. */
export const MAX_THREAD_SIZE_LIMIT = 10_000;

/** A tenant's stitching policy (one per tenant, stored as a :StitchingPolicy node). */
export interface StitchingPolicy {
  key: StitchKeyKind;
  windowSeconds: number;
  gracePeriodSeconds: number;
  crossChannel: boolean;
  maxDepth: number;
  rejectOrphans: boolean;
  compositePattern: string;
  atMaxDepth: AtMaxDepth;
  /** The runaway guard: an interaction that would make a thread larger starts a new thread continuing it. */
  maxThreadSize: number;
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
  atMaxDepth: 'REROOT',
  maxThreadSize: 250,
  updatedAt: null,
});

/** A stored policy, or the defaults for a tenant that never set one. */
export function policyFrom(stored: Partial<StitchingPolicy> | null | undefined): StitchingPolicy {
  return { ...DEFAULT_POLICY, ...(stored ?? {}) } as StitchingPolicy;
}

/** The longest stitching window (90 days) and grace period (1 day) a policy may set. */
export const MAX_WINDOW_SECONDS = 90 * 24 * 3600;
export const MAX_GRACE_SECONDS = 24 * 3600;

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
  if (!Number.isInteger(next.windowSeconds) || next.windowSeconds < 0 || next.windowSeconds > MAX_WINDOW_SECONDS) {
    problems.push(`windowSeconds must be an integer in 0..${MAX_WINDOW_SECONDS} (90 days), got ${next.windowSeconds}`);
  }
  if (!Number.isInteger(next.gracePeriodSeconds) || next.gracePeriodSeconds < 0 || next.gracePeriodSeconds > MAX_GRACE_SECONDS) {
    problems.push(`gracePeriodSeconds must be an integer in 0..${MAX_GRACE_SECONDS}, got ${next.gracePeriodSeconds}`);
  }
  if (!AT_MAX_DEPTH.includes(next.atMaxDepth)) problems.push(`atMaxDepth must be one of ${AT_MAX_DEPTH.join(', ')}`);
  if (!Number.isInteger(next.maxThreadSize) || next.maxThreadSize < 2 || next.maxThreadSize > MAX_THREAD_SIZE_LIMIT) {
    problems.push(
      `maxThreadSize must be an integer in 2..${MAX_THREAD_SIZE_LIMIT} (a thread holds at least one follow-up), got ${next.maxThreadSize}`,
    );
  }
  const patternProblem = compositePatternProblem(next.compositePattern);
  if (patternProblem) problems.push(patternProblem);
  if (problems.length > 0) throw new ThreadgraphError('INVALID_POLICY', `Invalid stitching policy: ${problems.join('; ')}`, { problems });
  return next;
}

/** The fields a stored :StitchingPolicy node may hold; anything else on the node is not policy. */
const POLICY_FIELDS = [
  'key',
  'windowSeconds',
  'gracePeriodSeconds',
  'crossChannel',
  'maxDepth',
  'rejectOrphans',
  'compositePattern',
  'atMaxDepth',
  'maxThreadSize',
  'updatedAt',
] as const;

/**
 * The policy a `load-policy` / `save-policy` row holds, over the defaults. Absent and null fields
 * fall back to the defaults: a node that `lock-policy` has just created holds only its tenant.
 */
export function policyFromRow(stored: Record<string, unknown> | null | undefined): StitchingPolicy {
  if (stored === null || stored === undefined) return policyFrom(null);
  const present = POLICY_FIELDS.filter((f) => stored[f] !== null && stored[f] !== undefined && storedFieldOk(f, stored[f])).map(
    (f) => [f, stored[f]] as const,
  );
  return policyFrom(Object.fromEntries(present) as Partial<StitchingPolicy>);
}

/**
 * Whether a stored field has the type and range updatePolicy would have saved. One written by hand
 * (a string maxDepth, a window of a year) falls back to the default rather than fail every write;
 * compositePattern is checked when it is used, so a bad one is refused with INVALID_POLICY.
 */
function storedFieldOk(field: (typeof POLICY_FIELDS)[number], value: unknown): boolean {
  const int = (min: number, max: number) => Number.isInteger(value) && (value as number) >= min && (value as number) <= max;
  switch (field) {
    case 'key':
      return (STITCH_KEYS as readonly unknown[]).includes(value);
    case 'maxDepth':
      return int(1, MAX_DEPTH_LIMIT);
    case 'windowSeconds':
      return int(0, MAX_WINDOW_SECONDS);
    case 'gracePeriodSeconds':
      return int(0, MAX_GRACE_SECONDS);
    case 'maxThreadSize':
      return int(2, MAX_THREAD_SIZE_LIMIT);
    case 'atMaxDepth':
      return (AT_MAX_DEPTH as readonly unknown[]).includes(value);
    case 'crossChannel':
    case 'rejectOrphans':
      return typeof value === 'boolean';
    case 'compositePattern':
    case 'updatedAt':
      return typeof value === 'string';
  }
}
