import { ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import readline from 'node:readline';
import { App } from '../../src/app';
import { createInteraction, endInteraction } from '../../src/stitching';
import { Database } from '../../src/neo4j';
import { startTestApp, TEST_SECRET, tokenFor, uniqueTenant } from '../support/app';
import { eventually, feedOf } from '../support/events';
import { meter } from '../support/metrics';
import { DELIVERIES, webhookApi } from '../support/webhookApi';
import { Receiver, RETRY, verified, WEBHOOK_TEST_ENV } from '../support/webhooks';
import { connectTestDb } from '../support/db';

/**
 * Webhook delivery to a real HTTP receiver, by the service itself. Every app or process that
 * delivers lives in this file (and runs the shared settings of WEBHOOK_TEST_ENV): endpoints are
 * leased by any replica on the database, so a delivering app elsewhere would take part.
 */
describe('webhook delivery', () => {
  let receiver: Receiver;
  beforeAll(async () => {
    receiver = await Receiver.start();
  });
  afterAll(async () => {
    await receiver.close();
  });

  describe('by a running service', () => {
    let app: App;
    let tenant: string;
    let token: string;
    let api: ReturnType<typeof webhookApi>;
    let hook: string;

    beforeAll(async () => {
      app = await startTestApp(WEBHOOK_TEST_ENV);
    });
    beforeEach(async () => {
      tenant = uniqueTenant('webhooks');
      token = await tokenFor(tenant);
      api = webhookApi(app, token);
      hook = `/${tenant}`;
    });
    afterEach(async () => {
      await api.deleteAll();
    });
    afterAll(async () => {
      await app.stop();
    });

    const settled = (id: string, delivered: number) =>
      eventually(
        async () => {
          const e = await api.endpoint(id);
          return e.health.pending === 0 && e.health.delivered === delivered ? e : undefined;
        },
        15_000,
        `${delivered} deliveries recorded`,
      );

    it('delivers each event of the types it asked for, signed (the standardwebhooks verifier accepts it), its webhook-id the event’s id, its body the feed’s payload', async () => {
      const m = await meter(app);
      const { id, secret } = await api.createEndpoint(receiver.url(hook), ['interaction.created', 'thread.closed']);
      const a = await api.create({ type: 'VOICE', externalId: 'CUST-1' });
      await api.end(a.id);
      await receiver.until(() => receiver.on(hook).length >= 2);
      const got = receiver.on(hook);
      expect(got.map((r) => r.event.type)).toEqual(['interaction.created', 'thread.closed']);
      const feed = await feedOf(app, token, 3);
      for (const r of got) {
        expect(verified(secret, r)).toEqual(r.event);
        expect(r.id).toBe(r.event.id);
        expect(r.event).toEqual(feed.find((e) => e.id === r.id));
        expect(Math.abs(Number(r.timestamp) * 1000 - r.at)).toBeLessThan(5000);
      }
      expect(() => verified(secret, { ...got[0]!, body: got[0]!.body.replace('VOICE', 'EMAIL') })).toThrow(/signature/i);
      expect(() => verified('whsec_' + Buffer.alloc(32, 1).toString('base64'), got[0]!)).toThrow(/signature/i);

      const endpoint = await settled(id, 2);
      expect(endpoint.health).toMatchObject({ failed: 0, failingSince: null, lastSuccessAt: expect.any(String), position: 3 });
      // Once both are recorded as delivered, the receiver has had each exactly once: nothing was sent twice.
      expect(receiver.on(hook).map((r) => r.event.type)).toEqual(['interaction.created', 'thread.closed']);
      const log = await api.deliveries(id);
      expect(log.map((d: any) => [d.eventType, d.status, d.attempts, d.lastStatusCode, d.lastError, d.replay])).toEqual([
        ['thread.closed', 'DELIVERED', 1, 200, null, false],
        ['interaction.created', 'DELIVERED', 1, 200, null, false],
      ]);
      expect(log[0].lastLatencyMs).toBeGreaterThanOrEqual(0);
      // Metrics: two attempts, both delivered, each timed, each with its delay from occurredAt.
      expect(await m.atLeast('threadgraph_webhook_attempts_total{outcome="delivered"}', 2)).toBe(2);
      // Every attempt the app made is timed, whatever its outcome (the app may also be trying another
      // test's endpoint meanwhile): the timings and the outcomes, from one scrape, agree.
      const outcomes = ['delivered', 'failed_retrying', 'timeout', 'gave_up', 'gone'];
      const [timed, ...attempts] = await m.deltas([
        'threadgraph_webhook_attempt_duration_seconds_count',
        ...outcomes.map((o) => `threadgraph_webhook_attempts_total{outcome="${o}"}`),
      ]);
      expect(timed).toBeGreaterThanOrEqual(2);
      expect(timed).toBe(attempts.reduce((n, a) => n + a!, 0));
      expect(await m.delta('threadgraph_webhook_delivery_delay_seconds_count')).toBe(2);
      expect(await m.delta('threadgraph_webhook_delivery_delay_seconds_sum')).toBeGreaterThan(0);
      expect(await m.delta('threadgraph_webhook_attempts_total{outcome="failed_retrying"}')).toBe(0);
    });

    it('sends thread.closed only when the deepest child ends, naming every interaction completed then', async () => {
      await api.createEndpoint(receiver.url(hook), ['thread.closed', 'interaction.ended']);
      const voice = await api.create({ type: 'VOICE', externalId: 'CUST-1' });
      const chat = (
        await api.ok('mutation($id: ID!) { transferInteraction(id: $id, to: { type: WEB_CHAT }) { interaction { id } } }', { id: voice.id })
      ).transferInteraction.interaction.id as string;
      await api.end(voice.id);
      await receiver.until(() => receiver.on(hook).length >= 1);
      expect(receiver.on(hook).map((r) => [r.event.type, r.event.data.interaction.state])).toEqual([['interaction.ended', 'TRANSFERRED']]);
      await api.end(chat);
      await receiver.until(() => receiver.on(hook).some((r) => r.event.type === 'thread.closed'));
      const closed = receiver.on(hook).filter((r) => r.event.type === 'thread.closed');
      expect(closed).toHaveLength(1);
      expect([...closed[0]!.event.data.completedInteractionIds].sort()).toEqual([voice.id, chat].sort());
      expect(closed[0]!.event.data.thread).toMatchObject({ id: voice.threadId, status: 'CLOSED' });
    });

    it('retries a receiver that fails its first attempts, never sooner than the schedule, with the same webhook-id', async () => {
      receiver.reply(hook, (_, n) => ({ status: n <= 3 ? 503 : 200 }));
      const m = await meter(app);
      const { id } = await api.createEndpoint(receiver.url(hook), ['interaction.created']);
      await api.create({ type: 'VOICE', externalId: 'CUST-1' });
      await receiver.until(() => receiver.on(hook).length >= 4);
      const got = receiver.on(hook);
      expect(got.map((r) => r.answered)).toEqual([503, 503, 503, 200]);
      expect(new Set(got.map((r) => r.id)).size).toBe(1);
      // After failed attempt k the next is due after between half and all of min(max, base * 2^(k-1)).
      for (let k = 1; k < got.length; k++) {
        const floor = Math.min(RETRY.maxDelayMs, RETRY.baseMs * 2 ** (k - 1)) / 2;
        expect(got[k]!.at - got[k - 1]!.at).toBeGreaterThanOrEqual(floor - 10);
      }
      await settled(id, 1);
      const [log] = await api.deliveries(id);
      expect(log).toMatchObject({ status: 'DELIVERED', attempts: 4, lastStatusCode: 200, lastError: null, nextAttemptAt: null });
      expect(await m.atLeast('threadgraph_webhook_attempts_total{outcome="delivered"}', 1)).toBe(1);
      expect(await m.delta('threadgraph_webhook_attempts_total{outcome="failed_retrying"}')).toBe(3);
      expect(await m.delta('threadgraph_webhook_attempt_duration_seconds_count')).toBe(4);
      expect(await m.delta('threadgraph_webhook_delivery_delay_seconds_count')).toBe(1);
    });

    it('retries an attempt that times out', async () => {
      receiver.reply(hook, (_, n) => (n === 1 ? 'hold' : { status: 200 }));
      const m = await meter(app);
      const { id } = await api.createEndpoint(receiver.url(hook), ['interaction.created']);
      await api.create({ type: 'VOICE', externalId: 'CUST-1' });
      await receiver.until(() => receiver.on(hook).length >= 1);
      // The first attempt is held unanswered: its pump read the delivery as pending before sending it.
      expect(await m.now('threadgraph_webhook_backlog{stage="pending"}')).toBeGreaterThanOrEqual(1);
      await receiver.until(() => receiver.on(hook).length >= 2);
      const got = receiver.on(hook);
      expect(got[1]!.id).toBe(got[0]!.id);
      expect(got[1]!.at - got[0]!.at).toBeGreaterThanOrEqual(500);
      await settled(id, 1);
      expect((await api.deliveries(id))[0]).toMatchObject({ status: 'DELIVERED', attempts: 2 });
      expect(await m.atLeast('threadgraph_webhook_attempts_total{outcome="delivered"}', 1)).toBe(1);
      expect(await m.delta('threadgraph_webhook_attempts_total{outcome="timeout"}')).toBe(1);
      expect(await m.delta('threadgraph_webhook_attempts_total{outcome="failed_retrying"}')).toBe(0);
      // Delivered: once its pump looks again, nothing of it is left in the backlog.
      await m.reads('threadgraph_webhook_backlog{stage="pending"}', 0);
      await m.reads('threadgraph_webhook_backlog{stage="unscanned"}', 0);
    });

    it('disables an endpoint that answers 410 Gone, keeping its event, and delivers it once the endpoint is enabled', async () => {
      receiver.reply(hook, (_, n) => ({ status: n === 1 ? 410 : 200 }));
      const m = await meter(app);
      const { id } = await api.createEndpoint(receiver.url(hook), ['interaction.created']);
      await api.create({ type: 'VOICE', externalId: 'CUST-1' });
      const disabled = await eventually(async () => {
        const e = await api.endpoint(id);
        return e.status === 'DISABLED' ? e : undefined;
      });
      expect(disabled).toMatchObject({ disabledReason: 'GONE', health: { pending: 1, delivered: 0 } });
      expect(receiver.on(hook)).toHaveLength(1);
      expect(await m.atLeast('threadgraph_webhook_endpoints_disabled_total{reason="GONE"}', 1)).toBe(1);
      expect(await m.delta('threadgraph_webhook_attempts_total{outcome="gone"}')).toBe(1);
      await api.ok('mutation($id: ID!) { enableWebhookEndpoint(id: $id) { id } }', { id });
      await receiver.until(() => receiver.on(hook).length >= 2);
      expect(receiver.on(hook).map((r) => r.answered)).toEqual([410, 200]);
      await settled(id, 1);
      expect(await m.atLeast('threadgraph_webhook_attempts_total{outcome="delivered"}', 1)).toBe(1);
      expect(await m.delta('threadgraph_webhook_endpoints_disabled_total{reason="GONE"}')).toBe(1);
    });

    it('disables an endpoint that fails for the whole retry window, keeps its failed events, and replays one or a range', async () => {
      let failing = true;
      receiver.reply(hook, () => ({ status: failing ? 500 : 200 }));
      const m = await meter(app);
      const { id } = await api.createEndpoint(receiver.url(hook), ['interaction.created']);
      const a = await api.create({ type: 'VOICE', externalId: 'CUST-1' });
      await api.create({ type: 'VOICE', externalId: 'CUST-2' });
      const disabled = await eventually(
        async () => {
          const e = await api.endpoint(id);
          return e.status === 'DISABLED' ? e : undefined;
        },
        RETRY.windowMs + 10_000,
        'the endpoint to be disabled',
      );
      expect(disabled.disabledReason).toBe('FAILING');
      expect(disabled.health).toMatchObject({
        delivered: 0,
        failingSince: expect.any(String),
        lastError: expect.stringMatching(/^HTTP 500: refused \d+$/),
      });
      const failed = await api.deliveries(id, 'FAILED');
      expect(failed.length).toBeGreaterThanOrEqual(1);
      for (const d of failed) {
        expect(d).toMatchObject({
          attempts: expect.any(Number),
          lastStatusCode: 500,
          nextAttemptAt: null,
          lastError: expect.stringMatching(/^HTTP 500/),
        });
        // Given up only when the next attempt (at most maxDelayMs away) would pass the window: how
        // many attempts fit in it, and how late a due attempt runs, depend on how busy the machine
        // is; that rule does not.
        expect(d.attempts).toBeGreaterThanOrEqual(2);
        const tried = Date.parse(d.lastAttemptAt) - Date.parse(d.firstAttemptAt);
        expect(tried + RETRY.maxDelayMs).toBeGreaterThan(RETRY.windowMs);
      }
      // Metrics: every attempt recorded was a 500, retried until given up; the endpoint disabled once.
      expect(await m.atLeast('threadgraph_webhook_endpoints_disabled_total{reason="FAILING"}', 1)).toBe(1);
      const attempts = (await api.deliveries(id)).reduce((sum: number, d: any) => sum + (d.attempts as number), 0);
      expect(await m.delta('threadgraph_webhook_attempts_total{outcome="gave_up"}')).toBe(failed.length);
      expect(await m.delta('threadgraph_webhook_attempts_total{outcome="failed_retrying"}')).toBe(attempts - failed.length);
      expect(await m.delta('threadgraph_webhook_attempts_total{outcome="delivered"}')).toBe(0);

      failing = false;
      const firstEvent = (await api.deliveries(id)).find((d: any) => d.eventId && d.sequence === 1).eventId as string;
      const one = await api.ok('mutation($i: ReplayWebhookEventsInput!) { replayWebhookEvents(input: $i) { queued eventIds } }', {
        i: { endpointId: id, eventId: firstEvent },
      });
      expect(one.replayWebhookEvents).toEqual({ queued: 1, eventIds: [firstEvent] });
      const range = await api.ok('mutation($i: ReplayWebhookEventsInput!) { replayWebhookEvents(input: $i) { queued } }', {
        i: { endpointId: id, fromSequence: 1, toSequence: 2 },
      });
      expect(range.replayWebhookEvents.queued).toBe(2);
      await api.ok('mutation($id: ID!) { enableWebhookEndpoint(id: $id) { id } }', { id });
      await eventually(async () => ((await api.endpoint(id)).health.pending === 0 ? true : undefined), 15_000, 'the replays delivered');
      const acked = new Set(
        receiver
          .on(hook)
          .filter((r) => r.answered === 200)
          .map((r) => r.event.data.interaction.id),
      );
      expect(acked.has(a.id)).toBe(true);
      expect(acked.size).toBe(2);
      const replays = (await api.deliveries(id)).filter((d: any) => d.replay);
      expect(replays.map((d: any) => d.status)).toEqual(['DELIVERED', 'DELIVERED', 'DELIVERED']);
    });

    it('delivers each thread’s events in sequence order: none goes out before the one before it was acknowledged', async () => {
      receiver.reply(hook, (_, n) => ({ status: n % 3 === 0 ? 500 : 200 }));
      const { id } = await api.createEndpoint(receiver.url(hook), [
        'interaction.created',
        'interaction.transferred',
        'interaction.ended',
        'thread.closed',
        'thread.reopened',
      ]);
      await Promise.all(
        ['CUST-1', 'CUST-2', 'CUST-3'].map(async (customer) => {
          const first = await api.create({ type: 'VOICE', externalId: customer });
          const second = await api.create({ type: 'SMS', externalId: customer });
          await api.end(first.id);
          await api.end(second.id);
          await api.create({ type: 'EMAIL', externalId: customer });
        }),
      );
      const all = await feedOf(app, token, 21);
      await settled(id, all.length);
      const got = receiver.on(hook);
      const acked = new Set<string>();
      for (const r of got) {
        const earlier = all.filter((e) => e.data.thread.id === r.event.data.thread.id && e.sequence < r.event.sequence);
        expect(earlier.filter((e) => !acked.has(e.id)).map((e) => e.sequence)).toEqual([]);
        if (r.answered === 200) acked.add(r.id);
      }
      expect(acked.size).toBe(all.length);

      // The delivery log pages newest first, each delivery once.
      const paged: any[] = [];
      for (let after: string | null = null; ;) {
        const page: any = (await api.ok(DELIVERIES, { id, first: 5, after })).webhookEndpoint.deliveries;
        paged.push(...page.edges.map((e: any) => e.node));
        if (!page.pageInfo.hasNextPage) break;
        after = page.pageInfo.endCursor;
      }
      expect(paged.map((d) => d.eventId).sort()).toEqual(all.map((e) => e.id).sort());
      const keys = paged.map((d) => [Date.parse(d.createdAt), d.sequence]);
      expect(keys).toEqual([...keys].sort((x, y) => y[0] - x[0] || y[1] - x[1]));
    });

    it('never sends a tenant another tenant’s events', async () => {
      const otherTenant = uniqueTenant('webhooks-other');
      const other = webhookApi(app, await tokenFor(otherTenant));
      const otherHook = `/${otherTenant}`;
      try {
        await api.createEndpoint(receiver.url(hook), ['interaction.created']);
        await other.createEndpoint(receiver.url(otherHook), ['interaction.created']);
        await Promise.all([api.create({ type: 'VOICE', externalId: 'CUST-1' }), other.create({ type: 'VOICE', externalId: 'CUST-1' })]);
        await receiver.until(() => receiver.on(hook).length >= 1 && receiver.on(otherHook).length >= 1);
        expect(receiver.on(hook).map((r) => r.event.tenant)).toEqual([tenant]);
        expect(receiver.on(otherHook).map((r) => r.event.tenant)).toEqual([otherTenant]);
      } finally {
        await other.deleteAll();
      }
    });

    it('signs with the new and the old secret, both verifiable, after a rotation', async () => {
      const { id, secret: old } = await api.createEndpoint(receiver.url(hook), ['interaction.created']);
      const rotated = (await api.ok('mutation($id: ID!) { rotateWebhookSecret(id: $id) { secret } }', { id })).rotateWebhookSecret
        .secret as string;
      await api.create({ type: 'VOICE', externalId: 'CUST-1' });
      await receiver.until(() => receiver.on(hook).length >= 1);
      const [r] = receiver.on(hook);
      expect(r!.signature.split(' ')).toHaveLength(2);
      expect(verified(rotated, r!)).toEqual(r!.event);
      expect(verified(old, r!)).toEqual(r!.event);
    });

    it('holds back a disabled endpoint’s events while another endpoint gets them, and sends them once it is enabled', async () => {
      const live = `${hook}/live`;
      const { id } = await api.createEndpoint(receiver.url(hook), ['interaction.created']);
      await api.createEndpoint(receiver.url(live), ['interaction.created']);
      const m = await meter(app);
      await api.ok('mutation($id: ID!) { disableWebhookEndpoint(id: $id) { id } }', { id });
      expect(await m.delta('threadgraph_webhook_endpoints_disabled_total{reason="MANUAL"}')).toBe(1);
      await api.create({ type: 'VOICE', externalId: 'CUST-1' });
      await receiver.until(() => receiver.on(live).length >= 1);
      expect(receiver.on(hook)).toEqual([]);
      await api.ok('mutation($id: ID!) { enableWebhookEndpoint(id: $id) { id } }', { id });
      await receiver.until(() => receiver.on(hook).length >= 1);
      expect(receiver.on(hook)[0]!.id).toBe(receiver.on(live)[0]!.id);
    });
  });

  describe('across a restart of the service', () => {
    it('delivers events recorded while no service was running', async () => {
      const tenant = uniqueTenant('webhooks-restart');
      const token = await tokenFor(tenant);
      const hook = `/${tenant}`;
      const before = await startTestApp(WEBHOOK_TEST_ENV);
      await webhookApi(before, token).createEndpoint(receiver.url(hook), ['interaction.created', 'interaction.ended']);
      await before.stop();

      // Only the write path: no sequencer and no delivery run here.
      const db = await connectTestDb();
      try {
        const made = await createInteraction(db.forTenant(tenant), { type: 'VOICE', externalId: 'CUST-1' });
        await endInteraction(db.forTenant(tenant), made.interaction.id);
      } finally {
        await db.close();
      }
      expect(receiver.on(hook)).toEqual([]);

      const after = await startTestApp(WEBHOOK_TEST_ENV);
      try {
        await receiver.until(() => receiver.on(hook).length >= 2);
        expect(receiver.on(hook).map((r) => r.event.type)).toEqual(['interaction.created', 'interaction.ended']);
        await webhookApi(after, token).deleteAll();
      } finally {
        await after.stop();
      }
    });
  });

  describe('by two service processes on one database', () => {
    // A longer attempt timeout, so the test can kill a replica while its attempt is in flight.
    const env = { ...WEBHOOK_TEST_ENV, WEBHOOK_TIMEOUT_MS: '2000', WEBHOOK_LEASE_MS: '4000' };
    let replicas: Service[];
    let db: Database;

    beforeAll(async () => {
      replicas = [startService(env), startService(env)];
      await Promise.all(replicas.map((r) => r.ready));
      db = await connectTestDb();
    });
    afterAll(async () => {
      for (const r of replicas) r.child.kill('SIGTERM');
      await Promise.all(replicas.map((r) => r.exited));
      await db.close();
    });

    it('deliver each event exactly once when every attempt succeeds', async () => {
      const tenant = uniqueTenant('webhooks-replicas');
      const token = await tokenFor(tenant);
      const hook = `/${tenant}`;
      const [a, b] = await Promise.all(replicas.map((r) => r.ready));
      const viaA = webhookApi(a!, token);
      const viaB = webhookApi(b!, token);
      const { id } = await viaA.createEndpoint(receiver.url(hook), ['interaction.created']);
      await Promise.all(
        Array.from({ length: 30 }, (_, k) => (k % 2 ? viaA : viaB).create({ type: 'VOICE', externalId: `CUST-${k % 10}` })),
      );
      await receiver.until(() => receiver.on(hook).length >= 30);
      await eventually(
        async () => ((await viaB.endpoint(id)).health.delivered === 30 ? true : undefined),
        15_000,
        'all deliveries recorded',
      );
      const ids = receiver.on(hook).map((r) => r.id);
      expect(ids).toHaveLength(30);
      expect(new Set(ids).size).toBe(30);
      await viaA.deleteAll();
    });

    it('lose nothing when the replica delivering dies mid-attempt: the other sends the same webhook-id once its lease expires', async () => {
      const tenant = uniqueTenant('webhooks-kill');
      const token = await tokenFor(tenant);
      const hook = `/${tenant}`;
      receiver.reply(hook, (_, n) => (n === 1 ? 'hold' : { status: 200 }));
      const [a] = await Promise.all(replicas.map((r) => r.ready));
      const api = webhookApi(a!, token);
      const { id } = await api.createEndpoint(receiver.url(hook), ['interaction.created']);
      await api.create({ type: 'VOICE', externalId: 'CUST-1' });
      await receiver.until(() => receiver.on(hook).length >= 1);
      const [row] = await db.runRaw('MATCH (w:WebhookEndpoint {tenant: $tenant, id: $id}) RETURN w.leaseOwner AS owner', { tenant, id });
      const holder = replicas.find((r) => r.owner === row!.owner)!;
      const survivor = replicas.find((r) => r !== holder)!;
      holder.child.kill('SIGKILL');
      await holder.exited;

      await receiver.until(() => receiver.on(hook).length >= 2, 20_000);
      const [first, second] = receiver.on(hook);
      expect(second!.id).toBe(first!.id);
      expect(second!.answered).toBe(200);
      const survivorApi = webhookApi(await survivor.ready, token);
      const delivered = await eventually(async () => {
        const [d] = await survivorApi.deliveries(id);
        return d.status === 'DELIVERED' ? d : undefined;
      });
      // The dead replica's attempt was never recorded: the log shows the one that succeeded.
      expect(delivered).toMatchObject({ attempts: 1, lastStatusCode: 200 });
      await survivorApi.deleteAll();
    });
  });
});

interface Service {
  child: ChildProcess;
  /** The app-like handle gql() needs (its URL), once the service serves. */
  ready: Promise<App>;
  owner: string | undefined;
  exited: Promise<number | null>;
}

/** src/main.ts in a process of its own, as an orchestrator runs a replica. */
function startService(env: Record<string, string>): Service {
  const child = spawn(process.execPath, ['--import', 'tsx', path.resolve(__dirname, '../../src/main.ts')], {
    env: {
      PATH: process.env.PATH,
      NODE_ENV: 'test',
      HOST: '127.0.0.1',
      PORT: '0',
      LOG_LEVEL: 'info',
      AUTH_JWT_SECRET: TEST_SECRET,
      NEO4J_URI: process.env.NEO4J_URI,
      NEO4J_USER: process.env.NEO4J_USER ?? '',
      NEO4J_PASSWORD: process.env.NEO4J_PASSWORD ?? '',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const service: Service = {
    child,
    owner: undefined,
    ready: undefined as never,
    exited: new Promise((resolve) => child.once('exit', resolve)),
  };
  service.ready = new Promise<App>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`service exited with ${code} before serving`)));
    readline.createInterface({ input: child.stdout! }).on('line', (text) => {
      const line = JSON.parse(text) as { msg?: string; url?: string; owner?: string };
      if (line.msg === 'webhook delivery started') service.owner = line.owner;
      if (line.msg === 'threadgraph is serving') resolve({ url: line.url } as App);
    });
  });
  service.ready.catch(() => undefined);
  return service;
}
