import { assertComposite, Candidate, chooseAutoStitch } from '../../src/stitching/decide';
import { DEFAULT_POLICY, StitchingPolicy } from '../../src/stitching/policy';

const policy = (p: Partial<StitchingPolicy> = {}): StitchingPolicy => ({ ...DEFAULT_POLICY, ...p });
const candidate = (id: string, lastActivity: string, extra: Partial<Candidate> = {}): Candidate => ({
  id,
  type: 'VOICE',
  externalId: null,
  depth: 1,
  threadId: `t-${id}`,
  lastActivity,
  ...extra,
});

describe('choosing what a new interaction attaches to', () => {
  const key = { kind: 'EXTERNAL_ID' as const, value: 'CUST-1' };
  const input = { type: 'VOICE' as const, externalId: 'CUST-1', startedAt: '2026-11-10T12:00:00.000Z' };

  it('picks the latest activity, not the latest start', () => {
    const plan = chooseAutoStitch(
      [candidate('late-start', '2026-11-09T08:00:00Z'), candidate('long-call', '2026-11-09T10:00:00Z')],
      input,
      key,
      policy(),
    );
    expect(plan).toMatchObject({ kind: 'attach', candidate: { id: 'long-call' }, reason: 'AUTO_STITCH' });
  });

  it('names the grace period when the gap is past the window but within the grace', () => {
    const p = policy({ windowSeconds: 3600, gracePeriodSeconds: 300 });
    expect(chooseAutoStitch([candidate('a', '2026-11-10T10:56:00Z')], input, key, p)).toMatchObject({ reason: 'GRACE_PERIOD' });
    expect(chooseAutoStitch([candidate('a', '2026-11-10T11:00:00Z')], input, key, p)).toMatchObject({ reason: 'AUTO_STITCH' });
    expect(chooseAutoStitch([candidate('a', '2026-11-10T10:54:59Z')], input, key, p)).toEqual({ kind: 'new', warnings: [] });
  });

  it('does not merge people on an address key shared by two customers', () => {
    const phone = { kind: 'PHONE_NUMBER' as const, value: '+14155550123' };
    const plan = chooseAutoStitch(
      [candidate('a', '2026-11-10T11:00:00Z', { externalId: 'P-1' })],
      { ...input, externalId: 'P-2' },
      phone,
      policy({ key: 'PHONE_NUMBER' }),
    );
    expect(plan.kind).toBe('new');
    expect(plan.warnings.map((w) => w.code)).toEqual(['AMBIGUOUS_KEY']);
  });
});

describe('composite keys', () => {
  it('must match the pattern in full, even when the pattern anchors only its alternatives', () => {
    const p = policy({ key: 'COMPOSITE', compositePattern: '^ACCT-1|CUST-2$' });
    expect(() => assertComposite('ACCT-1-CUST-2', p)).toThrow(/composite pattern/);
    expect(() => assertComposite('CUST-2', p)).not.toThrow();
  });
});
