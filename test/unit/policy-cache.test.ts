import { RetryableConflict } from '../../src/errors';
import { newCounter, TenantDb } from '../../src/neo4j';
import { assertPolicyCurrent, knownPolicy, learnPolicy, policyParams, versionOf } from '../../src/stitching/policyCache';
import { DEFAULT_POLICY } from '../../src/stitching/policy';

/** A handle that never reaches a database: the cache only reads its tenant and identity. */
const db = { queries: {} } as unknown as TenantDb['db'];
const handle = (tenant: string, on = db) => new TenantDb(on, tenant, newCounter(), undefined, null);

describe('the policy cache', () => {
  it('assumes a tenant it has not seen has no stored policy: the defaults, version null', () => {
    expect(knownPolicy(handle('unseen'))).toEqual({ policy: DEFAULT_POLICY, version: null });
    expect(policyParams(knownPolicy(handle('unseen')))).toEqual({
      policyVersion: null,
      defaults: { maxDepth: 5, maxThreadSize: 250, crossChannel: true },
    });
  });

  it('reads a stored version; a policy stored before versions existed is version 0, none stored is null', () => {
    expect(versionOf(null)).toBeNull();
    expect(versionOf({ maxDepth: 3 })).toBe(0);
    expect(versionOf({ maxDepth: 3, version: 4 })).toBe(4);
  });

  it('learns a policy per tenant and per database handle', () => {
    learnPolicy(handle('t1'), { maxDepth: 3, version: 2 });
    expect(knownPolicy(handle('t1'))).toMatchObject({ policy: { maxDepth: 3 }, version: 2 });
    expect(knownPolicy(handle('t2')).version).toBeNull();
    const other = { queries: {} } as unknown as TenantDb['db'];
    expect(knownPolicy(handle('t1', other)).version).toBeNull();
  });

  it('passes a statement’s policy of the same version, and learns a different one before asking for a retry', () => {
    const h = handle('t3');
    learnPolicy(h, { maxDepth: 3, version: 1 });
    const used = knownPolicy(h);
    expect(() => assertPolicyCurrent(h, used, { maxDepth: 3, version: 1 })).not.toThrow();
    expect(() => assertPolicyCurrent(h, used, { maxDepth: 2, version: 2 })).toThrow(RetryableConflict);
    expect(knownPolicy(h)).toMatchObject({ policy: { maxDepth: 2 }, version: 2 });
    expect(() => assertPolicyCurrent(h, knownPolicy(h), null)).toThrow(RetryableConflict);
    expect(knownPolicy(h)).toEqual({ policy: DEFAULT_POLICY, version: null });
  });

  it('never goes back to an older version a slower write reports, but learns that no policy is stored', () => {
    const h = handle('t-monotone');
    learnPolicy(h, { maxDepth: 3, version: 5 });
    learnPolicy(h, { maxDepth: 4, version: 4 });
    expect(knownPolicy(h)).toMatchObject({ policy: { maxDepth: 3 }, version: 5 });
    learnPolicy(h, null);
    expect(knownPolicy(h).version).toBeNull();
  });
});
