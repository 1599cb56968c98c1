import http from 'node:http';
import { startTestApp, tokenFor, uniqueTenant } from '../support/app';

/** SIGTERM's path (App.stop): stop accepting, let the request in flight finish, then close. */
describe('graceful shutdown', () => {
  it('finishes a request that is in flight, then refuses new connections', async () => {
    const app = await startTestApp();
    const token = await tokenFor(uniqueTenant());
    const body = JSON.stringify({ query: '{ stitchingPolicy { maxDepth } }' });

    // A request whose body is not sent yet: the server has it in flight while we ask it to stop.
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

    const stopped = app.stop();
    req.end(body);
    const answered = await response;
    expect(answered.status).toBe(200);
    expect(JSON.parse(answered.text)).toEqual({ data: { stitchingPolicy: { maxDepth: 5 } } });
    await stopped;
    await expect(fetch(app.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body })).rejects.toThrow();
  });
});

function deferred<T>(): { promise: Promise<T>; resolve: (v: T) => void } {
  let resolve!: (v: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}
