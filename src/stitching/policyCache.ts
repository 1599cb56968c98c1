import { RetryableConflict } from '../errors';
import { TenantDb } from '../neo4j';
import { PolicyParams, StoredPolicy } from '../cypher';
import { DEFAULT_POLICY, policyFromRow, StitchingPolicy } from './policy';

/**
 * The stitching policy each tenant's writes decide with, cached in this process with the stored
 * version it came from (`null`: the tenant never saved one, the defaults apply).
 *
 * Why a cache and not a read: the write statements must not look the policy up through its unique
 * index (for a tenant without a policy node that locks the tenant-wide index key until commit, so
 * every write of the tenant would run one at a time), and reading it in a statement of its own
 * costs a round trip per write. So a write decides with the cached policy, and every write
 * statement reads the stored version (through a TEXT index, which takes no lock) and refuses with
 * POLICY_CHANGED when it differs: the write then learns the stored policy from that same row and
 * runs again. A write is therefore always decided and checked under the policy current when its
 * statements ran, in every process, without a tenant-wide lock and without an extra round trip.
 * A tenant this process has not seen is assumed to have none (the common case); one that has a
 * policy costs its first write here one retry.
 */
export interface KnownPolicy {
  policy: StitchingPolicy;
  version: number | null;
}

/** Tenants remembered per database handle; the oldest is forgotten beyond this (it is only a cache). */
const LIMIT = 10_000;
const caches = new WeakMap<object, Map<string, KnownPolicy>>();

function cacheOf(h: TenantDb): Map<string, KnownPolicy> {
  let cache = caches.get(h.db);
  if (!cache) {
    cache = new Map();
    caches.set(h.db, cache);
  }
  return cache;
}

const NONE_STORED: KnownPolicy = Object.freeze({ policy: DEFAULT_POLICY, version: null });

/** The policy this tenant's next write decides with. */
export function knownPolicy(h: TenantDb): KnownPolicy {
  return cacheOf(h).get(h.tenant) ?? NONE_STORED;
}

/** The version a stored policy row carries: null when there is none, 0 for one saved before versions. */
export function versionOf(row: StoredPolicy | null | undefined): number | null {
  if (row === null || row === undefined) return null;
  return typeof row.version === 'number' ? row.version : 0;
}

/**
 * Remembers the policy a statement just read (or saved) for this tenant, unless the cache already
 * holds a newer version: a slower write may report a row it read before an update, and versions
 * only go up. A row saying no policy is stored is always learned (should a policy ever be removed,
 * writes must not keep asking for it); if it was stale, the next statement corrects it.
 */
export function learnPolicy(h: TenantDb, row: StoredPolicy | null): KnownPolicy {
  const known: KnownPolicy = { policy: policyFromRow(row), version: versionOf(row) };
  const cache = cacheOf(h);
  const current = cache.get(h.tenant);
  if (current && known.version !== null && (current.version ?? -1) > known.version) return current;
  cache.delete(h.tenant);
  cache.set(h.tenant, known);
  if (cache.size > LIMIT) cache.delete(cache.keys().next().value!);
  return known;
}

/**
 * Called with the policy row a write statement read: if its version is not the one the write
 * decided with, learns it and throws RetryableConflict, so the write runs again under it.
 */
export function assertPolicyCurrent(h: TenantDb, used: KnownPolicy, row: StoredPolicy | null): void {
  if (versionOf(row) === used.version) return;
  learnPolicy(h, row);
  throw new RetryableConflict('the stitching policy changed while this write was being decided');
}

const RULE_DEFAULTS: PolicyParams['defaults'] = Object.freeze({
  maxDepth: DEFAULT_POLICY.maxDepth,
  maxThreadSize: DEFAULT_POLICY.maxThreadSize,
  crossChannel: DEFAULT_POLICY.crossChannel,
});

/**
 * What every guarded write statement takes of the policy: the version this write decided with, and
 * the defaults of the rules it checks. The statement checks the stored policy's own values, so a
 * caller cannot loosen a rule by what it passes.
 */
export function policyParams(known: KnownPolicy): PolicyParams {
  return { policyVersion: known.version, defaults: RULE_DEFAULTS };
}
