import { AttemptRow } from '../../cypher';
import { WebhookConfig } from '../../config';
import { Logger } from '../../log';
import { Metrics } from '../../metrics';
import { TenantDb } from '../../neo4j';
import { renderEvent } from '../render';
import { Wakeup } from '../wakeup';
import { retryDelay } from './backoff';
import { signatureHeader } from './secrets';
import { WebhookSender } from './send';

/** One attempt of a round: the row recorded, and what the metrics need of it. */
interface Sent {
  row: AttemptRow;
  timedOut: boolean;
  occurredAt: string;
  /** When the answer (or the timeout) came, on this process's clock. */
  answeredAt: number;
}

/** How many new events one fan-out reads. */
const FANOUT_SCAN = 500;

/**
 * The delivery loop of one endpoint, run by the replica holding its lease: queue new events
 * (fan-out), send what is due (one delivery per thread at a time, up to WEBHOOK_CONCURRENCY at
 * once), record the round, and sleep until the next delivery is due, a local wake-up, or the poll.
 * Every step re-checks the lease in the database, so a replica that lost it stops.
 */
export class EndpointPump {
  private readonly wakeup = new Wakeup();
  private readonly stopping = new AbortController();
  /** This pump's part of the backlog gauge: what it last saw, taken back when it stops. */
  private readonly backlog = { pending: 0, unscanned: 0 };
  readonly done: Promise<void>;

  constructor(
    private readonly h: TenantDb,
    readonly endpointId: string,
    private readonly owner: string,
    private readonly config: WebhookConfig,
    private readonly pollMs: number,
    private readonly sender: WebhookSender,
    private readonly logger: Logger,
    private readonly metrics: Metrics,
  ) {
    this.done = this.run().finally(() => this.report(0, 0));
  }

  wake(): void {
    this.wakeup.wake();
  }

  /** Stops after the round in flight (its attempts are recorded), and resolves when it has. */
  stop(): Promise<void> {
    this.stopping.abort();
    this.wakeup.wake();
    return this.done;
  }

  get stopped(): boolean {
    return this.stopping.signal.aborted;
  }

  private async run(): Promise<void> {
    let failures = 0;
    while (!this.stopped) {
      let sleepMs: number;
      try {
        const next = await this.round();
        if (next === 'released') {
          this.stopping.abort();
          return;
        }
        failures = 0;
        if (next === 'again') continue;
        sleepMs = next;
      } catch (error) {
        failures += 1;
        sleepMs = Math.min(30_000, this.pollMs * 2 ** failures);
        this.logger.warn({ err: error, endpointId: this.endpointId, failures }, 'webhook delivery round failed; trying again');
      }
      await this.wakeup.wait(sleepMs, this.stopping.signal);
    }
  }

  /** Sets this endpoint's part of the backlog gauge (the gauge sums the endpoints this process delivers for). */
  private report(pending: number, unscanned: number): void {
    this.metrics.webhookBacklog.inc({ stage: 'pending' }, pending - this.backlog.pending);
    this.metrics.webhookBacklog.inc({ stage: 'unscanned' }, unscanned - this.backlog.unscanned);
    this.backlog.pending = pending;
    this.backlog.unscanned = unscanned;
  }

  /** Counts a recorded round: each attempt by what it came to, the delay to each delivery, and a disabling. */
  private count(
    sent: readonly Sent[],
    recorded: { disabledReason: string | null; outcomes: { deliveryId: string; status: string }[] },
  ): void {
    const statusOf = new Map(recorded.outcomes.map((o) => [o.deliveryId, o.status]));
    for (const { row, timedOut, occurredAt, answeredAt } of sent) {
      const status = statusOf.get(row.deliveryId);
      if (status === undefined) continue;
      const outcome =
        status === 'DELIVERED'
          ? 'delivered'
          : status === 'FAILED'
            ? 'gave_up'
            : row.gone
              ? 'gone'
              : timedOut
                ? 'timeout'
                : 'failed_retrying';
      this.metrics.webhookAttempts.inc({ outcome });
      if (status === 'DELIVERED') this.metrics.webhookDeliveryDelaySeconds.observe(Math.max(0, answeredAt - Date.parse(occurredAt)) / 1000);
    }
    if (recorded.disabledReason) this.metrics.webhookEndpointsDisabled.inc({ reason: recorded.disabledReason });
  }

  /** One round: 'again' when there may be more to do now, 'released' when the lease is gone, else how long to sleep. */
  private async round(): Promise<'again' | 'released' | number> {
    const { h, endpointId, owner } = this;
    const state = await h.readOne('webhooks/due-deliveries', { endpointId, owner, limit: this.config.concurrency });
    if (!state || !state.owned || state.status !== 'ENABLED') return 'released';
    this.report(state.pending, Math.max(0, state.latest - state.cursor));
    if (state.latest > state.cursor) {
      const fanned = await h.write((tx) => tx.one('webhooks/fanout', { endpointId, owner, scan: FANOUT_SCAN }));
      if (!fanned) return 'released';
      // Nothing scanned although events wait: the next number is still becoming visible.
      if (fanned.scanned > 0) return 'again';
      if (state.due.length === 0) return 20;
    }
    if (state.due.length === 0) {
      const untilDue = state.nextDue ? Date.parse(state.nextDue) - Date.now() : Infinity;
      return Math.max(5, Math.min(this.pollMs, untilDue));
    }
    const sent = await Promise.all(
      state.due.map(async ({ delivery, event }): Promise<Sent> => {
        const body = JSON.stringify(renderEvent({ ...event, sequence: event.sequence ?? 0 }));
        const at = new Date();
        const { timedOut, ...outcome } = await this.sender.send(
          state.url,
          {
            'content-type': 'application/json',
            'user-agent': 'threadgraph-webhooks/1',
            'webhook-id': event.id,
            'webhook-timestamp': Math.floor(at.getTime() / 1000).toString(),
            'webhook-signature': signatureHeader(state.secrets, event.id, at, body),
          },
          body,
        );
        const answeredAt = Date.now();
        this.metrics.webhookAttemptSeconds.observe(outcome.latencyMs / 1000);
        const row = { deliveryId: delivery.id, ...outcome, delayMs: retryDelay(delivery.attempts + 1, this.config.retry) };
        return { row, timedOut, occurredAt: event.occurredAt, answeredAt };
      }),
    );
    const attempts = sent.map((s) => s.row);
    const recorded = await h.write((tx) =>
      tx.one('webhooks/record-attempts', { endpointId, owner, windowMs: this.config.retry.windowMs, attempts }),
    );
    if (!recorded) {
      this.logger.warn(
        { endpointId, attempts: attempts.length },
        'lost the lease of a webhook endpoint mid-round: its attempts were not recorded',
      );
      return 'released';
    }
    this.count(sent, recorded);
    if (recorded.disabledReason) {
      this.logger.warn({ endpointId, reason: recorded.disabledReason, tenant: h.tenant }, 'webhook endpoint disabled');
      return 'released';
    }
    return 'again';
  }
}
