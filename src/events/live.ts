import { ThreadgraphError } from '../errors';
import { Logger } from '../log';
import { Metrics } from '../metrics';
import { TenantDb } from '../neo4j';
import { followEvents, latestSequence, readEvents } from './feed';
import { ThreadEvent } from './types';
import { EventSignals } from './wakeup';

/**
 * What a live stream hands its consumer (a subscription): an event, or the error that ends the
 * stream (the consumer fell behind, the service is stopping). `end()` ends the stream from the
 * consumer's side, e.g. when its token expired.
 */
export interface LiveDelivery {
  readonly event: ThreadEvent | null;
  readonly error: ThreadgraphError | null;
  end(): void;
}

/** One consumer's stream: an async iterator whose `return()` takes effect at once (not after the next event). */
export interface LiveStream extends AsyncIterableIterator<LiveDelivery> {
  readonly tenant: string;
  /** True once the stream ended (what is queued is still delivered). */
  readonly isDone: boolean;
}

export interface LiveOptions {
  /** Events of the tenant's feed this stream wants (the feed is the tenant's; this narrows it). */
  filter: (event: ThreadEvent) => boolean;
  /** Resume after this sequence (events numbered since are sent first); null: from the next event. */
  after?: number | null;
}

export interface LiveConfig {
  pollMs: number;
  /** The most events one stream holds for a consumer that reads slower than events come. */
  bufferEvents: number;
}

/**
 * Live thread events for subscriptions, read from the committed outbox: one follower per tenant
 * with subscribers (woken at once by this process's sequencer, polling every EVENTS_POLL_MS for
 * other replicas' events), fanned out to each stream through a bounded buffer. A stream that
 * falls `bufferEvents` behind ends with SUBSCRIPTION_OVERFLOW (naming the last sequence it
 * delivered, to resume from) instead of holding memory without bound. A stream that resumes
 * (`after`) reads what it missed from the feed, then joins the follower without gap or repeat.
 */
export class LiveEvents {
  private readonly hubs = new Map<string, TenantHub>();
  private closed = false;

  constructor(
    private readonly tenantDb: (tenant: string) => TenantDb,
    private readonly signals: EventSignals,
    private readonly config: LiveConfig,
    private readonly logger: Logger,
    private readonly metrics: Metrics,
  ) {}

  /** Streams currently open, across tenants. */
  get streamCount(): number {
    let n = 0;
    for (const hub of this.hubs.values()) n += hub.streams.size;
    return n;
  }

  /** Tenants with a follower running. */
  get followerCount(): number {
    return this.hubs.size;
  }

  /** Opens a stream of `tenant`'s events; resolves once it is following (events numbered after this are delivered). */
  async open(tenant: string, opts: LiveOptions): Promise<LiveStream> {
    if (this.closed) throw new ThreadgraphError('SERVICE_STOPPING', 'The service is stopping; subscribe again to another replica.');
    const hub = this.hubOf(tenant);
    const stream = new Stream(
      tenant,
      opts.filter,
      this.config.bufferEvents,
      () => this.leave(hub, stream),
      () => this.metrics.subscriptionOverflows.inc(),
    );
    // From here the follower offers the stream every event after its position (held while it catches up).
    hub.streams.add(stream);
    this.metrics.subscriptionStreams.inc();
    const joinedAt = hub.position;
    try {
      const at = joinedAt ?? (await hub.started);
      const from = opts.after ?? at;
      stream.skipTo(from);
      if (from < at) await this.backfill(hub.h, stream, from, at);
      stream.live();
    } catch (error) {
      // Failing ends the stream, which leaves its hub (onEnd).
      stream.fail(
        error instanceof ThreadgraphError ? error : new ThreadgraphError('DATABASE_UNAVAILABLE', 'Could not read the event feed.'),
      );
      throw error;
    }
    return stream;
  }

  /** Ends every stream (each consumer sees its stream complete) and stops the followers; refuses new streams. */
  async close(): Promise<void> {
    this.closed = true;
    const hubs = [...this.hubs.values()];
    this.hubs.clear();
    for (const hub of hubs) {
      for (const stream of hub.streams) stream.finish();
      hub.streams.clear();
      hub.stop.abort();
    }
    await Promise.all(hubs.map((hub) => hub.loop.catch(() => undefined)));
  }

  private hubOf(tenant: string): TenantHub {
    const existing = this.hubs.get(tenant);
    if (existing) return existing;
    const h = this.tenantDb(tenant);
    const stop = new AbortController();
    let markStarted!: (position: number) => void;
    let failStart!: (error: unknown) => void;
    const started = new Promise<number>((resolve, reject) => ((markStarted = resolve), (failStart = reject)));
    started.catch(() => undefined);
    const hub: TenantHub = { h, streams: new Set(), stop, started, position: null, loop: Promise.resolve() };
    hub.loop = (async () => {
      let position: number;
      try {
        position = await latestSequence(h);
      } catch (error) {
        failStart(error);
        if (this.hubs.get(tenant) === hub) this.hubs.delete(tenant);
        return;
      }
      hub.position = position;
      markStarted(position);
      // A read that fails (Neo4j restarting) is retried at the next poll; streams keep waiting.
      while (!stop.signal.aborted) {
        try {
          for await (const event of followEvents(h, {
            after: position,
            pollMs: this.config.pollMs,
            signals: this.signals,
            signal: stop.signal,
          })) {
            position = event.sequence;
            hub.position = position;
            for (const stream of hub.streams) stream.offer(event);
          }
        } catch (error) {
          this.logger.warn({ err: error, tenant }, 'live events: reading the feed failed; retrying');
          await new Promise((resolve) => setTimeout(resolve, this.config.pollMs).unref());
        }
      }
    })();
    this.hubs.set(tenant, hub);
    return hub;
  }

