import { spawn } from 'node:child_process';
import http from 'node:http';
import path from 'node:path';
import readline from 'node:readline';
import { App } from '../../src/app';
import { RetryableConflict, ThreadgraphError } from '../../src/errors';
import { codes, gql, startTestApp, tokenFor, uniqueTenant } from '../support/app';

/** What the README promises operators and clients at the edges of the service. */
describe('the HTTP edge', () => {
  let app: App;
  beforeAll(async () => {
    app = await startTestApp({ BODY_LIMIT_BYTES: '2048' });
  });
  afterAll(async () => {
    await app.stop();
  });
  const base = () => app.url.replace(/\/graphql$/, '');

  it('answers 405 METHOD_NOT_ALLOWED with Allow: POST for another method on the REST route', async () => {
    const res = await fetch(`${base()}/api/v2/interactions`, { method: 'GET' });
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe('POST');
    expect(await res.json()).toEqual({ error: { code: 'METHOD_NOT_ALLOWED', message: expect.any(String) } });
  });

  it('answers 404 NOT_FOUND for an unknown path', async () => {
    const res = await fetch(`${base()}/api/v2/nothing-here`, { method: 'POST' });
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({ error: { code: 'NOT_FOUND', message: expect.stringContaining('/api/v2/nothing-here') } });
  });

  it('answers 413 PAYLOAD_TOO_LARGE on /graphql for a body over BODY_LIMIT_BYTES, in the GraphQL error shape', async () => {
    const token = await tokenFor(uniqueTenant());
    const res = await gql(app, `{ stitchingPolicy { maxDepth } } # ${'x'.repeat(3000)}`, {}, token);
    expect(res.status).toBe(413);
    expect(codes(res)).toEqual(['PAYLOAD_TOO_LARGE']);
  });

  it('answers a body that is not JSON with 400 BAD_REQUEST', async () => {
    const res = await fetch(app.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"query": ' });
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ errors: [{ message: 'The request body is not valid JSON.', extensions: { code: 'BAD_REQUEST' } }] });
  });
});

describe('introspection', () => {
  const query = '{ __schema { queryType { name } } }';

  it('is refused in production (GRAPHQL_INTROSPECTION defaults to false there)', async () => {
    const app = await startTestApp({ NODE_ENV: 'production', PRIVACY_HASH_SECRET: 'p'.repeat(32) });
    try {
      const res = await gql(app, query, {}, await tokenFor(uniqueTenant()));
      expect(res.status).toBe(400);
      expect(codes(res)).toEqual(['GRAPHQL_VALIDATION_FAILED']);
      expect(res.errors![0]!.message).toMatch(/introspection/i);
    } finally {
      await app.stop();
    }
  });

  it('is allowed outside production', async () => {
    const app = await startTestApp();
    try {
      const res = await gql(app, query, {}, await tokenFor(uniqueTenant()));
      expect(res.data).toEqual({ __schema: { queryType: { name: 'Query' } } });
    } finally {
      await app.stop();
    }
  });
});

describe('with auth off (development without AUTH_JWT_SECRET or AUTH_JWKS_URL)', () => {
  it('runs every request, without a token, in the default tenant with every scope', async () => {
    const tenant = uniqueTenant('dev');
    const app = await startTestApp({ NODE_ENV: 'development', AUTH_JWT_SECRET: '', AUTH_DEFAULT_TENANT: tenant });
    try {
      const created = await gql(app, 'mutation { createInteraction(input: { type: VOICE, externalId: "C-1" }) { interaction { id } } }');
      expect(created.errors).toBeUndefined();
      const id = created.data!.createInteraction.interaction.id as string;
      const read = await gql(app, `{ interaction(id: "${id}") { id } stitchingPolicy { maxDepth } integrityReport { cycles { count } } }`);
      expect(read.data).toEqual({ interaction: { id }, stitchingPolicy: { maxDepth: 5 }, integrityReport: { cycles: { count: 0 } } });
      const rows = await app.db.runRaw('MATCH (i:Interaction {id: $id}) RETURN i.tenant AS tenant', { id });
      expect(rows).toEqual([{ tenant }]);
    } finally {
      await app.stop();
    }
  });
});

describe('readiness', () => {
  it('answers 503 warming until the query plans are warm, then 200', async () => {
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    const app = await startTestApp({}, { warmUp: async () => (await held, 0) });
    const ready = () => fetch(app.url.replace(/\/graphql$/, '/health/ready'));
    try {
      const warming = await ready();
      expect({ status: warming.status, body: await warming.json() }).toEqual({ status: 503, body: { status: 'warming' } });
      release();
      await app.warmed;
      const ok = await ready();
      expect({ status: ok.status, body: await ok.json() }).toEqual({ status: 200, body: { status: 'ok', neo4j: 'up' } });
    } finally {
      release();
      await app.stop();
    }
  });
});

