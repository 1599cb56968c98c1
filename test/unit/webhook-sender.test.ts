import http from 'node:http';
import { AddressInfo } from 'node:net';
import { TargetPolicy, WebhookSender } from '../../src/events';

/** The sender against a real local HTTP server: the target policy applies when it connects, not only at creation. */
describe('sending a webhook', () => {
  let server: http.Server;
  let port: number;
  let hits: string[];
  let answer: (res: http.ServerResponse) => void;

  beforeAll(async () => {
    server = http.createServer((req, res) => {
      hits.push(req.headers['webhook-id'] as string);
      req.resume();
      req.on('end', () => answer(res));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });
  beforeEach(() => {
    hits = [];
    answer = (res) => res.writeHead(204).end();
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  const send = (policy: TargetPolicy, url: string, timeoutMs = 2000) => {
    const sender = new WebhookSender(policy, timeoutMs);
    return sender.send(url, { 'webhook-id': 'evt_1', 'content-type': 'application/json' }, '{}').finally(() => sender.close());
  };
  const loopback = new TargetPolicy([
    { address: '127.0.0.0', prefix: 8, family: 'ipv4' },
    { address: '::1', prefix: 128, family: 'ipv6' },
  ]);

  it('refuses, without connecting, a name that resolves to a forbidden address (a name re-pointed after creation)', async () => {
    const outcome = await send(new TargetPolicy([]), `http://localhost:${port}/hook`);
    expect(outcome).toMatchObject({ ok: false, status: null, error: expect.stringMatching(/webhook target refused: .*loopback/) });
    expect(hits).toEqual([]);
  });

  it('refuses a forbidden address written in the URL', async () => {
    const outcome = await send(new TargetPolicy([]), `http://127.0.0.1:${port}/hook`);
    expect(outcome.error).toMatch(/webhook target refused: 127.0.0.1 is loopback/);
    expect(hits).toEqual([]);
  });

  it('connects through the name when its addresses are allowed, and reports a 2xx as delivered', async () => {
    const outcome = await send(loopback, `http://localhost:${port}/hook`);
    expect(outcome).toMatchObject({ ok: true, gone: false, status: 204, error: null });
    expect(hits).toEqual(['evt_1']);
  });

  it('reports 410 as gone, a redirect as a failure it does not follow, and a slow answer as a timeout', async () => {
    answer = (res) => res.writeHead(410).end('bye');
    expect(await send(loopback, `http://127.0.0.1:${port}/`)).toMatchObject({ ok: false, gone: true, status: 410, error: 'HTTP 410: bye' });
    answer = (res) => res.writeHead(302, { location: 'http://169.254.169.254/' }).end();
    expect(await send(loopback, `http://127.0.0.1:${port}/`)).toMatchObject({ ok: false, status: 302 });
    expect(hits).toHaveLength(2);
    answer = () => undefined;
    expect(await send(loopback, `http://127.0.0.1:${port}/`, 200)).toMatchObject({
      ok: false,
      status: null,
      error: 'timed out after 200 ms',
    });
  });
});
