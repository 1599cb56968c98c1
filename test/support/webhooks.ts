import http from 'node:http';
import { AddressInfo, Socket } from 'node:net';
import { Webhook } from 'standardwebhooks';

/**
 * The delivery settings of every test app that delivers webhooks. Endpoints are leased by any app
 * on the database, so every delivering app runs with these: whichever one delivers behaves alike.
 * A compressed schedule: retries after 100..400 ms, given up after 3 s; an attempt times out after
 * 500 ms; a lease lasts 2 s.
 */
export const WEBHOOK_TEST_ENV = {
  WEBHOOK_DELIVERY: 'true',
  WEBHOOK_ALLOWED_NETWORKS: '127.0.0.0/8',
  EVENTS_POLL_MS: '100',
  WEBHOOK_TIMEOUT_MS: '500',
  WEBHOOK_LEASE_MS: '2000',
  WEBHOOK_RETRY_BASE_MS: '100',
  WEBHOOK_RETRY_MAX_DELAY_MS: '400',
  WEBHOOK_RETRY_WINDOW_MS: '3000',
  WEBHOOK_CONCURRENCY: '8',
} as const;

export const RETRY = { baseMs: 100, maxDelayMs: 400, windowMs: 3000 };

/** One request as the receiver got it. */
export interface Received {
  path: string;
  id: string;
  timestamp: string;
  signature: string;
  body: string;
  /** The parsed body (the event). */
  event: { id: string; type: string; version: number; occurredAt: string; tenant: string; sequence: number; data: any };
  /** When it arrived (Date.now()). */
  at: number;
  /** The status the receiver answered (null: it never answered). */
  answered: number | null;
}

/** What the receiver does with a request: answer a status, or hold it without answering. */
export type Reply = { status: number } | 'hold';

/**
 * A real HTTP server on 127.0.0.1 that records every webhook it gets. Each test uses a path of its
 * own (`receiver.url('/name')`) and may set how that path answers; by default 200.
 */
export class Receiver {
  readonly received: Received[] = [];
  private readonly replies = new Map<string, (r: Received, nth: number) => Reply>();
  private readonly waiters = new Set<() => void>();
  private readonly sockets = new Set<Socket>();

  private constructor(private readonly server: http.Server) {}

  static async start(): Promise<Receiver> {
    const server = http.createServer();
    const receiver = new Receiver(server);
    server.on('connection', (s) => {
      receiver.sockets.add(s);
      s.on('close', () => receiver.sockets.delete(s));
    });
    server.on('request', (req, res) => receiver.handle(req, res));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return receiver;
  }

  url(path: string): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}${path}`;
  }

  /** How `path` answers; `nth` counts that path's requests from 1. */
  reply(path: string, how: (r: Received, nth: number) => Reply): void {
    this.replies.set(path, how);
  }

  on(path: string): Received[] {
    return this.received.filter((r) => r.path === path);
  }

  /** Resolves once `condition` holds over what was received, checking at each arrival; fails after `ms`. */
  async until(condition: () => boolean, ms = 15_000, what = 'the webhooks expected'): Promise<void> {
    const deadline = Date.now() + ms;
    while (!condition()) {
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`timed out after ${ms} ms waiting for ${what}; got ${this.received.length} requests`);
      await new Promise<void>((resolve) => {
        const wake = () => {
          clearTimeout(timer);
          this.waiters.delete(wake);
          resolve();
        };
        const timer = setTimeout(wake, Math.min(left, 250));
        this.waiters.add(wake);
      });
    }
  }

  async close(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private handle(req: http.IncomingMessage, res: http.ServerResponse): void {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (c: string) => (body += c));
    req.on('end', () => {
      const path = req.url ?? '/';
      const got: Received = {
        path,
        id: String(req.headers['webhook-id'] ?? ''),
        timestamp: String(req.headers['webhook-timestamp'] ?? ''),
        signature: String(req.headers['webhook-signature'] ?? ''),
        body,
        event: JSON.parse(body),
        at: Date.now(),
        answered: null,
      };
      const nth = this.on(path).length + 1;
      const reply = this.replies.get(path)?.(got, nth) ?? { status: 200 };
      this.received.push(got);
      if (reply !== 'hold') {
        got.answered = reply.status;
        res.writeHead(reply.status, { 'content-type': 'text/plain' }).end(reply.status < 300 ? 'ok' : `refused ${nth}`);
      }
      for (const wake of [...this.waiters]) wake();
    });
  }
}

/** Verifies a delivery as a receiver would, with the standardwebhooks library; returns the payload. */
export function verified(secret: string, r: Received): unknown {
  return new Webhook(secret).verify(r.body, { 'webhook-id': r.id, 'webhook-timestamp': r.timestamp, 'webhook-signature': r.signature });
}
