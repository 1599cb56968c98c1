import { randomUUID } from 'node:crypto';
import { SignJWT } from 'jose';
import { App, AppOptions, startApp } from '../../src/app';
import { Config, loadConfig } from '../../src/config';
import { createLogger } from '../../src/log';

export const TEST_SECRET = 'test-secret-test-secret-test-secret-0123456789';

/** A tenant of its own for each test file or test: isolation without wiping the database. */
export function uniqueTenant(prefix = 't'): string {
  return `${prefix}-${randomUUID()}`;
}

/** The config a test app runs with: the run's Neo4j, a free port, HS256 auth unless told otherwise. */
export function testConfig(env: Record<string, string> = {}): Config {
  return loadConfig({
    NODE_ENV: 'test',
    PORT: '0',
    HOST: '127.0.0.1',
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    NEO4J_URI: process.env.NEO4J_URI!,
    NEO4J_USER: process.env.NEO4J_USER ?? '',
    NEO4J_PASSWORD: process.env.NEO4J_PASSWORD ?? '',
    NEO4J_DATABASE: process.env.NEO4J_DATABASE ?? 'neo4j',
    AUTH_JWT_SECRET: TEST_SECRET,
    // Webhook delivery is leased across every app on the database; a test that delivers turns it on
    // with the shared settings of test/support/webhooks.ts, so whichever app delivers behaves the same.
    WEBHOOK_DELIVERY: 'false',
    ...env,
  });
}

export async function startTestApp(env: Record<string, string> = {}, options: AppOptions = {}): Promise<App> {
  const config = testConfig(env);
  return startApp(config, createLogger(config.logLevel), options);
}

export const ALL_SCOPES = 'interaction:read interaction:write policy:admin webhook:admin';

/** A signed HS256 token for `tenant` with `scope`. */
export async function tokenFor(tenant: string, scope = ALL_SCOPES, extra: Record<string, unknown> = {}): Promise<string> {
  const exp = typeof extra.exp === 'number' ? extra.exp : Math.floor(Date.now() / 1000) + 3600;
  return new SignJWT({ tenant, scope, ...extra })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject('test-user')
    .setIssuedAt()
    .setExpirationTime(exp)
    .sign(new TextEncoder().encode(TEST_SECRET));
}

export interface GqlResponse<T = Record<string, any>> {
  status: number;
  data?: T;
  errors?: { message: string; extensions?: { code?: string; [k: string]: unknown }; path?: (string | number)[] }[];
  extensions?: Record<string, unknown>;
  headers: Headers;
}

/** Posts a GraphQL operation to the app, as a client would. */
export async function gql<T = Record<string, any>>(
  app: App,
  query: string,
  variables: Record<string, unknown> = {},
  token?: string,
  headers: Record<string, string> = {},
): Promise<GqlResponse<T>> {
  const res = await fetch(app.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await res.json()) as Omit<GqlResponse<T>, 'status' | 'headers'>;
  return { status: res.status, headers: res.headers, ...body };
}

/** The codes of a response's errors, in order. */
export function codes(res: { errors?: { extensions?: { code?: string } }[] }): (string | undefined)[] {
  return (res.errors ?? []).map((e) => e.extensions?.code);
}
