import { App } from '../../src/app';
import { seedInteraction } from '../support/fixtures';
import { codes, gql, startTestApp, tokenFor, uniqueTenant } from '../support/app';

describe('the subgraph on a real Neo4j', () => {
  let app: App;
  const tenant = uniqueTenant();
  const other = uniqueTenant();

  beforeAll(async () => {
    app = await startTestApp({ GRAPHQL_EXPOSE_QUERY_COUNT: 'true' });
  });
  afterAll(async () => {
    await app.stop();
  });

  it('answers _service { sdl } with the federation @link, without a token', async () => {
    const res = await gql(app, '{ _service { sdl } }');
    expect(res.errors).toBeUndefined();
    expect(res.status).toBe(200);
    const sdl = res.data!._service.sdl as string;
    expect(sdl).toContain('@link(url: "https://specs.apollo.dev/federation/v2.7"');
    expect(sdl).toMatch(/type Interaction\s+@key\(fields: "id"\)/);
    expect(sdl).toMatch(/type Thread\s+@key\(fields: "id"\)/);
  });

  it('reads an interaction written to the database', async () => {
    const { id, threadId } = await seedInteraction(app.db, tenant, { externalId: 'CUST-1', type: 'EMAIL' });
    const res = await gql(
      app,
      'query($id: ID!) { interaction(id: $id) { id type externalId depth thread { id } } }',
      { id },
      await tokenFor(tenant),
    );
    expect(res.errors).toBeUndefined();
    expect(res.data!.interaction).toEqual({ id, type: 'EMAIL', externalId: 'CUST-1', depth: 1, thread: { id: threadId } });
  });

  it('answers null for an unknown id and for another tenant’s interaction', async () => {
    const { id } = await seedInteraction(app.db, other);
    const token = await tokenFor(tenant);
    const res = await gql(
      app,
      'query($a: ID!, $b: ID!) { a: interaction(id: $a) { id } b: interaction(id: $b) { id } }',
      { a: id, b: 'no-such-id' },
      token,
    );
    expect(res.errors).toBeUndefined();
    expect(res.data).toEqual({ a: null, b: null });
  });

  it('resolves _entities through one round trip per type, in key order, null for unknown and foreign ids', async () => {
    const mine = await Promise.all([1, 2, 3].map(() => seedInteraction(app.db, tenant)));
    const foreign = await seedInteraction(app.db, other);
    const representations = [
      { __typename: 'Interaction', id: mine[2]!.id },
      { __typename: 'Thread', id: mine[0]!.threadId },
      { __typename: 'Interaction', id: 'unknown' },
      { __typename: 'Interaction', id: foreign.id },
      { __typename: 'Interaction', id: mine[0]!.id },
      { __typename: 'Thread', id: foreign.threadId },
      { __typename: 'Interaction', id: mine[1]!.id },
    ];
    const res = await gql(
      app,
      'query($r: [_Any!]!) { _entities(representations: $r) { ... on Interaction { id } ... on Thread { id } } }',
      { r: representations },
      await tokenFor(tenant),
    );
    expect(res.errors).toBeUndefined();
    expect(res.data!._entities).toEqual([
      { id: mine[2]!.id },
      { id: mine[0]!.threadId },
      null,
      null,
      { id: mine[0]!.id },
      null,
      { id: mine[1]!.id },
    ]);
    expect(res.extensions!.cypher).toEqual({ roundTrips: 2, queries: expect.arrayContaining(['load-interactions', 'load-threads']) });
  });

  describe('authentication and scopes', () => {
    const query = 'query($id: ID!) { interaction(id: $id) { id } }';

    it('refuses a request without a token with UNAUTHENTICATED', async () => {
      const res = await gql(app, query, { id: 'x' });
      expect(codes(res)).toEqual(['UNAUTHENTICATED']);
      expect(res.data?.interaction ?? null).toBeNull();
    });

    it('refuses a token signed with another secret with UNAUTHENTICATED and HTTP 401', async () => {
      const { SignJWT } = await import('jose');
      const forged = await new SignJWT({ tenant, scope: 'interaction:read' })
        .setProtectedHeader({ alg: 'HS256' })
        .sign(new TextEncoder().encode('another-secret-another-secret-another-secret'));
      const res = await gql(app, query, { id: 'x' }, forged);
      expect(res.status).toBe(401);
      expect(codes(res)).toEqual(['UNAUTHENTICATED']);
    });

    it('refuses an expired token and a malformed header', async () => {
      const expired = await tokenFor(tenant, 'interaction:read', { exp: Math.floor(Date.now() / 1000) - 60 });
      expect(codes(await gql(app, query, { id: 'x' }, expired))).toEqual(['UNAUTHENTICATED']);
      expect(codes(await gql(app, query, { id: 'x' }, undefined, { authorization: 'Basic abc' }))).toEqual(['UNAUTHENTICATED']);
    });

    it('refuses a token without a tenant claim', async () => {
      const { SignJWT } = await import('jose');
      const { TEST_SECRET } = await import('../support/app');
      const token = await new SignJWT({ scope: 'interaction:read' })
        .setProtectedHeader({ alg: 'HS256' })
        .sign(new TextEncoder().encode(TEST_SECRET));
      expect(codes(await gql(app, query, { id: 'x' }, token))).toEqual(['UNAUTHENTICATED']);
    });

    it('refuses a read without the interaction:read scope with FORBIDDEN', async () => {
      const res = await gql(app, query, { id: 'x' }, await tokenFor(tenant, 'interaction:write'));
      expect(codes(res)).toEqual(['FORBIDDEN']);
    });

    it('never shows one tenant another tenant’s data, even by id', async () => {
      const { id } = await seedInteraction(app.db, tenant);
      const res = await gql(app, query, { id }, await tokenFor(other));
      expect(res.errors).toBeUndefined();
      expect(res.data!.interaction).toBeNull();
    });
  });

  describe('health', () => {
    it('is live and ready while Neo4j answers (once its query plans are warm), with a request id on every response', async () => {
      await app.warmed;
      const base = app.url.replace('/graphql', '');
      const live = await fetch(`${base}/health/live`);
      const ready = await fetch(`${base}/health/ready`, { headers: { 'x-request-id': 'req-123' } });
      expect(live.status).toBe(200);
      expect(ready.status).toBe(200);
      expect(await ready.json()).toEqual({ status: 'ok', neo4j: 'up' });
      expect(ready.headers.get('x-request-id')).toBe('req-123');
      expect(live.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    });
  });

  it('masks unexpected errors: no stack traces reach the client', async () => {
    const res = await gql(app, '{ interaction(id: 1) { id nope } }', {}, await tokenFor(tenant));
    expect(codes(res)).toEqual(['GRAPHQL_VALIDATION_FAILED']);
    expect(JSON.stringify(res)).not.toContain('stacktrace');
  });
});
