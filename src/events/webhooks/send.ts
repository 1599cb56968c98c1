import http from 'node:http';
import https from 'node:https';
import { isIP } from 'node:net';
import { TargetPolicy } from './targets';

/** What one attempt to deliver came to. */
export interface AttemptOutcome {
  /** A 2xx answer: delivered. */
  ok: boolean;
  /** 410 Gone: the receiver asks us to stop; the endpoint is disabled. */
  gone: boolean;
  /** The HTTP status, null when no answer came (timeout, refused, DNS). */
  status: number | null;
  latencyMs: number;
  /** No answer within the timeout (the attempt was cut off). */
  timedOut: boolean;
  /** Why it failed (the status and the start of the body, or the network error); null when ok. */
  error: string | null;
}

/** The most of a failed answer's body kept in the delivery log. */
const ERROR_BODY_LIMIT = 300;

/**
 * Posts one signed webhook. Redirects are not followed (a 3xx is a failure: a redirect could
 * lead to an address the target policy forbids), the connection goes through the target policy's
 * lookup, and the whole attempt (connect, send, answer) is cut off after `timeoutMs`.
 */
export class WebhookSender {
  private readonly agents = {
    'http:': new http.Agent({ keepAlive: true, maxSockets: 64 }),
    'https:': new https.Agent({ keepAlive: true, maxSockets: 64 }),
  };

  constructor(
    private readonly targets: TargetPolicy,
    private readonly timeoutMs: number,
  ) {}

  send(url: string, headers: Record<string, string>, body: string): Promise<AttemptOutcome> {
    const started = Date.now();
    const done = (status: number | null, error: string | null, timedOut = false): AttemptOutcome => ({
      ok: status !== null && status >= 200 && status < 300,
      gone: status === 410,
      status,
      latencyMs: Date.now() - started,
      timedOut,
      error,
    });
    let target: URL;
    try {
      target = new URL(url);
    } catch {
      return Promise.resolve(done(null, `not a URL: ${url}`));
    }
    const host = target.hostname.replace(/^\[(.*)\]$/, '$1');
    // An address in the URL itself is never looked up: check it here.
    const refused = isIP(host) ? this.targets.refusalOf(host) : null;
    if (refused) return Promise.resolve(done(null, `webhook target refused: ${refused}`));
    const protocol = target.protocol === 'https:' ? 'https:' : 'http:';
    const client = protocol === 'https:' ? https : http;

    return new Promise<AttemptOutcome>((resolve) => {
      let settled = false;
      const finish = (outcome: AttemptOutcome) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        resolve(outcome);
      };
      const req = client.request(
        target,
        {
          method: 'POST',
          agent: this.agents[protocol],
          lookup: this.targets.lookup,
          headers: { ...headers, 'content-length': Buffer.byteLength(body).toString() },
        },
        (res) => {
          const status = res.statusCode ?? 0;
          let text = '';
          res.setEncoding('utf8');
          res.on('data', (chunk: string) => {
            if (text.length < ERROR_BODY_LIMIT) text += chunk;
          });
          res.on('end', () => {
            const ok = status >= 200 && status < 300;
            finish(done(status, ok ? null : `HTTP ${status}${text ? `: ${text.slice(0, ERROR_BODY_LIMIT)}` : ''}`));
          });
          res.on('error', (error) => finish(done(status, `HTTP ${status}, then ${error.message}`)));
        },
      );
      const timer = setTimeout(() => {
        finish(done(null, `timed out after ${this.timeoutMs} ms`, true));
        req.destroy();
      }, this.timeoutMs);
      req.on('error', (error: NodeJS.ErrnoException) => finish(done(null, error.message || error.code || 'request failed')));
      req.end(body);
    });
  }

  close(): void {
    this.agents['http:'].destroy();
    this.agents['https:'].destroy();
  }
}
