import { ConfigError, loadConfig } from '../../src/config';

describe('configuration', () => {
  it('runs with no variables at all: embedded Neo4j, port 4001, auth off', () => {
    const c = loadConfig({}, '/srv/app');
    expect(c.port).toBe(4001);
    expect(c.neo4j).toMatchObject({ kind: 'local', dataDir: '/srv/app/data/neo4j', port: 7687, database: 'neo4j' });
    expect(c.auth).toEqual({ mode: 'off', defaultTenant: 'default' });
    expect(Object.isFrozen(c)).toBe(true);
  });

  it('uses a Neo4j server or cluster when NEO4J_URI is set', () => {
    const c = loadConfig({
      NEO4J_URI: 'neo4j://cluster.internal:7687',
      NEO4J_USER: 'svc',
      NEO4J_PASSWORD: 'pw',
      NEO4J_DATABASE: 'threads',
    });
    expect(c.neo4j).toEqual({ kind: 'server', uri: 'neo4j://cluster.internal:7687', user: 'svc', password: 'pw', database: 'threads' });
  });

  it('lists every wrong variable at once', () => {
    let error: ConfigError | undefined;
    try {
      loadConfig({ PORT: 'abc', NEO4J_URI: 'http://x', GRAPHQL_INTROSPECTION: 'maybe', AUTH_JWT_SECRET: 'short' });
    } catch (e) {
      error = e as ConfigError;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect(error!.problems).toHaveLength(4);
    expect(error!.message).toContain('PORT');
    expect(error!.message).toContain('NEO4J_URI');
    expect(error!.message).toContain('GRAPHQL_INTROSPECTION');
    expect(error!.message).toContain('AUTH_JWT_SECRET');
  });

  it('refuses to run in production without auth', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(/requires AUTH_JWT_SECRET or AUTH_JWKS_URL/);
    expect(
      loadConfig({
        NODE_ENV: 'production',
        AUTH_JWKS_URL: 'https://idp.example/.well-known/jwks.json',
        PRIVACY_HASH_SECRET: 'p'.repeat(32),
      }).auth.mode,
    ).toBe('jwks');
  });

  it('turns introspection off in production unless asked', () => {
    const secret = { AUTH_JWT_SECRET: 'x'.repeat(32), PRIVACY_HASH_SECRET: 'p'.repeat(32) };
    expect(loadConfig({ NODE_ENV: 'production', ...secret }).graphql.introspection).toBe(false);
    expect(loadConfig({ NODE_ENV: 'production', GRAPHQL_INTROSPECTION: 'true', ...secret }).graphql.introspection).toBe(true);
  });

  it('requires a privacy hash secret in production, and reads retention settings as durations and days', () => {
    expect(() => loadConfig({ NODE_ENV: 'production', AUTH_JWT_SECRET: 'x'.repeat(32) })).toThrow(/requires PRIVACY_HASH_SECRET/);
    const defaults = loadConfig({});
    expect(defaults.privacy.hashSecretIsDefault).toBe(true);
    expect(defaults.retention).toEqual({ idempotencyTtlSeconds: 86_400, retentionDays: null, intervalSeconds: 300, batchSize: 500 });
    const set = loadConfig({ IDEMPOTENCY_TTL: '15m', RETENTION_DAYS: '0.5', RETENTION_INTERVAL: '2', RETENTION_BATCH_SIZE: '10' });
    expect(set.retention).toEqual({ idempotencyTtlSeconds: 900, retentionDays: 0.5, intervalSeconds: 2, batchSize: 10 });
    expect(loadConfig({ IDEMPOTENCY_TTL: '24h' }).retention.idempotencyTtlSeconds).toBe(86_400);
    // 0 turns the sweep off; anything between 0 and 0.1 s is refused.
    expect(loadConfig({ RETENTION_INTERVAL: '0' }).retention.intervalSeconds).toBe(0);
    expect(() => loadConfig({ RETENTION_INTERVAL: '0.05' })).toThrow(/RETENTION_INTERVAL must be 0 \(off\) or at least 0.1 s/);
    let error: ConfigError | undefined;
    try {
      loadConfig({ IDEMPOTENCY_TTL: 'a day', RETENTION_DAYS: '-1', PRIVACY_HASH_SECRET: 'short' });
    } catch (e) {
      error = e as ConfigError;
    }
    expect(error!.problems.map((p) => p.split(' ')[0]).sort()).toEqual(['IDEMPOTENCY_TTL', 'PRIVACY_HASH_SECRET', 'RETENTION_DAYS']);
  });
});
