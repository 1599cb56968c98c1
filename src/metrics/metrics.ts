import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { ErrorCodes } from '../errors';

/**
 * The service's Prometheus metrics (prom-client), one registry per running app so that two apps in
 * one process (tests) do not add up each other's counts. Every label has a bounded set of values:
 * operations are root fields of the schema, codes are the error enum's (anything else is OTHER),
 * and no label carries a tenant, an id or anything else a client chooses.
 */
export interface Metrics {
  readonly registry: Registry;
  /** GraphQL operations and REST calls by operation (`query.thread`, `rest.createInteraction`) and outcome code (`OK` or the first error's). */
  readonly operations: Counter<'operation' | 'code'>;
  readonly operationSeconds: Histogram<'operation'>;
  /** Cypher round trips each operation cost. */
  readonly cypherRoundTrips: Histogram<'operation'>;
  /** Where new interactions went (`stitch.reason`), and the warnings their stitch carried. */
  readonly stitchDecisions: Counter<'reason'>;
  readonly stitchWarnings: Counter<'code'>;
  /** Every error code answered to a client, GraphQL and REST alike (INTERNAL_SERVER_ERROR included, so it can alert). */
  readonly refusals: Counter<'code'>;
  /** HTTP requests by route and status. */
  readonly httpRequests: Counter<'route' | 'status'>;
  readonly transactions: Counter<'mode' | 'outcome'>;
  /** The background jobs' transactions (event sequencer, webhook leases), apart from the requests'. */
  readonly jobTransactions: Counter<'mode' | 'outcome'>;
  /** Transaction functions run again: `transient` by the driver (deadlock, leader switch), `conflict` by us (a race lost). */
  readonly transactionRetries: Counter<'reason'>;
  readonly sessionsInUse: Gauge;
  readonly poolMax: Gauge;
  /** From asking for a session to the transaction function starting: time spent waiting for a pooled connection. */
  readonly acquireSeconds: Histogram<'mode'>;
  /** 1 while /health/ready last answered 200; neo4jUp is the last bounded ping's answer. */
  readonly ready: Gauge;
  readonly neo4jUp: Gauge;
  /** Thread events numbered by this process's sequencer, by event type (another replica's numbering is counted there). */
  readonly eventsNumbered: Counter<'type'>;
  /** Age of the oldest event waiting for its number at the start of this sequencer's last completed run (0 when none waited), and when that run was. */
  readonly sequencerLag: Gauge;
  readonly sequencerLastRun: Gauge;
  /** Webhook attempts this process made and recorded, by outcome (delivered, failed_retrying, timeout, gave_up, gone). */
  readonly webhookAttempts: Counter<'outcome'>;
  readonly webhookAttemptSeconds: Histogram;
  /** From an event's occurredAt to the 2xx that delivered it. */
  readonly webhookDeliveryDelaySeconds: Histogram;
  readonly webhookEndpointsDisabled: Counter<'reason'>;
  /** What the endpoints this process delivers for had waiting when their pumps last looked: `pending` deliveries, `unscanned` events. */
  readonly webhookBacklog: Gauge<'stage'>;
  /** Subscription connections open now by transport (ws, sse), and live event streams open now. */
  readonly subscriptionConnections: Gauge<'transport'>;
  readonly subscriptionStreams: Gauge;
  readonly subscriptionEvents: Counter<'transport'>;
  readonly subscriptionOverflows: Counter;
  /** What the retention sweep deleted, by kind (idempotency_keys, threads, interactions, stitch_locks), and its runs by outcome. */
  readonly retentionDeleted: Counter<'kind'>;
  readonly retentionSweeps: Counter<'outcome'>;
  /** The text format Prometheus scrapes: this app's metrics and the process's (CPU, memory, event loop lag, GC). */
  scrape(): Promise<{ contentType: string; body: string }>;
}

let processRegistry: Registry | undefined;

/** Process metrics are collected once per process, whatever the number of apps in it. */
function processMetrics(): Registry {
  if (!processRegistry) {
    processRegistry = new Registry();
    collectDefaultMetrics({ register: processRegistry, prefix: 'threadgraph_' });
  }
  return processRegistry;
}

