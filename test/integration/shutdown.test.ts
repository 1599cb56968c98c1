import http from 'node:http';
import net from 'node:net';
import { startTestApp, tokenFor, uniqueTenant } from '../support/app';

/** SIGTERM's path (App.stop): stop accepting, let the request in flight finish, then close. */
describe('graceful shutdown', () => {
  it('finishes a request that is in flight, answers readiness 503 draining meanwhile, then refuses new connections', async () => {
    const app = await startTestApp();
    await app.warmed;
    const token = await tokenFor(uniqueTenant());
    const body = JSON.stringify({ query: '{ stitchingPolicy { maxDepth } }' });

    // A request whose body is held back by the test: the server has it in flight while it stops.
    // `100 Continue` tells us the server has dispatched it (Node answers and dispatches in one tick).
    const inFlight = deferred<http.ClientRequest>();
    const response = new Promise<{ status: number; text: string }>((resolve, reject) => {
      const req = http.request(
        app.url,
        {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            'content-length': Buffer.byteLength(body),
            authorization: `Bearer ${token}`,
            expect: '100-continue',
          },
        },
        (res) => {
          let text = '';
          res.on('data', (c: Buffer) => (text += c.toString()));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
        },
      );
      req.on('error', reject);
      req.on('continue', () => inFlight.resolve(req));
      req.flushHeaders();
    });
    const req = await inFlight.promise;
    // A readiness probe whose request line is sent but whose headers are not finished: its connection
    // is not idle, so it outlives the start of draining, and the probe is answered while draining.
    const probe = net.connect(app.port, '127.0.0.1');
    await new Promise((resolve) => probe.once('connect', resolve));
    probe.write('GET /health/ready HTTP/1.1\r\nHost: localhost\r\n');
    const probeAnswer = new Promise<string>((resolve) => {
      let text = '';
      probe.on('data', (c: Buffer) => (text += c.toString()));
      probe.on('close', () => resolve(text));
    });

    let stopped = false;
    const stopping = app.stop().then(() => (stopped = true));
    // Draining has begun once the server refuses new connections; only then is the body sent.
    await until(async () => !(await accepts(app.port)));
    expect(stopped).toBe(false);
    probe.write('\r\n');
    const probed = await probeAnswer;
    expect(probed).toMatch(/^HTTP\/1\.1 503 /);
    expect(probed).toMatch(/\r\nconnection: close\r\n/i);
    expect(JSON.parse(probed.slice(probed.indexOf('\r\n\r\n') + 4))).toEqual({ status: 'draining' });
    req.end(body);
    const answered = await response;
    expect(answered.status).toBe(200);
    expect(JSON.parse(answered.text)).toEqual({ data: { stitchingPolicy: { maxDepth: 5 } } });
    await stopping;
    await expect(fetch(app.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body })).rejects.toThrow();
  }, 120_000);
});

function deferred<T>(): { promise: Promise<T>; resolve: (v: T) => void } {
  let resolve!: (v: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

/** Whether a TCP connection to 127.0.0.1:port is accepted. */
function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/** Polls `condition` every 20 ms, for at most 10 s. */
async function until(condition: () => Promise<boolean>): Promise<void> {
  for (const deadline = Date.now() + 10_000; Date.now() < deadline;) {
    if (await condition()) return;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error('condition not met within 10 s');
}
