import { ThreadgraphError } from '../../src/errors';
import { applyPolicyPatch, DEFAULT_POLICY, policyFrom, policyFromRow, StitchingPolicy } from '../../src/stitching/policy';

/** The problems an INVALID_POLICY error lists, or a failure if `run` did not throw one. */
function problemsOf(run: () => unknown): string[] {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(ThreadgraphError);
    expect((error as ThreadgraphError).code).toBe('INVALID_POLICY');
    return ((error as ThreadgraphError).extensions.details as { problems: string[] }).problems;
  }
  throw new Error('expected INVALID_POLICY');
}

const defaults = (): StitchingPolicy => policyFrom(null);

describe('applyPolicyPatch', () => {
  it('accepts the defaults as they are', () => {
    expect(applyPolicyPatch(defaults(), {})).toEqual(DEFAULT_POLICY);
  });

  it('changes only the fields the patch gives and keeps the others', () => {
    const next = applyPolicyPatch(defaults(), { maxDepth: 8, crossChannel: false });
    expect(next).toEqual({ ...DEFAULT_POLICY, maxDepth: 8, crossChannel: false });
  });

  it('treats null and undefined in the patch as "leave unchanged"', () => {
    const patch = { maxDepth: null, key: undefined, windowSeconds: 60 } as unknown as Partial<StitchingPolicy>;
    expect(applyPolicyPatch(defaults(), patch)).toEqual({ ...DEFAULT_POLICY, windowSeconds: 60 });
  });

  it('does not modify the policy it is given', () => {
    const current = defaults();
    applyPolicyPatch(current, { maxDepth: 3 });
    expect(current).toEqual(DEFAULT_POLICY);
  });

  it('accepts maxDepth at both ends of 1..20', () => {
    expect(applyPolicyPatch(defaults(), { maxDepth: 1 }).maxDepth).toBe(1);
    expect(applyPolicyPatch(defaults(), { maxDepth: 20 }).maxDepth).toBe(20);
  });

  it.each([0, 21, -1, 2.5])('refuses maxDepth %p: stitching depth is never unbounded', (maxDepth) => {
    expect(problemsOf(() => applyPolicyPatch(defaults(), { maxDepth }))).toEqual([expect.stringContaining('maxDepth')]);
  });

  it('refuses a negative window, a window beyond 90 days and a fractional one', () => {
    for (const windowSeconds of [-1, 90 * 24 * 3600 + 1, 1.5]) {
      expect(problemsOf(() => applyPolicyPatch(defaults(), { windowSeconds }))).toEqual([expect.stringContaining('windowSeconds')]);
    }
    expect(applyPolicyPatch(defaults(), { windowSeconds: 0 }).windowSeconds).toBe(0);
  });

  it('refuses a negative grace period and one beyond a day', () => {
    for (const gracePeriodSeconds of [-1, 86401]) {
      expect(problemsOf(() => applyPolicyPatch(defaults(), { gracePeriodSeconds }))).toEqual([
        expect.stringContaining('gracePeriodSeconds'),
      ]);
    }
  });

  it('refuses a key that is not a StitchKey', () => {
    const patch = { key: 'SHOE_SIZE' } as unknown as Partial<StitchingPolicy>;
    expect(problemsOf(() => applyPolicyPatch(defaults(), patch))).toEqual([expect.stringContaining('key must be one of')]);
  });

  it('refuses a composite pattern that is not anchored at both ends', () => {
    for (const compositePattern of ['ACCT-.*', '^ACCT-.*', 'ACCT-.*$']) {
      expect(problemsOf(() => applyPolicyPatch(defaults(), { compositePattern }))).toEqual([expect.stringContaining('anchored')]);
    }
  });

  it('refuses a composite pattern that is not a regular expression', () => {
    expect(problemsOf(() => applyPolicyPatch(defaults(), { compositePattern: '^(ACCT$' }))).toEqual([
      expect.stringContaining('not a supported regular expression'),
    ]);
  });

  it('defaults to re-rooting at maxDepth and to threads of at most 250 interactions', () => {
    expect(defaults()).toMatchObject({ atMaxDepth: 'REROOT', maxThreadSize: 250 });
  });

  it('accepts atMaxDepth REFUSE and refuses anything else', () => {
    expect(applyPolicyPatch(defaults(), { atMaxDepth: 'REFUSE' }).atMaxDepth).toBe('REFUSE');
    const patch = { atMaxDepth: 'IGNORE' } as unknown as Partial<StitchingPolicy>;
    expect(problemsOf(() => applyPolicyPatch(defaults(), patch))).toEqual([expect.stringContaining('atMaxDepth')]);
  });

  it.each([1, 10_001, 2.5, -3])('refuses maxThreadSize %p, and accepts 2 and 10000', (maxThreadSize) => {
    expect(problemsOf(() => applyPolicyPatch(defaults(), { maxThreadSize }))).toEqual([expect.stringContaining('maxThreadSize')]);
    expect(applyPolicyPatch(defaults(), { maxThreadSize: 2 }).maxThreadSize).toBe(2);
    expect(applyPolicyPatch(defaults(), { maxThreadSize: 10_000 }).maxThreadSize).toBe(10_000);
  });

  it('lists every problem at once', () => {
    const problems = problemsOf(() => applyPolicyPatch(defaults(), { maxDepth: 0, windowSeconds: -5, compositePattern: 'x' }));
    expect(problems).toHaveLength(3);
  });
});

describe('policyFromRow', () => {
  it('gives the defaults for a tenant without a stored policy', () => {
    expect(policyFromRow(null)).toEqual(DEFAULT_POLICY);
    expect(policyFromRow(undefined)).toEqual(DEFAULT_POLICY);
  });

  it('fills fields a stored node lacks with the defaults and ignores properties that are not policy', () => {
    const stored = { maxDepth: 9, key: null, tenant: 'acme', updatedAt: '2026-01-01T00:00:00.000Z' };
    expect(policyFromRow(stored)).toEqual({ ...DEFAULT_POLICY, maxDepth: 9, updatedAt: '2026-01-01T00:00:00.000Z' });
  });
});
