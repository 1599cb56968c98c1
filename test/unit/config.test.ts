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
    expect(loadConfig({ NODE_ENV: 'production', AUTH_JWKS_URL: 'https://idp.example/.well-known/jwks.json' }).auth.mode).toBe('jwks');
  });

  it('turns introspection off in production unless asked', () => {
    const secret = { AUTH_JWT_SECRET: 'x'.repeat(32) };
    expect(loadConfig({ NODE_ENV: 'production', ...secret }).graphql.introspection).toBe(false);
    expect(loadConfig({ NODE_ENV: 'production', GRAPHQL_INTROSPECTION: 'true', ...secret }).graphql.introspection).toBe(true);
  });
});
