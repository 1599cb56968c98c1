import { createHash } from 'node:crypto';
import http from 'node:http';
import net from 'node:net';
import { SignJWT } from 'jose';
import neo4j from 'neo4j-driver';
import { App, startApp } from '../../src/app';
import { loadQueries } from '../../src/cypher';
import { createLogger } from '../../src/log';
import { Database } from '../../src/neo4j';
import { codes, gql, TEST_SECRET, testConfig, tokenFor, uniqueTenant } from '../support/app';
import { codesOf, INTERNAL_TEXT, send } from '../support/probe';

/** Items 7-9 of issue 13: readiness during an outage, the HTTP edge, and tokens. */
describe('hardening: the HTTP edge, tokens and readiness', () => {
  let app: App;
  let base: string;
  const lines: Record<string, unknown>[] = [];
  beforeAll(async () => {
    const sink = { write: (line: string) => void lines.push(JSON.parse(line) as Record<string, unknown>) };
    app = await startApp(testConfig({ LOG_LEVEL: 'info', BODY_LIMIT_BYTES: '65536' }), createLogger('info', sink));
    base = app.url.replace('/graphql', '');
  });
  afterAll(async () => {
    await app.stop();
  });

  describe('7. readiness answers within its bound while Neo4j cannot be reached', () => {
    it('pings an address where nothing listens: false, within the timeout, with no retries', async () => {
      const closed = await freePort();
      const db = new Database(neo4j.driver(`bolt://127.0.0.1:${closed}`, undefined, { connectionTimeout: 2000 }), 'neo4j', loadQueries());
      try {
        const started = Date.now();
        const checks = await Promise.all([db.ping(500), db.ping(500), db.ping(500)]);
        expect(checks).toEqual([false, false, false]);
        // A bound, not a benchmark: the driver's retries would take 30 s.
        expect(Date.now() - started).toBeLessThan(5000);
        expect((await db.metrics.scrape()).body).toMatch(/^threadgraph_neo4j_up 0$/m);
      } finally {
        await db.close();
      }
    });

    it('pings a host that never answers the handshake: false once the timeout passes', async () => {
      // A listener that accepts and says nothing, like a database hung or a packet-dropping firewall.
      const sockets: net.Socket[] = [];
      const silent = net.createServer((s) => void sockets.push(s));
      await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
      const port = (silent.address() as net.AddressInfo).port;
      const db = new Database(neo4j.driver(`bolt://127.0.0.1:${port}`, undefined, { connectionTimeout: 2000 }), 'neo4j', loadQueries());
      try {
        const started = Date.now();
        expect(await db.ping(300)).toBe(false);
        expect(Date.now() - started).toBeLessThan(5000);
      } finally {
        sockets.forEach((s) => s.destroy());
        await db.close();
        await new Promise((resolve) => silent.close(resolve));
      }
    });
  });

  describe('8. HTTP details', () => {
    it('answers 413 with JSON and Connection: close, and the client reads it in full (declared length)', async () => {
      const res = await rawPost('/graphql', { 'content-length': String(200_000) }, Buffer.alloc(200_000, 0x20));
      expect(res.status).toBe(413);
      expect(res.headers.connection).toBe('close');
      expect(JSON.parse(res.body).errors[0].extensions.code).toBe('PAYLOAD_TOO_LARGE');
    });

    it('answers 413 with JSON and Connection: close to a chunked upload that grows past the limit', async () => {
      const auth = { authorization: `Bearer ${await tokenFor(uniqueTenant())}` };
      const res = await rawPost('/api/v2/interactions', { 'transfer-encoding': 'chunked', ...auth }, Buffer.alloc(200_000, 0x20));
      expect(res.status).toBe(413);
      expect(res.headers.connection).toBe('close');
      expect(JSON.parse(res.body).error.code).toBe('PAYLOAD_TOO_LARGE');
    });

    it('answers 431 with a typed JSON body to a 100 KB token', async () => {
      const res = await rawPost('/graphql', { authorization: `Bearer ${'x'.repeat(100_000)}`, 'content-length': '2' }, Buffer.from('{}'));
      expect(res.status).toBe(431);
      expect(JSON.parse(res.body)).toMatchObject({
        errors: [{ extensions: { code: 'HEADERS_TOO_LARGE' } }],
        error: { code: 'HEADERS_TOO_LARGE' },
      });
    });

    it('refuses a subscription over HTTP with a 400 and a typed code', async () => {
      const res = await send(app, '/graphql', { query: 'subscription { interaction(id: "1") { id } }' }, await tokenFor(uniqueTenant()));
      expect([res.status, codesOf(res)]).toEqual([400, ['GRAPHQL_VALIDATION_FAILED']]);
    });

    it('refuses a persisted-query hash that does not match its query with BAD_REQUEST; registers one that does', async () => {
      const token = await tokenFor(uniqueTenant());
      const query = '{ stitchingPolicy { maxDepth } }';
      const mismatch = await send(
        app,
        '/graphql',
        { query, extensions: { persistedQuery: { version: 1, sha256Hash: 'ab'.repeat(32) } } },
        token,
      );
      expect([mismatch.status, codesOf(mismatch)]).toEqual([400, ['BAD_REQUEST']]);
      const version = await send(
        app,
        '/graphql',
        { query, extensions: { persistedQuery: { version: 2, sha256Hash: 'ab'.repeat(32) } } },
        token,
      );
      expect([version.status, codesOf(version)]).toEqual([400, ['BAD_REQUEST']]);
      const sha256Hash = createHash('sha256').update(query).digest('hex');
      const registered = await send(app, '/graphql', { query, extensions: { persistedQuery: { version: 1, sha256Hash } } }, token);
      expect(registered.json).toEqual({ data: { stitchingPolicy: { maxDepth: 5 } } });
    });

    it('logs an upload the client aborts at info, not as an unhandled error', async () => {
      const requestId = `aborted-${Date.now()}`;
      const token = await tokenFor(uniqueTenant());
      await new Promise<void>((resolve) => {
        const socket = net.connect(Number(new URL(base).port), '127.0.0.1', () => {
          socket.write(
            `POST /api/v2/interactions HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 5000\r\n` +
              `Authorization: Bearer ${token}\r\nx-request-id: ${requestId}\r\n\r\n{"type":`,
            () => setImmediate(() => socket.destroy()),
          );
        });
        socket.on('close', () => resolve());
      });
      const mine = await poll(() => lines.filter((l) => l.requestId === requestId));
      expect(mine.map((l) => [l.level, l.msg])).toContainEqual([30, expect.stringMatching(/client closed the connection/)]);
      expect(mine.filter((l) => (l.level as number) >= 50)).toEqual([]);
    });
  });

  describe('9. tokens', () => {
    const tenant = uniqueTenant('tok');
    const now = () => Math.floor(Date.now() / 1000);
    const sign = (claims: Record<string, unknown>) => {
      const jwt = new SignJWT({ tenant, scope: 'interaction:read', ...claims }).setProtectedHeader({ alg: 'HS256' });
      return jwt.sign(new TextEncoder().encode(TEST_SECRET));
    };
    const ask = async (token: string) =>
      (await gql(app, '{ stitchingPolicy { maxDepth } }', {}, token)).errors?.[0]?.extensions?.code ?? 'OK';

    it.each([
      ['no exp', () => sign({ iat: now() })],
      ['iat an hour in the future', () => sign({ iat: now() + 3600, exp: now() + 7200 })],
      ['a lifetime over AUTH_MAX_TOKEN_LIFETIME_SECONDS (a day)', () => sign({ iat: now(), exp: now() + 2 * 86_400 })],
      ['no iat and an exp two days away', () => sign({ exp: now() + 2 * 86_400 })],
      ['expired beyond the skew', () => sign({ iat: now() - 600, exp: now() - 120 })],
      ['a blank tenant', () => sign({ tenant: ' ', iat: now(), exp: now() + 60 })],
      ['an empty tenant', () => sign({ tenant: '', iat: now(), exp: now() + 60 })],
      ['a tenant with surrounding spaces', () => sign({ tenant: ' acme', iat: now(), exp: now() + 60 })],
      ['a tenant with a lone surrogate', () => sign({ tenant: 'acme-\uD800', iat: now(), exp: now() + 60 })],
    ])('refuses a token with %s', async (_name, make) => {
      expect(await ask(await make())).toBe('UNAUTHENTICATED');
    });

    it.each([
      ['iat within the clock skew', () => sign({ iat: now() + 30, exp: now() + 600 })],
      ['exp just past, within the skew', () => sign({ iat: now() - 600, exp: now() - 20 })],
      ['exactly the maximum lifetime', () => sign({ iat: now(), exp: now() + 86_400 })],
    ])('accepts a token with %s', async (_name, make) => {
      expect(await ask(await make())).toBe('OK');
    });

    it('says why without internal text', async () => {
      const res = await gql(app, '{ stitchingPolicy { maxDepth } }', {}, await sign({ iat: now() }));
      expect(codes(res)).toEqual(['UNAUTHENTICATED']);
      expect(res.errors![0]!.message).toMatch(/exp/);
      expect(JSON.stringify(res)).not.toMatch(INTERNAL_TEXT);
    });
  });

  /** A POST over a raw connection: fetch cannot send a body larger than it declares, nor read an early answer. */
  function rawPost(path: string, headers: Record<string, string>, body: Buffer) {
    return new Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }>((resolve, reject) => {
      const req = http.request(`${base}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers } }, (res) => {
        let text = '';
        res.on('data', (c: Buffer) => (text += c.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text }));
      });
      // The server may close while we still send: what matters is the answer we read.
      req.on('error', (e: NodeJS.ErrnoException) => (e.code === 'EPIPE' || e.code === 'ECONNRESET' ? undefined : reject(e)));
      for (let k = 0; k < body.length; k += 16_384) req.write(body.subarray(k, k + 16_384));
      req.end();
    });
  }
});

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** Polls until `read` returns a non-empty list (bounded: 5 s), for log lines written after a socket closes. */
async function poll<T>(read: () => T[]): Promise<T[]> {
  for (let k = 0; k < 100; k++) {
    const found = read();
    if (found.length > 0) return found;
    await new Promise((r) => setTimeout(r, 50));
  }
  return read();
}
