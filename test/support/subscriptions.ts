import { createClient as createSseClient } from 'graphql-sse';
import { createClient as createWsClient } from 'graphql-ws';
import WebSocket from 'ws';

/** One message a subscription received: an event's data, or errors. */
export interface Received {
  data?: Record<string, any> | null;
  errors?: { message: string; extensions?: { code?: string } }[];
}

/**
 * A test's subscription, over either transport: what it received so far, waits bounded by a
 * deadline (never a sleep), how it ended.
 */
export class Subscriber {
  readonly received: Received[] = [];
  /** 'complete', or the error / close the client reported. */
  ended: { how: 'complete' } | { how: 'error'; error: unknown } | null = null;
  /** The WebSocket's close code, once it closed. */
  closedWith: number | null = null;
  private listeners = new Set<() => void>();

  constructor(readonly dispose: () => void | Promise<void>) {}

  push(r: Received): void {
    this.received.push(r);
    this.notify();
  }

  end(how: Subscriber['ended']): void {
    this.ended ??= how;
    this.notify();
  }

  private notify(): void {
    for (const l of [...this.listeners]) l();
  }

  /** Resolves once `check` holds (checked on every message and at the end), or fails after `ms`. */
  until<T>(check: () => T | undefined | false, ms = 15_000, what = 'messages'): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const test = () => {
        const v = check();
        if (v !== undefined && v !== false) {
          done();
          resolve(v);
        }
      };
      const timer = setTimeout(() => {
        done();
        reject(
          new Error(
            `timed out after ${ms} ms waiting for ${what}; received ${JSON.stringify(this.received).slice(0, 1500)}; ended ${JSON.stringify(this.ended)}`,
          ),
        );
      }, ms);
      const done = () => {
        clearTimeout(timer);
        this.listeners.delete(test);
      };
      this.listeners.add(test);
      test();
    });
  }

  /** The events (the subscription field's value) received so far. */
  events(field: string): any[] {
    return this.received.flatMap((r) => (r.data?.[field] ? [r.data[field]] : []));
  }

  /** Waits until at least `n` events came. */
  count(field: string, n: number, ms?: number): Promise<any[]> {
    return this.until(() => (this.events(field).length >= n ? this.events(field) : undefined), ms, `${n} ${field} events`);
  }

  /** Waits until the subscription ended. */
  finished(ms?: number): Promise<NonNullable<Subscriber['ended']>> {
    return this.until(() => this.ended ?? undefined, ms, 'the end of the subscription');
  }
}

export const EVENT_FIELDS = 'id type version occurredAt tenant sequence data';

/** The WebSocket URL of an app's /graphql. */
export const wsUrl = (httpUrl: string) => httpUrl.replace(/^http/, 'ws');

/** How long a graphql-ws client keeps its socket after its subscription ends (see overWs). */
const LAZY_CLOSE_MS = 600_000;

// graphql-ws 6.4.2's dispose() closes the socket but leaves the client's lazy-close timer armed
// (dist/client.cjs: dispose never clears lazyCloseTimeout), so a test file run alone kept jest
// waiting ten minutes after its last test. That one timer is unref'd: it no longer holds the process.
const armTimer = globalThis.setTimeout;
globalThis.setTimeout = ((callback: (...args: unknown[]) => void, ms?: number, ...args: unknown[]) => {
  const timer = armTimer(callback, ms, ...args);
  if (ms === LAZY_CLOSE_MS) timer.unref();
  return timer;
}) as typeof globalThis.setTimeout;

/** A graphql-ws subscription (connectionParams carry the token), retried never: a refusal ends it. */
export function overWs(url: string, token: string | null, query: string, variables: Record<string, unknown> = {}): Subscriber {
  const client = createWsClient({
    url: wsUrl(url),
    webSocketImpl: WebSocket,
    connectionParams: token ? { authorization: `Bearer ${token}` } : {},
    retryAttempts: 0,
    lazy: true,
    // The client never closes the socket itself when its subscription completes (it would race the
    // server's own close, 1000 against 1001); dispose() closes it.
    lazyCloseTimeout: LAZY_CLOSE_MS,
  });
  const s = new Subscriber(() => client.dispose());
  client.on('closed', (event) => {
    s.closedWith = (event as { code: number }).code;
    s.end({ how: 'error', error: event });
  });
  client.subscribe(
    { query, variables },
    {
      next: (r) => s.push(r as Received),
      error: (error) => s.end({ how: 'error', error }),
      complete: () => s.end({ how: 'complete' }),
    },
  );
  return s;
}

/** A GraphQL over SSE subscription (distinct connections: one request per subscription), token in Authorization. */
export function overSse(url: string, token: string | null, query: string, variables: Record<string, unknown> = {}): Subscriber {
  const client = createSseClient({
    url,
    singleConnection: false,
    retryAttempts: 0,
    headers: token ? { authorization: `Bearer ${token}` } : {},
  });
  const s = new Subscriber(() => client.dispose());
  client.subscribe(
    { query, variables },
    {
      next: (r) => s.push(r as Received),
      error: (error) => s.end({ how: 'error', error }),
      complete: () => s.end({ how: 'complete' }),
    },
  );
  return s;
}
