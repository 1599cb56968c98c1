import { App } from '../../src/app';
import { Database } from '../../src/neo4j';
import { integrityReport, IntegrityReport, updatePolicy } from '../../src/stitching';
import { codes, gql, startTestApp, tokenFor, uniqueTenant } from '../support/app';

/** An interaction as a test plants it; unless told otherwise it carries an externalId, so it is no orphan. */
interface Planted {
  id: string;
  threadId: string | null;
  depth: number | null;
  tenant?: string;
  externalId?: string | null;
  phoneNumber?: string;
  email?: string;
}

interface PlantedThread {
  id: string;
  rootId: string | null;
  tenant?: string;
  externalThreadId?: string;
}

/** parent id, child id, and the tenants of each end when not the test's own. */
type Edge = [parent: string, child: string, ends?: { parentTenant?: string; childTenant?: string }];

/**
 * Writes a graph exactly as given, straight into Neo4j: the stitching engine would refuse to build
 * most of these, which is the point. Depths are sent as integers, as the write path stores them.
 */
async function plant(
  db: Database,
  tenant: string,
  graph: { threads?: PlantedThread[]; interactions?: Planted[]; edges?: Edge[] },
): Promise<void> {
  await db.runRaw(
    `UNWIND $threads AS t
     CREATE (:Thread {tenant: coalesce(t.tenant, $tenant), id: t.id, rootId: t.rootId, externalThreadId: t.externalThreadId,
                      status: 'OPEN', startedAt: datetime(), channels: ['VOICE'], createdAt: datetime(), updatedAt: datetime()})`,
    { tenant, threads: graph.threads ?? [] },
  );
  await db.runRaw(
    `UNWIND $interactions AS i
     CREATE (:Interaction {tenant: coalesce(i.tenant, $tenant), id: i.id, threadId: i.threadId, depth: toInteger(i.depth),
                           externalId: i.externalId, phoneNumber: i.phoneNumber, email: i.email,
                           type: 'VOICE', state: 'ACTIVE', startedAt: datetime(), stitchReason: 'EXPLICIT',
                           participants: '[]', createdAt: datetime()})`,
    {
      tenant,
      interactions: (graph.interactions ?? []).map((i) => ({
        phoneNumber: null,
        email: null,
        ...i,
        externalId: i.externalId === undefined ? `CUST-${i.id}` : i.externalId,
      })),
    },
  );
  await db.runRaw(
    `UNWIND $edges AS e
     MATCH (p:Interaction {tenant: coalesce(e.parentTenant, $tenant), id: e.parent})
     MATCH (c:Interaction {tenant: coalesce(e.childTenant, $tenant), id: e.child})
     CREATE (p)-[:PARENT_OF {reason: 'EXPLICIT', createdAt: datetime()}]->(c)`,
    {
      tenant,
      edges: (graph.edges ?? []).map(([parent, child, ends]) => ({
        parent,
        child,
        parentTenant: ends?.parentTenant ?? null,
        childTenant: ends?.childTenant ?? null,
      })),
    },
  );
}

const NONE = { count: 0, sampleIds: [] };
const CLEAN: IntegrityReport = { cycles: NONE, secondParents: NONE, depthViolations: NONE, orphans: NONE, threadMembership: NONE };

/** A well-formed thread: `ids[0]` the root, each next one a child of the one before. */
function chain(threadId: string, ids: string[]): { threads: PlantedThread[]; interactions: Planted[]; edges: Edge[] } {
  return {
    threads: [{ id: threadId, rootId: ids[0]! }],
    interactions: ids.map((id, n) => ({ id, threadId, depth: n + 1 })),
    edges: ids.slice(1).map((id, n) => [ids[n]!, id] as Edge),
  };
}

const REPORT_QUERY = `{ integrityReport {
  cycles { count sampleIds } secondParents { count sampleIds } depthViolations { count sampleIds }
  orphans { count sampleIds } threadMembership { count sampleIds } } }`;

