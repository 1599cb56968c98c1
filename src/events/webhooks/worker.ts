import { randomUUID } from 'node:crypto';
import { WebhookConfig } from '../../config';
import { Logger } from '../../log';
import { Database } from '../../neo4j';
import { EventSignals, Wakeup } from '../wakeup';
import { EndpointPump } from './pump';
import { WebhookSender } from './send';
import { TargetPolicy } from './targets';

/** How many endpoints a replica claims per round, so replicas starting together share them. */
const CLAIM_LIMIT = 8;

/**
 * Webhook delivery inside the service process. Each endpoint is leased (WEBHOOK_LEASE_MS, on the
 * database's clock) by one replica at a time, which runs its delivery loop (EndpointPump); the
 * lease is renewed at a third of its length. A replica that dies stops renewing: its endpoints are
 * claimed by another once their leases expire, and what it was sending is sent again (same
 * webhook-id). A replica that stops cleanly finishes its round and releases its leases at once.
 */
export class WebhookWorker {
  /** This process's lease id. */
  readonly owner = `replica-${randomUUID()}`;
  private readonly pumps = new Map<string, EndpointPump>();
  private readonly wakeup = new Wakeup();
  private readonly stopping = new AbortController();
  private readonly sender: WebhookSender;
  private loop: Promise<void> | undefined;
  private unsubscribe: (() => void) | undefined;

  constructor(
    private readonly db: Database,
    private readonly config: WebhookConfig,
    private readonly pollMs: number,
    private readonly signals: EventSignals,
    private readonly logger: Logger,
  ) {
    this.sender = new WebhookSender(new TargetPolicy(config.allowedNetworks), config.timeoutMs);
  }

  start(): void {
    this.unsubscribe = this.signals.onSequenced((tenant) => {
      for (const [key, pump] of this.pumps) if (key.startsWith(`${tenant}\u0000`)) pump.wake();
    });
    if (!this.loop) this.logger.info({ owner: this.owner }, 'webhook delivery started');
    this.loop ??= this.run();
  }

  /** Claims and renews at once (tests, and after an endpoint is created or enabled here). */
  wake(): void {
    this.wakeup.wake();
  }

  /** The endpoints this replica delivers for now: tenant and id. */
  held(): { tenant: string; id: string }[] {
    return [...this.pumps.keys()].map((k) => {
      const [tenant = '', id = ''] = k.split('\u0000');
      return { tenant, id };
    });
  }

  async stop(): Promise<void> {
    this.stopping.abort();
    this.wakeup.wake();
    this.unsubscribe?.();
    await this.loop;
    await Promise.all([...this.pumps.values()].map((p) => p.stop()));
    this.pumps.clear();
    try {
      await this.db.forJobs(this.logger).write((tx) => tx.run('webhooks/release-endpoints', { owner: this.owner }));
    } catch (error) {
      this.logger.warn({ err: error }, 'could not release webhook leases; they expire on their own');
    }
    this.sender.close();
  }

  private async run(): Promise<void> {
    const renewMs = Math.max(10, Math.min(this.pollMs, Math.floor(this.config.leaseMs / 3)));
    let failures = 0;
    while (!this.stopping.signal.aborted) {
      try {
        await this.claim();
        failures = 0;
      } catch (error) {
        failures += 1;
        this.logger.warn({ err: error, failures }, 'claiming webhook endpoints failed; trying again');
      }
      await this.wakeup.wait(renewMs, this.stopping.signal);
    }
  }

  private async claim(): Promise<void> {
    const held = await this.db
      .forJobs(this.logger)
      .write((tx) => tx.run('webhooks/claim-endpoints', { owner: this.owner, leaseMs: this.config.leaseMs, claimLimit: CLAIM_LIMIT }));
    if (this.stopping.signal.aborted) return;
    const keys = new Set(held.map((e) => `${e.tenant}\u0000${e.id}`));
    for (const [key, pump] of this.pumps) {
      if (!keys.has(key) || pump.stopped) {
        this.pumps.delete(key);
        void pump.stop();
      }
    }
    for (const e of held) {
      const key = `${e.tenant}\u0000${e.id}`;
      if (this.pumps.has(key)) continue;
      const h = this.db.forTenant(e.tenant, { logger: this.logger });
      this.pumps.set(key, new EndpointPump(h, e.id, this.owner, this.config, this.pollMs, this.sender, this.logger, this.db.metrics));
    }
  }
}
