import { Logger } from '../log';
import { Metrics } from '../metrics';
import { JobDb } from '../neo4j';
import { planSequence } from './order';
import { isEventType } from './types';
import { EventSignals, Wakeup } from './wakeup';

/** How many pending events one run reads; a full batch runs again at once. */
const BATCH = 500;
/** How long an event waits for a predecessor it cannot see before it is numbered without it. */
const STALE_SECONDS = 60;

/**
 * Numbers committed events per tenant. Each run is one write transaction that first locks the one
 * EventSequencer node, so runs on several replicas never interleave: each replica runs one (woken
 * by its own commits, and every EVENTS_POLL_MS for the others'), and they take turns. Nothing here
 * is held across transactions, so a replica that dies mid-run loses nothing: Neo4j rolls its
 * transaction back and the next run numbers the same events.
 */
export class Sequencer {
  private readonly wakeup = new Wakeup();
  private readonly stopping = new AbortController();
  private loop: Promise<void> | undefined;

  constructor(
    private readonly jobs: JobDb,
    private readonly signals: EventSignals,
    private readonly pollMs: number,
    private readonly logger: Logger,
    private readonly metrics: Metrics,
  ) {}

  start(): void {
    this.loop ??= this.run();
  }

  /** A write committed here: run now rather than at the next poll. */
  wake(): void {
    this.wakeup.wake();
  }

  async stop(): Promise<void> {
    this.stopping.abort();
    await this.loop;
  }

  /** One run: numbers what is ready; `more` when its batch was full (tests call it directly). */
  async runOnce(): Promise<{ numbered: number; more: boolean }> {
    const result = await this.jobs.write(async (tx) => {
      const pending = await tx.run('events/sequencer-pending', { limit: BATCH, staleSeconds: STALE_SECONDS });
      const plan = planSequence(pending);
      if (plan.gaveUpWaiting.length > 0) {
        this.logger.warn({ events: plan.gaveUpWaiting }, 'numbering events whose predecessor never became visible');
      }
      // Oldest first: the first row is the longest wait.
      const lagMs = pending[0]?.ageMs ?? 0;
      if (plan.batches.length === 0) return { read: pending.length, lagMs, numbered: [], types: [] };
      const numbered = await tx.run('events/sequencer-assign', { batches: plan.batches });
      const typeOf = new Map(pending.map((e) => [e.id, e.type]));
      const types = plan.batches.flatMap((b) => b.ids.map((id) => typeOf.get(id)));
      return { read: pending.length, lagMs, numbered, types };
    });
    this.metrics.sequencerLag.set(Math.max(0, result.lagMs) / 1000);
    this.metrics.sequencerLastRun.set(Date.now() / 1000);
    // The assign statement numbers every event the plan gives it (read under the same lock).
    for (const type of result.types) this.metrics.eventsNumbered.inc({ type: type !== undefined && isEventType(type) ? type : 'OTHER' });
    for (const t of result.numbered) if (t.numbered > 0) this.signals.sequenced(t.tenant);
    const numbered = result.numbered.reduce((sum, t) => sum + t.numbered, 0);
    return { numbered, more: result.read === BATCH && numbered > 0 };
  }

  private async run(): Promise<void> {
    let failures = 0;
    while (!this.stopping.signal.aborted) {
      let again = false;
      try {
        again = (await this.runOnce()).more;
        failures = 0;
      } catch (error) {
        failures += 1;
        this.logger.warn({ err: error, failures }, 'numbering thread events failed; trying again');
      }
      if (again) continue;
      await this.wakeup.wait(failures > 0 ? Math.min(30_000, this.pollMs * 2 ** failures) : this.pollMs, this.stopping.signal);
    }
  }
}
