import http from 'node:http';
import { Database } from '../../src/neo4j';
import { integrityReport } from '../../src/stitching';
import { tokenFor, uniqueTenant } from '../support/app';
import { Replica, startReplica } from '../support/replica';
import { connectTestDb } from '../support/db';

/**
 * Replicas are how users scale the subgraph out: two service processes on one database, each with
 * its own driver, pool and bookmarks, under the storm test's races sent over HTTP and split across
 * the two (A→B on one, B→A on the other; the ten parents of one child alternately; one idempotency
 * key and one customer's burst from both). Every rule lives in Neo4j locks, so the audit must
 * still count zero and every race have exactly one winner.
 */
describe('two service processes on one database under a storm', () => {
  let replicas: Replica[] = [];
  let db: Database;
  beforeAll(async () => {
    replicas = await Promise.all([startReplica(), startReplica()]);
    db = await connectTestDb();
  }, 300_000);
  afterAll(async () => {
    await Promise.all(replicas.map((r) => r.stop()));
    await db?.close();
  });

  it('keeps every invariant, with one winner per race', async () => {
    const tenant = uniqueTenant('replicas');
    const token = await tokenFor(tenant);
    type Answer = { data?: any; errors?: { extensions?: { code?: string } }[] };
    /**
     * One operation on replica k % 2, as a client that honours CONFLICT_RETRY_EXHAUSTED ("retry the
     * request": nothing was written) would send it. On a loaded machine, two processes' lock waits
     * can exhaust the driver's 30 s retry budget; the retry must then get the race's real answer.
     */
    const call = async (k: number, query: string, variables: Record<string, unknown>): Promise<Answer> => {
      for (let attempt = 1; ; attempt++) {
        const res = await post(replicas[k % 2]!.url, JSON.stringify({ query, variables }), token);
        expect(res.status).toBeLessThan(500);
        const answer = JSON.parse(res.body) as Answer;
        if (answer.errors?.[0]?.extensions?.code !== 'CONFLICT_RETRY_EXHAUSTED' || attempt === 5) return answer;
      }
    };
    const CREATE =
      'mutation($i: CreateInteractionInput!, $k: String) { createInteraction(input: $i, idempotencyKey: $k) { interaction { id } thread { id } replayed } }';
    const LINK = 'mutation($c: ID!, $p: ID!) { linkInteraction(childId: $c, parentId: $p) { id } }';
    const END = 'mutation($id: ID!) { endInteraction(id: $id) { id } }';
    let n = 0;
    const create = async (input: Record<string, unknown>): Promise<string> => {
      const res = await call(n++, CREATE, { i: input });
      if (res.errors) throw new Error(JSON.stringify(res.errors));
      return res.data.createInteraction.interaction.id;
    };
    const chain = async (key: string, length: number) => {
      const ids = [await create({ type: 'VOICE', externalId: key })];
      while (ids.length < length) ids.push(await create({ type: 'VOICE', threading: { parentInteractionId: ids[ids.length - 1] } }));
      return ids;
    };
    const outcome = (res: Answer) => res.errors?.[0]?.extensions?.code ?? 'OK';

    // --- fixtures (distinct keys, so nothing auto-stitches between them), through both replicas
    const pairs = await Promise.all(
      Array.from({ length: 80 }, (_, i) =>
        Promise.all([create({ type: 'VOICE', externalId: `M-A-${i}` }), create({ type: 'VOICE', externalId: `M-B-${i}` })]),
      ),
    );
    const depth = await Promise.all(
      Array.from({ length: 15 }, async (_, i) => ({
        t: await chain(`D-T-${i}`, 3),
        s: await chain(`D-S-${i}`, 2),
        u: await chain(`D-U-${i}`, 2),
      })),
    );
    const contested = await Promise.all(
      Array.from({ length: 8 }, async (_, i) => ({
        child: await create({ type: 'VOICE', externalId: `C-${i}` }),
        parents: await Promise.all(Array.from({ length: 10 }, (_, j) => create({ type: 'VOICE', externalId: `C-${i}-P-${j}` }))),
      })),
    );
    const closing = await create({ type: 'VOICE', externalId: 'CLOSE' });
    const closingChildren = await Promise.all(
      Array.from({ length: 20 }, () => create({ type: 'VOICE', threading: { parentInteractionId: closing } })),
    );

    // --- the storm: every operation at once, each race split across the two replicas
    const sameInstant = new Date().toISOString();
    const [mutual, depthOut, contestOut, idem, burst] = await Promise.all([
      Promise.all(pairs.flatMap(([a, b]) => [call(0, LINK, { c: a, p: b }), call(1, LINK, { c: b, p: a })])),
      Promise.all(depth.flatMap(({ t, s, u }) => [call(0, LINK, { c: s[0], p: t[2] }), call(1, LINK, { c: t[0], p: u[1] })])),
      Promise.all(contested.flatMap(({ child, parents }) => parents.map((p, j) => call(j, LINK, { c: child, p })))),
      Promise.all(
        Array.from({ length: 40 }, (_, k) =>
          call(k, CREATE, { i: { type: 'EMAIL', externalId: 'IDEM', metadata: { subject: 'same' } }, k: 'one-key' }),
        ),
      ),
      Promise.all(
        Array.from({ length: 40 }, (_, k) => call(k, CREATE, { i: { type: 'SMS', externalId: 'BURST', startedAt: sameInstant } })),
      ),
      Promise.all([closing, ...closingChildren].map((id, k) => call(k, END, { id }))),
    ]);

    for (let i = 0; i < pairs.length; i++)
      expect([outcome(mutual[2 * i]!), outcome(mutual[2 * i + 1]!)].sort()).toEqual(['CYCLE_DETECTED', 'OK']);
    for (let i = 0; i < depth.length; i++)
      expect([outcome(depthOut[2 * i]!), outcome(depthOut[2 * i + 1]!)].sort()).toEqual(['MAX_DEPTH_EXCEEDED', 'OK']);
    for (let i = 0; i < contested.length; i++) {
      const tries = contestOut.slice(10 * i, 10 * i + 10).map(outcome);
      expect(tries.filter((c) => c === 'OK')).toHaveLength(1);
      expect(tries.filter((c) => c !== 'OK')).toEqual(Array(9).fill('ALREADY_PARENTED'));
    }
    expect(idem.map(outcome)).toEqual(Array(40).fill('OK'));
    expect(new Set(idem.map((r) => r.data.createInteraction.interaction.id)).size).toBe(1);
    expect(idem.filter((r) => !r.data.createInteraction.replayed)).toHaveLength(1);
    expect(burst.map(outcome)).toEqual(Array(40).fill('OK'));
    expect(new Set(burst.map((r) => r.data.createInteraction.thread.id)).size).toBe(1);

    for (const r of replicas) expect([r.alive(), r.output()]).toEqual([true, expect.any(String)]);
    const report = await integrityReport(db.forTenant(tenant));
    expect(report).toEqual({
      cycles: { count: 0, sampleIds: [] },
      secondParents: { count: 0, sampleIds: [] },
      depthViolations: { count: 0, sampleIds: [] },
      orphans: { count: 0, sampleIds: [] },
      threadMembership: { count: 0, sampleIds: [] },
    });
    const closed = await db.runRaw(
      'MATCH (r:Interaction {tenant: $tenant, id: $id}) MATCH (t:Thread {tenant: $tenant, id: r.threadId}) RETURN t.status AS status',
      { tenant, id: closing },
    );
    expect(closed[0]!.status).toBe('CLOSED');
  }, 300_000);
});

/**
 * A POST on a connection of its own (no keep-alive): a pooled connection the server closes as idle
 * just as a request goes out fails with "other side closed", which says nothing about the service.
 */
function post(url: string, body: string, token: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      url,
      {
        method: 'POST',
        agent: false,
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), authorization: `Bearer ${token}` },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (text += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}