describe('database errors', () => {
  it('turns a conflict that keeps coming back into 503 CONFLICT_RETRY_EXHAUSTED after a bounded number of attempts', async () => {
    const app = await startTestApp();
    try {
      let attempts = 0;
      const failing = app.db.writeTx(async () => {
        attempts += 1;
        throw new RetryableConflict('the thread moved again');
      });
      await expect(failing).rejects.toMatchObject({ code: 'CONFLICT_RETRY_EXHAUSTED', httpStatus: 503 });
      await expect(failing).rejects.toBeInstanceOf(ThreadgraphError);
      expect(attempts).toBe(8);
    } finally {
      await app.stop();
    }
  });
});

/**
 * The real entry point (src/main.ts) in a process of its own, as an orchestrator runs it: the
 * auth-off warning, and SIGTERM / SIGINT with SHUTDOWN_GRACE_MS cutting off a request that does
 * not finish in time.
 */
describe('the service process', () => {
  function startService(env: Record<string, string>) {
    const child = spawn(process.execPath, ['--import', 'tsx', path.resolve(__dirname, '../../src/main.ts')], {
      env: {
        PATH: process.env.PATH,
        NODE_ENV: 'development',
        HOST: '127.0.0.1',
        PORT: '0',
        LOG_LEVEL: 'info',
        NEO4J_URI: process.env.NEO4J_URI,
        NEO4J_USER: process.env.NEO4J_USER ?? '',
        NEO4J_PASSWORD: process.env.NEO4J_PASSWORD ?? '',
        ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const lines: Record<string, unknown>[] = [];
    const waiters: { test: (l: Record<string, unknown>) => boolean; resolve: (l: Record<string, unknown>) => void }[] = [];
    readline.createInterface({ input: child.stdout }).on('line', (text) => {
      const line = JSON.parse(text) as Record<string, unknown>;
      lines.push(line);
      for (const w of waiters.filter((w) => w.test(line))) w.resolve(line);
    });
    const logged = (msg: string | RegExp) =>
      new Promise<Record<string, unknown>>((resolve) => {
        const test = (l: Record<string, unknown>) => (typeof msg === 'string' ? l.msg === msg : msg.test(String(l.msg)));
        const seen = lines.find(test);
        if (seen) resolve(seen);
        else waiters.push({ test, resolve });
      });
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    return { child, lines, logged, exited };
  }

  it('warns loudly when auth is off, and on SIGTERM stops, closing the driver, with exit code 0', async () => {
    const service = startService({ SHUTDOWN_GRACE_MS: '2000' });
    const warning = await service.logged(/AUTHENTICATION IS OFF/);
    expect(warning.level).toBe(40);
    await service.logged('threadgraph is serving');
    service.child.kill('SIGTERM');
    expect(await service.exited).toBe(0);
    expect(service.lines.map((l) => l.msg)).toEqual(expect.arrayContaining(['shutting down', 'threadgraph stopped']));
    expect(service.lines.find((l) => l.msg === 'shutting down')).toMatchObject({ signal: 'SIGTERM' });
  });

  it('on SIGINT cuts off a request still in flight after SHUTDOWN_GRACE_MS, and exits', async () => {
    const service = startService({ SHUTDOWN_GRACE_MS: '300', AUTH_JWT_SECRET: 'x'.repeat(40) });
    const serving = await service.logged('threadgraph is serving');
    const url = new URL(String(serving.url));
    // A request whose body never comes: it stays in flight until the grace period cuts it off.
    const cut = new Promise<string>((resolve) => {
      const req = http.request(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'content-length': '1000', expect: '100-continue' },
      });
      req.on('continue', () => service.child.kill('SIGINT'));
      req.on('error', (e: NodeJS.ErrnoException) => resolve(e.code ?? e.message));
      req.on('response', (res) => resolve(`status ${res.statusCode}`));
      req.flushHeaders();
    });
    expect(await cut).toMatch(/ECONNRESET|socket hang up/);
    expect(await service.exited).toBe(0);
    expect(service.lines.find((l) => l.msg === 'shutting down')).toMatchObject({ signal: 'SIGINT' });
    expect(service.lines.map((l) => l.msg)).toContain('threadgraph stopped');
  });
});