  /**
   * Reads the events after `after` from the feed into the stream, at least up to `until` (where the
   * follower started) and on to the latest: past a number still becoming visible it waits a little.
   */
  private async backfill(h: TenantDb, stream: Stream, after: number, until: number): Promise<void> {
    let position = after;
    for (let stalled = 0; !stream.isDone;) {
      const page = await readEvents(h, { after: position, first: 100 });
      for (const event of page.events) stream.offer(event, true);
      if (page.position >= page.latest && page.position >= until) return;
      if (page.position === position) {
        if (++stalled > 100) throw new ThreadgraphError('DATABASE_UNAVAILABLE', `Event ${position + 1} did not become visible.`);
        await new Promise((resolve) => setTimeout(resolve, Math.min(this.config.pollMs, 50)).unref());
      }
      position = page.position;
    }
  }

  private leave(hub: TenantHub, stream: Stream): void {
    // Once per stream (a stream ends once), but idempotent all the same: the gauge counts down once.
    if (hub.streams.delete(stream)) this.metrics.subscriptionStreams.dec();
    if (hub.streams.size === 0 && this.hubs.get(stream.tenant) === hub) {
      this.hubs.delete(stream.tenant);
      hub.stop.abort();
    }
  }
}

interface TenantHub {
  readonly h: TenantDb;
  readonly streams: Set<Stream>;
  readonly stop: AbortController;
  /** The sequence the follower started after. */
  readonly started: Promise<number>;
  /** The last sequence it offered its streams (null until it started). */
  position: number | null;
  loop: Promise<void>;
}

/**
 * One consumer's buffer. While it catches up (`backfill`), the follower's events wait aside and
 * join afterwards; sequences at or below the last one seen are dropped, so nothing is repeated.
 */
class Stream implements LiveStream {
  private readonly queue: LiveDelivery[] = [];
  private held: ThreadEvent[] | null = [];
  private last = 0;
  /** The sequence of the last event handed to the consumer: where it resumes after an overflow. */
  private delivered = 0;
  private waiting: ((result: IteratorResult<LiveDelivery>) => void) | undefined;
  private done = false;

  constructor(
    readonly tenant: string,
    private readonly filter: (event: ThreadEvent) => boolean,
    private readonly limit: number,
    private readonly onEnd: () => void,
    private readonly onOverflow: () => void,
  ) {}

  get isDone(): boolean {
    return this.done;
  }

  skipTo(sequence: number): void {
    this.last = Math.max(this.last, sequence);
  }

  /** From the follower (`direct` false) or the backfill (`direct` true). */
  offer(event: ThreadEvent, direct = false): void {
    if (this.done) return;
    if (!direct && this.held !== null) {
      if (this.held.length >= this.limit) return this.overflow();
      this.held.push(event);
      return;
    }
    if (event.sequence <= this.last) return;
    this.last = event.sequence;
    if (!this.filter(event)) return;
    if (this.queue.length >= this.limit) return this.overflow();
    this.push({ event, error: null, end: () => this.finish() });
  }

  /** Backfill done: what the follower sent meanwhile goes next. */
  live(): void {
    const held = this.held ?? [];
    this.held = null;
    for (const event of held) this.offer(event, true);
  }

  /** Ends with an error the consumer sees, then completes. */
  fail(error: ThreadgraphError): void {
    if (this.done) return;
    this.queue.length = 0;
    this.push({ event: null, error, end: () => this.finish() });
    this.done = true;
    this.onEnd();
  }

  /** Completes: what is queued is still delivered, then the iteration ends. */
  finish(): void {
    if (this.done) return;
    this.done = true;
    this.onEnd();
    if (this.waiting && this.queue.length === 0) {
      const waiting = this.waiting;
      this.waiting = undefined;
      waiting({ value: undefined, done: true });
    }
  }

  private overflow(): void {
    this.onOverflow();
    this.fail(
      new ThreadgraphError(
        'SUBSCRIPTION_OVERFLOW',
        `The subscriber fell ${this.limit} events behind; subscribe again with after: ${this.delivered} to resume.`,
      ),
    );
  }

  private push(item: LiveDelivery): void {
    if (this.waiting) {
      const waiting = this.waiting;
      this.waiting = undefined;
      this.note(item);
      waiting({ value: item, done: false });
    } else {
      this.queue.push(item);
    }
  }

  private note(item: LiveDelivery): void {
    if (item.event) this.delivered = item.event.sequence;
  }

  next(): Promise<IteratorResult<LiveDelivery>> {
    const item = this.queue.shift();
    if (item) {
      this.note(item);
      return Promise.resolve({ value: item, done: false });
    }
    if (this.done) return Promise.resolve({ value: undefined, done: true });
    return new Promise((resolve) => (this.waiting = resolve));
  }

  return(): Promise<IteratorResult<LiveDelivery>> {
    this.queue.length = 0;
    this.finish();
    return Promise.resolve({ value: undefined, done: true });
  }

  throw(error?: unknown): Promise<IteratorResult<LiveDelivery>> {
    this.queue.length = 0;
    this.finish();
    return Promise.reject(error instanceof Error ? error : new Error(String(error)));
  }

  [Symbol.asyncIterator](): LiveStream {
    return this;
  }
}
