import { Config } from '../config';
import { Logger } from '../log';
import { Database } from '../neo4j';
import { followEvents, FollowOptions } from './feed';
import { LiveEvents } from './live';
import { Sequencer } from './sequencer';
import { ThreadEvent } from './types';
import { EventSignals } from './wakeup';
import { WebhookWorker } from './webhooks/worker';

/** The event machinery of one service process: the sequencer, webhook delivery, and local wake-ups. */
export interface EventRuntime {
  readonly signals: EventSignals;
  readonly sequencer: Sequencer;
  /** null when this process does not deliver (WEBHOOK_DELIVERY=false). */
  readonly webhooks: WebhookWorker | null;
  /**
   * A tenant's events after a position, in sequence order, as they are numbered: woken at once by
   * this process's numbering, and polling every EVENTS_POLL_MS for other replicas'. Ends when
   * `signal` aborts. This is what live subscriptions follow.
   */
  follow(tenant: string, opts: Omit<FollowOptions, 'pollMs' | 'signals'>): AsyncGenerator<ThreadEvent, void, undefined>;
  /** Live streams for subscriptions: one follower per tenant with subscribers, fanned out. */
  readonly live: LiveEvents;
  /** Ends the live streams, stops delivery (finishing its round, releasing its leases), then the sequencer. */
  stop(): Promise<void>;
}

export function startEvents(db: Database, config: Config, logger: Logger): EventRuntime {
  const signals = new EventSignals();
  const log = logger.child({ component: 'events' });
  const sequencer = new Sequencer(db.forJobs(log), signals, config.events.pollMs, log, db.metrics);
  const stopWaking = db.onCommitted(() => sequencer.wake());
  sequencer.start();
  const webhooks = config.webhooks.delivery ? new WebhookWorker(db, config.webhooks, config.events.pollMs, signals, log) : null;
  webhooks?.start();
  const live = new LiveEvents(
    (tenant) => db.forTenant(tenant, { logger: log }),
    signals,
    { pollMs: config.events.pollMs, bufferEvents: config.subscriptions.bufferEvents },
    log,
    db.metrics,
  );
  return {
    live,
    signals,
    sequencer,
    webhooks,
    follow: (tenant, opts) => followEvents(db.forTenant(tenant, { logger: log }), { ...opts, pollMs: config.events.pollMs, signals }),
    async stop() {
      await live.close();
      stopWaking();
      await webhooks?.stop();
      await sequencer.stop();
    },
  };
}