describe('the integrity audit', () => {
  let app: App;
  let db: Database;

  beforeAll(async () => {
    app = await startTestApp();
    db = app.db;
  });
  afterAll(async () => {
    await app.stop();
  });

  it('reports all zeros for a tenant with no interactions', async () => {
    expect(await integrityReport(db.forTenant(uniqueTenant()))).toEqual(CLEAN);
  });

  it('reports all zeros for a well-formed tenant, keyless threads with a CRM thread id included', async () => {
    const tenant = uniqueTenant();
    await plant(db, tenant, chain('thread-1', ['r1', 'c1', 'g1', 'gg1', 'ggg1']));
    await plant(db, tenant, {
      threads: [
        { id: 'thread-2', rootId: 'r2' },
        { id: 'thread-3', rootId: 'crm', externalThreadId: 'CRM-1' },
        { id: 'thread-4', rootId: 'phone' },
        { id: 'thread-5', rootId: 'mail' },
      ],
      interactions: [
        { id: 'r2', threadId: 'thread-2', depth: 1 },
        { id: 'c2a', threadId: 'thread-2', depth: 2, externalId: null },
        { id: 'c2b', threadId: 'thread-2', depth: 2, externalId: null },
        { id: 'crm', threadId: 'thread-3', depth: 1, externalId: null },
        { id: 'phone', threadId: 'thread-4', depth: 1, externalId: null, phoneNumber: '+15550100' },
        { id: 'mail', threadId: 'thread-5', depth: 1, externalId: null, email: 'a@example.com' },
      ],
      edges: [
        ['r2', 'c2a'],
        ['r2', 'c2b'],
      ],
    });
    expect(await integrityReport(db.forTenant(tenant))).toEqual(CLEAN);
  });

  it('finds every interaction on a cycle, a self-loop included, and what the cycle breaks besides', async () => {
    const tenant = uniqueTenant();
    await plant(db, tenant, chain('thread-ok', ['ok1', 'ok2']));
    await plant(db, tenant, {
      threads: [
        { id: 'thread-cycle', rootId: 'a' },
        { id: 'thread-self', rootId: 'd' },
      ],
      interactions: [
        { id: 'a', threadId: 'thread-cycle', depth: 1 },
        { id: 'b', threadId: 'thread-cycle', depth: 2 },
        { id: 'c', threadId: 'thread-cycle', depth: 3 },
        { id: 'd', threadId: 'thread-self', depth: 1 },
      ],
      edges: [
        ['a', 'b'],
        ['b', 'c'],
        ['c', 'a'],
        ['d', 'd'],
      ],
    });
    expect(await integrityReport(db.forTenant(tenant))).toEqual({
      ...CLEAN,
      cycles: { count: 4, sampleIds: ['a', 'b', 'c', 'd'] },
      // a is 1 under c (3); d is 1 under itself.
      depthViolations: { count: 2, sampleIds: ['a', 'd'] },
      // Nothing on a cycle has a root, and both threads' roots have a parent.
      threadMembership: { count: 6, sampleIds: ['a', 'b', 'c', 'd', 'thread-cycle', 'thread-self'] },
    });
  });

  it('finds interactions with a second parent, two edges from the same parent included', async () => {
    const tenant = uniqueTenant();
    await plant(db, tenant, {
      threads: [
        { id: 'thread-1', rootId: 'r1' },
        { id: 'thread-2', rootId: 'r2' },
      ],
      interactions: [
        { id: 'r1', threadId: 'thread-1', depth: 1 },
        { id: 'r2', threadId: 'thread-2', depth: 1 },
        { id: 'x', threadId: 'thread-1', depth: 2 },
        { id: 'y', threadId: 'thread-1', depth: 2 },
        { id: 'z', threadId: 'thread-1', depth: 2 },
      ],
      edges: [
        ['r1', 'x'],
        ['r2', 'x'],
        ['r1', 'y'],
        ['r1', 'y'],
        ['r1', 'z'],
      ],
    });
    expect(await integrityReport(db.forTenant(tenant))).toEqual({ ...CLEAN, secondParents: { count: 2, sampleIds: ['x', 'y'] } });
  });

  it('finds depths above the tenant’s maxDepth, roots not at 1, children not one below their parent, and missing depths', async () => {
    const tenant = uniqueTenant();
    await updatePolicy(db.forTenant(tenant), { maxDepth: 2 });
    await plant(db, tenant, chain('thread-1', ['r1', 'c1', 'g1']));
    await plant(db, tenant, {
      threads: [
        { id: 'thread-2', rootId: 'r2' },
        { id: 'thread-3', rootId: 'r3' },
        { id: 'thread-4', rootId: 'r4' },
      ],
      interactions: [
        { id: 'r2', threadId: 'thread-2', depth: 2 },
        { id: 'r3', threadId: 'thread-3', depth: 1 },
        { id: 'c3', threadId: 'thread-3', depth: 1 },
        { id: 'r4', threadId: 'thread-4', depth: null },
      ],
      edges: [['r3', 'c3']],
    });
    expect(await integrityReport(db.forTenant(tenant))).toEqual({
      ...CLEAN,
      depthViolations: { count: 4, sampleIds: ['c3', 'g1', 'r2', 'r4'] },
    });
  });

  it('judges depth against the default maxDepth of 5 until the tenant sets its own', async () => {
    const tenant = uniqueTenant();
    await plant(db, tenant, chain('thread-1', ['d1', 'd2', 'd3', 'd4', 'd5', 'd6']));
    expect((await integrityReport(db.forTenant(tenant))).depthViolations).toEqual({ count: 1, sampleIds: ['d6'] });
    await updatePolicy(db.forTenant(tenant), { maxDepth: 6 });
    expect(await integrityReport(db.forTenant(tenant))).toEqual(CLEAN);
  });

  it('finds orphans: alone in their thread, with no parent, no child and no key of any kind', async () => {
    const tenant = uniqueTenant();
    await plant(db, tenant, {
      threads: ['o1', 'o2', 'k1', 'p1', 'e1', 'x1', 'r1'].map((id) => ({
        id: `thread-${id}`,
        rootId: id,
        ...(id === 'x1' ? { externalThreadId: 'CRM-9' } : {}),
      })),
      interactions: [
        { id: 'o1', threadId: 'thread-o1', depth: 1, externalId: null },
        { id: 'o2', threadId: 'thread-o2', depth: 1, externalId: '  ' },
        { id: 'k1', threadId: 'thread-k1', depth: 1 },
        { id: 'p1', threadId: 'thread-p1', depth: 1, externalId: null, phoneNumber: '+15550100' },
        { id: 'e1', threadId: 'thread-e1', depth: 1, externalId: null, email: 'a@example.com' },
        { id: 'x1', threadId: 'thread-x1', depth: 1, externalId: null },
        { id: 'r1', threadId: 'thread-r1', depth: 1, externalId: null },
        { id: 'c1', threadId: 'thread-r1', depth: 2, externalId: null },
      ],
      edges: [['r1', 'c1']],
    });
    expect(await integrityReport(db.forTenant(tenant))).toEqual({ ...CLEAN, orphans: { count: 2, sampleIds: ['o1', 'o2'] } });
  });

  it('finds interactions outside their root’s thread, threads with a bad root, and links across tenants', async () => {
    const tenant = uniqueTenant();
    const other = uniqueTenant();
    await plant(db, other, {
      threads: [
        { id: 'foreign-thread', rootId: 'fr' },
        { id: 'thread-xo', rootId: 'xo' },
      ],
      interactions: [
        { id: 'fr', threadId: 'foreign-thread', depth: 1 },
        { id: 'xo', threadId: 'thread-xo', depth: 1 },
      ],
    });
    await plant(db, tenant, {
      threads: [
        { id: 'thread-a', rootId: 'ra' },
        { id: 'thread-b', rootId: 'rb' },
        { id: 'thread-p', rootId: 'rp' },
        { id: 'thread-x', rootId: 'xi' },
        { id: 'thread-missing-root', rootId: 'ghost' },
        { id: 'thread-rooted-below', rootId: 'cp' },
      ],
      interactions: [
        // threadId names no thread at all, or only another tenant's
        { id: 'm1', threadId: 'no-such-thread', depth: 1 },
        { id: 'm2', threadId: 'foreign-thread', depth: 1 },
        // ca hangs under ra but claims rb's thread
        { id: 'ra', threadId: 'thread-a', depth: 1 },
        { id: 'ca', threadId: 'thread-b', depth: 2 },
        { id: 'rb', threadId: 'thread-b', depth: 1 },
        // cp is a well-placed child, but thread-rooted-below names it as its root
        { id: 'rp', threadId: 'thread-p', depth: 1 },
        { id: 'cp', threadId: 'thread-p', depth: 2 },
        // xi has a child in another tenant
        { id: 'xi', threadId: 'thread-x', depth: 1 },
      ],
      edges: [
        ['ra', 'ca'],
        ['rp', 'cp'],
        ['xi', 'xo', { childTenant: other }],
      ],
    });
    expect(await integrityReport(db.forTenant(tenant))).toEqual({
      ...CLEAN,
      threadMembership: { count: 6, sampleIds: ['ca', 'm1', 'm2', 'thread-missing-root', 'thread-rooted-below', 'xi'] },
    });
    // The other tenant sees its own side of the cross-tenant link (xo, and its thread whose root now has
    // a parent), and none of this tenant's ids.
    expect((await integrityReport(db.forTenant(other))).threadMembership).toEqual({ count: 2, sampleIds: ['thread-xo', 'xo'] });
  });

  it('counts every violation but samples at most sampleSize ids (10 unless told), the smallest first', async () => {
    const tenant = uniqueTenant();
    const ids = Array.from({ length: 12 }, (_, n) => `o-${String(n + 1).padStart(2, '0')}`);
    await plant(db, tenant, {
      threads: ids.map((id) => ({ id: `thread-${id}`, rootId: id })),
      interactions: [...ids].reverse().map((id) => ({ id, threadId: `thread-${id}`, depth: 1, externalId: null })),
    });
    expect((await integrityReport(db.forTenant(tenant))).orphans).toEqual({ count: 12, sampleIds: ids.slice(0, 10) });
    expect((await integrityReport(db.forTenant(tenant), { sampleSize: 3 })).orphans).toEqual({ count: 12, sampleIds: ids.slice(0, 3) });
  });

  describe('through GraphQL', () => {
    it('answers Query.integrityReport for the caller’s tenant with policy:admin', async () => {
      const tenant = uniqueTenant();
      await plant(db, tenant, {
        threads: [{ id: 'thread-1', rootId: 'r1' }],
        interactions: [
          { id: 'r1', threadId: 'thread-1', depth: 1 },
          { id: 'c1', threadId: 'thread-1', depth: 3 },
        ],
        edges: [['r1', 'c1']],
      });
      const res = await gql(app, REPORT_QUERY, {}, await tokenFor(tenant, 'policy:admin'));
      expect(res.errors).toBeUndefined();
      expect(res.data!.integrityReport).toEqual({ ...CLEAN, depthViolations: { count: 1, sampleIds: ['c1'] } });
    });

    it('refuses a caller without policy:admin with FORBIDDEN, and one without a token with UNAUTHENTICATED', async () => {
      const res = await gql(app, REPORT_QUERY, {}, await tokenFor(uniqueTenant(), 'interaction:read interaction:write'));
      expect(codes(res)).toEqual(['FORBIDDEN']);
      expect(res.data).toBeNull();
      expect(codes(await gql(app, REPORT_QUERY))).toEqual(['UNAUTHENTICATED']);
    });
  });
});
