import { App } from '../../src/app';
import { startTestApp, tokenFor, uniqueTenant } from '../support/app';
import { parseScrape as parse } from '../support/metrics';
import { send } from '../support/probe';
import { Writer } from '../support/stitch';

/** What an operator's Prometheus scrapes from /metrics. */
describe('Prometheus metrics at /metrics', () => {
  let app: App;
  let base: string;
  beforeAll(async () => {
    app = await startTestApp({ GRAPHQL_EXPOSE_QUERY_COUNT: 'true' });
    base = app.url.replace('/graphql', '');
    await app.warmed;
  });
  afterAll(async () => {
    await app.stop();
  });

  const scrape = async () => {
    const res = await fetch(`${base}/metrics`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    return parse(await res.text());
  };

  it('counts operations by root field and outcome, refusals by code, stitch decisions, round trips, transactions and readiness', async () => {
    const tenant = uniqueTenant('metrics');
    const token = await tokenFor(tenant);
    const w = new Writer(app, token);
    const before = await scrape();
    const creates = [
      await w.create({ type: 'VOICE', externalId: 'CUST-M' }),
      await w.create({ type: 'VOICE', externalId: 'CUST-M' }),
      await w.create({ type: 'VOICE', externalId: 'CUST-M', startedAt: '2026-02-30T10:00:00Z' }),
    ];
    const first = creates[0]!.data!.createInteraction;
    const roundTrips = creates.reduce((sum, r) => sum + ((r.extensions?.cypher as { roundTrips?: number })?.roundTrips ?? 0), 0);
    await send(app, '/graphql', { query: '{' }, token);
    const rest = await send(app, '/api/v2/interactions', { type: 'EMAIL', externalId: 'CUST-M2' }, token);
    expect(rest.status).toBe(201);
    await send(app, '/api/v2/interactions', { type: 'FAX' }, token);
    await w.interaction(first.interaction.id);
    expect((await fetch(`${base}/health/ready`)).status).toBe(200);

    const after = await scrape();
    const delta = (series: string) => (after.get(series) ?? 0) - (before.get(series) ?? 0);
    expect(delta('threadgraph_operations_total{operation="mutation.createInteraction",code="OK"}')).toBe(2);
    expect(delta('threadgraph_operations_total{operation="mutation.createInteraction",code="BAD_USER_INPUT"}')).toBe(1);
    expect(delta('threadgraph_operations_total{operation="invalid",code="GRAPHQL_PARSE_FAILED"}')).toBe(1);
    expect(delta('threadgraph_operations_total{operation="rest.createInteraction",code="OK"}')).toBe(1);
    expect(delta('threadgraph_operations_total{operation="rest.createInteraction",code="BAD_USER_INPUT"}')).toBe(1);
    expect(delta('threadgraph_operations_total{operation="query.interaction",code="OK"}')).toBe(1);
    expect(delta('threadgraph_refusals_total{code="BAD_USER_INPUT"}')).toBe(2);
    expect(delta('threadgraph_refusals_total{code="GRAPHQL_PARSE_FAILED"}')).toBe(1);
    expect(delta('threadgraph_stitch_decisions_total{reason="NEW_THREAD"}')).toBe(2);
    expect(delta('threadgraph_stitch_decisions_total{reason="AUTO_STITCH"}')).toBe(1);
    // Round trips per operation: what each response reported (the refused one cost none).
    expect(roundTrips).toBeGreaterThan(0);
    expect(delta('threadgraph_operation_cypher_round_trips_count{operation="mutation.createInteraction"}')).toBe(3);
    expect(delta('threadgraph_operation_cypher_round_trips_sum{operation="mutation.createInteraction"}')).toBe(roundTrips);
    expect(delta('threadgraph_operation_duration_seconds_count{operation="query.interaction"}')).toBe(1);
    expect(delta('threadgraph_neo4j_transactions_total{mode="write",outcome="committed"}')).toBe(3);
    expect(delta('threadgraph_http_requests_total{route="/graphql",status="200"}')).toBe(3);
    expect(delta('threadgraph_http_requests_total{route="/graphql",status="400"}')).toBe(2);
    expect(after.get('threadgraph_ready')).toBe(1);
    expect(after.get('threadgraph_neo4j_up')).toBe(1);
    expect(after.get('threadgraph_neo4j_pool_max')).toBe(100);
    expect(after.get('threadgraph_neo4j_sessions_in_use')).toBe(0);
    expect(after.has('threadgraph_process_cpu_user_seconds_total')).toBe(true);
    expect(after.has('threadgraph_nodejs_eventloop_lag_p99_seconds')).toBe(true);
  });

  it('keeps labels bounded: unknown paths are "other", and no tenant or id appears in any series', async () => {
    const tenant = uniqueTenant('metrics-secret');
    await send(app, `/no/such/${tenant}`, {}, await tokenFor(tenant));
    const text = await (await fetch(`${base}/metrics`)).text();
    expect(text).toMatch(/threadgraph_http_requests_total\{route="other",status="404"\} \d+/);
    expect(text).not.toContain(tenant);
  });

  it('serves the event, webhook and subscription metrics (counted in events, webhooks and subscriptions tests)', async () => {
    const text = await (await fetch(`${base}/metrics`)).text();
    for (const name of [
      'threadgraph_events_numbered_total',
      'threadgraph_events_sequencer_lag_seconds',
      'threadgraph_events_sequencer_last_run_timestamp_seconds',
      'threadgraph_webhook_attempts_total',
      'threadgraph_webhook_attempt_duration_seconds',
      'threadgraph_webhook_delivery_delay_seconds',
      'threadgraph_webhook_endpoints_disabled_total',
      'threadgraph_webhook_backlog',
      'threadgraph_subscription_connections',
      'threadgraph_subscription_streams',
      'threadgraph_subscription_events_sent_total',
      'threadgraph_subscription_overflows_total',
    ]) {
      expect(text).toContain(`# HELP ${name} `);
    }
    // This app delivers no webhooks and serves no subscription now: nothing is open.
    expect(parse(text).get('threadgraph_subscription_streams')).toBe(0);
    expect(parse(text).get('threadgraph_subscription_overflows_total')).toBe(0);
  });

  it('is not served when METRICS_ENABLED is false', async () => {
    const quiet = await startTestApp({ METRICS_ENABLED: 'false' });
    try {
      const res = await fetch(quiet.url.replace('/graphql', '/metrics'));
      expect(res.status).toBe(404);
      expect(((await res.json()) as any).error.code).toBe('NOT_FOUND');
    } finally {
      await quiet.stop();
    }
  });
});
