import { App } from '../../src/app';
import { newCounter } from '../../src/neo4j';
import { createInteraction, DEFAULT_POLICY, StitchingPolicy, updatePolicy } from '../../src/stitching';
import { codes, gql, startTestApp, tokenFor, uniqueTenant } from '../support/app';
import { README_POLICY_DEFAULTS } from '../support/readmeDefaults';
import { connectTestDb } from '../support/db';

const FIELDS =
  'key windowSeconds gracePeriodSeconds crossChannel maxDepth rejectOrphans compositePattern atMaxDepth maxThreadSize updatedAt';
const READ = `{ stitchingPolicy { ${FIELDS} } }`;
const UPDATE = `mutation($input: StitchingPolicyInput!) { updateStitchingPolicy(input: $input) { ${FIELDS} } }`;

describe('the stitching policy', () => {
  let app: App;

  beforeAll(async () => {
    app = await startTestApp();
  });
  afterAll(async () => {
    await app.stop();
  });

  async function read(tenant: string): Promise<StitchingPolicy> {
    const res = await gql(app, READ, {}, await tokenFor(tenant, 'interaction:read'));
    expect(res.errors).toBeUndefined();
    return res.data!.stitchingPolicy as StitchingPolicy;
  }

  async function update(tenant: string, input: Partial<StitchingPolicy>, scope = 'policy:admin') {
    return gql(app, UPDATE, { input }, await tokenFor(tenant, scope));
  }

  async function storedPolicyNodes(tenant: string): Promise<number> {
    const [row] = await app.db.runRaw('MATCH (p:StitchingPolicy {tenant: $tenant}) RETURN count(p) AS n', { tenant });
    return row!.n as number;
  }

  it('gives a new tenant the README’s defaults, never updated', async () => {
    expect(await read(uniqueTenant())).toEqual(README_POLICY_DEFAULTS);
  });

  it('keeps an update for its tenant only and stamps when it happened', async () => {
    const tenant = uniqueTenant();
    const other = uniqueTenant();
    const before = Date.now();
    const res = await update(tenant, { key: 'PHONE_NUMBER', maxDepth: 7 });
    expect(res.errors).toBeUndefined();
    const updated = res.data!.updateStitchingPolicy as StitchingPolicy;
    expect(updated).toEqual({ ...DEFAULT_POLICY, key: 'PHONE_NUMBER', maxDepth: 7, updatedAt: expect.any(String) });
    expect(Date.parse(updated.updatedAt!)).toBeGreaterThanOrEqual(before - 1000);
    expect(await read(tenant)).toEqual(updated);
    expect(await read(other)).toEqual(DEFAULT_POLICY);
  });

  it('changes only the fields an update names', async () => {
    const tenant = uniqueTenant();
    expect((await update(tenant, { windowSeconds: 3600, compositePattern: '^CASE-[0-9]+$' })).errors).toBeUndefined();
    expect((await update(tenant, { crossChannel: false })).errors).toBeUndefined();
    expect(await read(tenant)).toEqual({
      ...DEFAULT_POLICY,
      windowSeconds: 3600,
      compositePattern: '^CASE-[0-9]+$',
      crossChannel: false,
      updatedAt: expect.any(String),
    });
  });

  it('stores counts as integers, whatever the driver sends', async () => {
    const tenant = uniqueTenant();
    await update(tenant, { maxDepth: 4, windowSeconds: 60, gracePeriodSeconds: 30 });
    const [row] = await app.db.runRaw(
      `MATCH (p:StitchingPolicy {tenant: $tenant})
       RETURN valueType(p.maxDepth) AS maxDepth, valueType(p.windowSeconds) AS windowSeconds, valueType(p.gracePeriodSeconds) AS grace`,
      { tenant },
    );
    expect(row).toEqual({ maxDepth: 'INTEGER NOT NULL', windowSeconds: 'INTEGER NOT NULL', grace: 'INTEGER NOT NULL' });
  });

  describe('refuses an invalid update with INVALID_POLICY and changes nothing', () => {
    it.each<[string, Partial<StitchingPolicy>]>([
      ['maxDepth 0', { maxDepth: 0 }],
      ['maxDepth 21', { maxDepth: 21 }],
      ['a negative window', { windowSeconds: -1 }],
      ['a composite pattern that is not anchored', { compositePattern: 'ACCT-.*' }],
      ['a composite pattern that is not a regular expression', { compositePattern: '^(ACCT$' }],
    ])('%s, on a tenant with a policy', async (_, input) => {
      const tenant = uniqueTenant();
      const first = await update(tenant, { maxDepth: 6 });
      const stored = first.data!.updateStitchingPolicy as StitchingPolicy;
      // The valid field beside the bad one must not land either.
      const res = await update(tenant, { ...input, rejectOrphans: false });
      expect(codes(res)).toEqual(['INVALID_POLICY']);
      expect(res.data).toBeNull();
      expect(await read(tenant)).toEqual(stored);
    });

    it('on a tenant without one, leaving no policy node behind', async () => {
      const tenant = uniqueTenant();
      expect(codes(await update(tenant, { maxDepth: 21 }))).toEqual(['INVALID_POLICY']);
      expect(await storedPolicyNodes(tenant)).toBe(0);
      expect(await read(tenant)).toEqual(DEFAULT_POLICY);
    });
  });

  describe('scopes', () => {
    it('refuses an update without policy:admin with FORBIDDEN and changes nothing', async () => {
      const tenant = uniqueTenant();
      const res = await update(tenant, { maxDepth: 3 }, 'interaction:read interaction:write');
      expect(codes(res)).toEqual(['FORBIDDEN']);
      expect(await storedPolicyNodes(tenant)).toBe(0);
    });

    it('lets interaction:read or policy:admin read the policy, and refuses interaction:write alone', async () => {
      const tenant = uniqueTenant();
      const asAdmin = await gql(app, READ, {}, await tokenFor(tenant, 'policy:admin'));
      expect(asAdmin.errors).toBeUndefined();
      expect(asAdmin.data!.stitchingPolicy).toEqual(DEFAULT_POLICY);
      expect(codes(await gql(app, READ, {}, await tokenFor(tenant, 'interaction:write')))).toEqual(['FORBIDDEN']);
    });

    it('refuses to read or update without a token with UNAUTHENTICATED', async () => {
      expect(codes(await gql(app, READ))).toEqual(['UNAUTHENTICATED']);
      expect(codes(await gql(app, UPDATE, { input: { maxDepth: 3 } }))).toEqual(['UNAUTHENTICATED']);
    });
  });

  it('lands every one of 20 concurrent partial updates of different fields', async () => {
    const tenant = uniqueTenant();
    const target: Omit<StitchingPolicy, 'updatedAt'> = {
      key: 'EMAIL',
      windowSeconds: 3600,
      gracePeriodSeconds: 60,
      crossChannel: false,
      maxDepth: 9,
      rejectOrphans: false,
      compositePattern: '^CASE-[0-9]+$',
      atMaxDepth: 'REFUSE',
      maxThreadSize: 40,
    };
    const fields = Object.keys(target) as (keyof typeof target)[];
    // The tenant has no policy yet, so the first updates also race to create the node.
    const responses = await Promise.all(
      Array.from({ length: 20 }, (_, n) => {
        const field = fields[n % fields.length]!;
        return update(tenant, { [field]: target[field] });
      }),
    );
    expect(responses.flatMap((r) => r.errors ?? [])).toEqual([]);
    expect(await read(tenant)).toEqual({ ...target, updatedAt: expect.any(String) });
    expect(await storedPolicyNodes(tenant)).toBe(1);
  });

  it('applies a policy saved by another replica to this one’s next write, which learns it and decides again', async () => {
    const tenant = uniqueTenant();
    const h = () => app.db.forTenant(tenant);
    const a = await createInteraction(h(), { type: 'VOICE', externalId: 'C' });
    const b = await createInteraction(h(), { type: 'VOICE', threading: { parentInteractionId: a.interaction.id } });
    // Another process: its own database handle, so its own policy cache.
    const other = await connectTestDb();
    try {
      await updatePolicy(other.forTenant(tenant), { maxDepth: 2, atMaxDepth: 'REFUSE' });
    } finally {
      await other.close();
    }
    const counter = newCounter();
    await expect(
      createInteraction(app.db.forTenant(tenant, { counter }), { type: 'VOICE', threading: { parentInteractionId: b.interaction.id } }),
    ).rejects.toMatchObject({ code: 'MAX_DEPTH_EXCEEDED' });
    // The first claim saw the new version and locked nothing; the second decided under it.
    expect(counter.names).toEqual(['claim-create', 'claim-create']);
    // And from now on this process knows it: no extra round trip.
    const next = newCounter();
    await createInteraction(app.db.forTenant(tenant, { counter: next }), { type: 'VOICE', externalId: 'D' });
    expect(next.names).toEqual(['claim-create', 'create-interaction']);
  });
});
