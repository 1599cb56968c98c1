import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import neo4j from 'neo4j-driver';
import { App } from '../../src/app';
import { LocalNeo4j, startLocalNeo4j } from '../../src/neo4j';
import { integrityReport } from '../../src/stitching';
import { codes, gql, startTestApp, tokenFor, uniqueTenant } from '../support/app';

/**
 * Neo4j killed (kill -9) under a write load and brought back on the same data and port, while the
 * service keeps running. This test starts a throwaway Neo4j of its own, since it kills it. It checks
 * that every acknowledged write is there exactly once, that readiness says 503 within its bound
 * during the outage, that the launcher's READY means a first Bolt query works, and that the service
 * serves again without a restart.
 */
/** A Neo4j start takes 15 s on a quiet 2-core machine and has taken over 100 s on a busy one. */
const START_TIMEOUT = 300_000;

describe('Neo4j stopped and restarted under a write load', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'threadgraph-outage-'));
  let first: LocalNeo4j | undefined;
  let second: LocalNeo4j | undefined;
  let app: App | undefined;
  afterAll(async () => {
    await app?.stop();
    await second?.stop();
    await first?.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  /** One query on a fresh driver, without retries: what a client told READY would do first. */
  async function firstQueryWorks(uri: string): Promise<number> {
    const driver = neo4j.driver(uri, undefined, { maxConnectionPoolSize: 1, disableLosslessIntegers: true });
    const session = driver.session();
    try {
      return (await session.run('RETURN 1 AS ok')).records[0]!.get('ok') as number;
    } finally {
      await session.close();
      await driver.close();
    }
  }

  it(
    'keeps every acknowledged write, answers readiness promptly while down, and recovers without a restart',
    async () => {
      first = await startLocalNeo4j({ dataDir, port: 0, heap: '512m', pageCache: '64m', timeoutMs: START_TIMEOUT });
      expect(await firstQueryWorks(first.uri)).toBe(1);
      const port = Number(new URL(first.uri).port);
      // No plan warm-up: on a fresh JVM it takes longer than the rest of the test, and it is not under test here.
      app = await startTestApp({ NEO4J_URI: first.uri, READY_TIMEOUT_MS: '1000' }, { warmUp: async () => 0 });
      await app.warmed;
      const base = app.url.replace('/graphql', '');
      const tenant = uniqueTenant('outage');
      const token = await tokenFor(tenant);

      // --- the load: four writers, each creating interactions with ids of its own, one after another
      const acknowledged: string[] = [];
      const refusals: string[] = [];
      let stopping = false;
      const writer = async (w: number) => {
        for (let n = 0; !stopping; n++) {
          const id = `w${w}-${n}`;
          const res = await gql(
            app!,
            'mutation($input: CreateInteractionInput!) { createInteraction(input: $input) { interaction { id } } }',
            { input: { id, type: 'VOICE', externalId: `CUST-${w}` } },
            token,
          ).catch((e: Error) => ({ status: 0, errors: [{ message: e.message, extensions: { code: 'NETWORK' } }] }));
          if (res.errors) refusals.push(...codes(res).map(String));
          else acknowledged.push(id);
        }
      };
      const writers = [0, 1, 2, 3].map(writer);
      /** A bounded poll: checks every 100 ms, fails the test after `ms`. */
      const until = async (done: () => boolean | Promise<boolean>, what: string, ms = 120_000) => {
        for (const end = Date.now() + ms; !(await done());) {
          if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
          await new Promise((r) => setTimeout(r, 100));
        }
      };
      await until(() => acknowledged.length >= 10, '10 writes before the kill');

      // --- kill -9, and readiness during the outage
      process.kill(first.pid, 'SIGKILL');
      await until(async () => !(await accepts(port)), 'the Bolt port to close', 30_000);
      const ready = async () => {
        const started = Date.now();
        const res = await fetch(`${base}/health/ready`);
        return { status: res.status, ms: Date.now() - started, body: (await res.json()) as Record<string, unknown> };
      };
      const during = [await ready(), await ready(), await ready()];
      for (const r of during) {
        expect(r).toMatchObject({ status: 503, body: { status: 'unavailable', neo4j: 'down' } });
        // A bound, not a benchmark: without it readiness waited for the driver's 30 s of retries.
        expect(r.ms).toBeLessThan(5000);
      }
      const acknowledgedBeforeRestart = acknowledged.length;

      // --- the same data and port again; READY means a first query works (recovery after kill -9 included)
      second = await startLocalNeo4j({ dataDir, port, heap: '512m', pageCache: '64m', timeoutMs: START_TIMEOUT });
      expect(await firstQueryWorks(second.uri)).toBe(1);
      await until(async () => (await fetch(`${base}/health/ready`)).status === 200, 'readiness to say 200', 60_000);
      await until(() => acknowledged.length >= acknowledgedBeforeRestart + 10, '10 writes after the restart');
      stopping = true;
      await Promise.all(writers);

      // --- every acknowledged write is there, once; refusals were typed and said "try again"
      const rows = await app.db.runRaw('MATCH (i:Interaction {tenant: $tenant}) WHERE i.id IN $ids RETURN i.id AS id', {
        tenant,
        ids: acknowledged,
      });
      expect(rows.map((r) => r.id as string).sort()).toEqual([...new Set(acknowledged)].sort());
      expect(new Set(refusals)).toEqual(new Set(refusals.filter((c) => ['DATABASE_UNAVAILABLE', 'CONFLICT_RETRY_EXHAUSTED'].includes(c))));
      const report = await integrityReport(app.db.forTenant(tenant));
      expect(Object.values(report).map((c) => c.count)).toEqual([0, 0, 0, 0, 0]);
    },
    3 * START_TIMEOUT,
  );
});

/** Whether anything accepts connections on the port. */
function accepts(port: number): Promise<boolean> {
  return new Promise<boolean>((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}