const OTHER = 'OTHER';
/** Apollo's own codes for a client's mistake, beside the service's enum. */
const APOLLO_CODES = new Set(['PERSISTED_QUERY_NOT_FOUND', 'PERSISTED_QUERY_NOT_SUPPORTED', 'OPERATION_RESOLUTION_FAILURE']);

/** An error code as a label value: one of the known codes, else OTHER (labels must not grow without bound). */
export function codeLabel(code: unknown): string {
  if (code === undefined || code === null) return 'OK';
  return typeof code === 'string' && (code in ErrorCodes || APOLLO_CODES.has(code)) ? code : OTHER;
}

export function createMetrics(): Metrics {
  const registry = new Registry();
  const registers = [registry];
  const seconds = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];
  const metrics: Metrics = {
    registry,
    operations: new Counter({
      name: 'threadgraph_operations_total',
      help: 'GraphQL operations and REST calls by operation (root field) and outcome code (OK, or the first error code)',
      labelNames: ['operation', 'code'],
      registers,
    }),
    operationSeconds: new Histogram({
      name: 'threadgraph_operation_duration_seconds',
      help: 'Time to answer an operation, by operation',
      labelNames: ['operation'],
      buckets: seconds,
      registers,
    }),
    cypherRoundTrips: new Histogram({
      name: 'threadgraph_operation_cypher_round_trips',
      help: 'Cypher round trips per operation',
      labelNames: ['operation'],
      buckets: [0, 1, 2, 3, 4, 6, 8, 12, 20, 50],
      registers,
    }),
    stitchDecisions: new Counter({
      name: 'threadgraph_stitch_decisions_total',
      help: 'New interactions by stitch reason (EXPLICIT, TRANSFER, AUTO_STITCH, GRACE_PERIOD, THREAD_ID, NEW_THREAD); replays are not counted',
      labelNames: ['reason'],
      registers,
    }),
    stitchWarnings: new Counter({
      name: 'threadgraph_stitch_warnings_total',
      help: 'Stitch warnings by code (AMBIGUOUS_KEY, MAX_DEPTH_REACHED, CROSS_CHANNEL_SKIPPED)',
      labelNames: ['code'],
      registers,
    }),
    refusals: new Counter({
      name: 'threadgraph_refusals_total',
      help: 'Error codes answered to clients, GraphQL and REST',
      labelNames: ['code'],
      registers,
    }),
    httpRequests: new Counter({
      name: 'threadgraph_http_requests_total',
      help: 'HTTP requests by route and status',
      labelNames: ['route', 'status'],
      registers,
    }),
    transactions: new Counter({
      name: 'threadgraph_neo4j_transactions_total',
      help: 'Neo4j transactions by mode (read, write) and outcome (committed, failed)',
      labelNames: ['mode', 'outcome'],
      registers,
    }),
    jobTransactions: new Counter({
      name: 'threadgraph_neo4j_job_transactions_total',
      help: 'Neo4j transactions of background jobs (event sequencer, webhook leases) by mode and outcome',
      labelNames: ['mode', 'outcome'],
      registers,
    }),
    transactionRetries: new Counter({
      name: 'threadgraph_neo4j_transaction_retries_total',
      help: 'Transaction functions run again: transient (by the driver) or conflict (a lost race, by the service)',
      labelNames: ['reason'],
      registers,
    }),
    sessionsInUse: new Gauge({
      name: 'threadgraph_neo4j_sessions_in_use',
      help: 'Neo4j sessions open now (each holds at most one pooled connection)',
      registers,
    }),
    poolMax: new Gauge({ name: 'threadgraph_neo4j_pool_max', help: 'The Neo4j connection pool size limit', registers }),
    acquireSeconds: new Histogram({
      name: 'threadgraph_neo4j_acquire_seconds',
      help: 'From opening a session to its transaction function starting (waiting for a pooled connection, connecting, BEGIN)',
      labelNames: ['mode'],
      buckets: [0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5, 30],
      registers,
    }),
    ready: new Gauge({ name: 'threadgraph_ready', help: '1 when /health/ready last answered 200, else 0', registers }),
    neo4jUp: new Gauge({ name: 'threadgraph_neo4j_up', help: '1 when the last bounded ping of Neo4j answered, else 0', registers }),
    eventsNumbered: new Counter({
      name: 'threadgraph_events_numbered_total',
      help: "Thread events numbered by this process's sequencer, by event type",
      labelNames: ['type'],
      registers,
    }),
    sequencerLag: new Gauge({
      name: 'threadgraph_events_sequencer_lag_seconds',
      help: "Age of the oldest event waiting for a number at the start of the sequencer's last completed run (0 when none waited)",
      registers,
    }),
    sequencerLastRun: new Gauge({
      name: 'threadgraph_events_sequencer_last_run_timestamp_seconds',
      help: 'When the sequencer last completed a run (Unix time)',
      registers,
    }),
    webhookAttempts: new Counter({
      name: 'threadgraph_webhook_attempts_total',
      help: 'Webhook delivery attempts recorded by outcome (delivered, failed_retrying, timeout, gave_up, gone)',
      labelNames: ['outcome'],
      registers,
    }),
    webhookAttemptSeconds: new Histogram({
      name: 'threadgraph_webhook_attempt_duration_seconds',
      help: 'Time of one webhook attempt (connect, send, answer or timeout)',
      buckets: seconds,
      registers,
    }),
    webhookDeliveryDelaySeconds: new Histogram({
      name: 'threadgraph_webhook_delivery_delay_seconds',
      help: "From an event's occurredAt to the 2xx answer that delivered it",
      buckets: [0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 1800, 3600, 21600, 86400, 259200],
      registers,
    }),
    webhookEndpointsDisabled: new Counter({
      name: 'threadgraph_webhook_endpoints_disabled_total',
      help: 'Webhook endpoints disabled by reason (GONE, FAILING by delivery; MANUAL by disableWebhookEndpoint)',
      labelNames: ['reason'],
      registers,
    }),
    webhookBacklog: new Gauge({
      name: 'threadgraph_webhook_backlog',
      help: 'For the endpoints this process delivers for, when last looked at: pending deliveries, and events not yet scanned for them',
      labelNames: ['stage'],
      registers,
    }),
    subscriptionConnections: new Gauge({
      name: 'threadgraph_subscription_connections',
      help: 'Subscription connections open now, by transport (ws, sse)',
      labelNames: ['transport'],
      registers,
    }),
    subscriptionStreams: new Gauge({
      name: 'threadgraph_subscription_streams',
      help: 'Live event streams open now (one per subscription)',
      registers,
    }),
    subscriptionEvents: new Counter({
      name: 'threadgraph_subscription_events_sent_total',
      help: 'Events sent to subscribers (subscription results carrying data), by transport',
      labelNames: ['transport'],
      registers,
    }),
    subscriptionOverflows: new Counter({
      name: 'threadgraph_subscription_overflows_total',
      help: 'Live streams ended with SUBSCRIPTION_OVERFLOW (the subscriber fell SUBSCRIPTION_BUFFER_EVENTS behind)',
      registers,
    }),
    retentionDeleted: new Counter({
      name: 'threadgraph_retention_deleted_total',
      help: 'What the retention sweep deleted: idempotency_keys (past IDEMPOTENCY_TTL), threads and interactions (closed past RETENTION_DAYS), stitch_locks',
      labelNames: ['kind'],
      registers,
    }),
    retentionSweeps: new Counter({
      name: 'threadgraph_retention_sweeps_total',
      help: 'Retention sweeps by outcome (ok, failed)',
      labelNames: ['outcome'],
      registers,
    }),
    async scrape() {
      const merged = Registry.merge([registry, processMetrics()]);
      return { contentType: merged.contentType, body: await merged.metrics() };
    },
  };
  return metrics;
}

/** Counts where a new interaction went and the warnings its stitch carried (a replay decided nothing new). */
export function recordStitch(
  metrics: Metrics,
  result: { replayed: boolean; stitch: { reason: string; warnings: readonly { code: string }[] } },
): void {
  if (result.replayed) return;
  metrics.stitchDecisions.inc({ reason: result.stitch.reason });
  for (const w of result.stitch.warnings) metrics.stitchWarnings.inc({ code: w.code });
}
