import { randomUUID } from 'node:crypto';
import http, { IncomingMessage, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';
import { ApolloServer, HeaderMap } from '@apollo/server';
import { Authenticator, authorize, Principal, Scope } from '../auth';
import { Config } from '../config';
import { ThreadgraphError } from '../errors';
import { createContext, RequestContext } from '../graphql';
import { Logger } from '../log';
import { Database, TenantDb } from '../neo4j';
import { readBody, sendError, sendJson } from './io';

/** A REST route: answers and returns true when it owns the request. */
export type Route = (req: IncomingMessage, res: ServerResponse, ctx: RouteContext) => Promise<boolean>;

export interface RouteContext {
  requestId: string;
  path: string;
  logger: Logger;
  /** Authenticates the request (UNAUTHENTICATED for a bad token) and returns the tenant handle for `scope`. */
  authorize(scope: Scope): Promise<TenantDb>;
  body(): Promise<string>;
}

export interface HttpServerDeps {
  config: Config;
  logger: Logger;
  db: Database;
  apollo: ApolloServer<RequestContext>;
  authenticate: Authenticator;
  routes?: Route[];
  /** True while the service is still warming up: readiness answers 503 until then. */
  warming?: () => boolean;
}

export interface RunningServer {
  readonly url: string;
  readonly port: number;
  /** Stops accepting, lets requests in flight finish (up to the grace period), then stops Apollo. */
  stop(): Promise<void>;
}

/** Serves /graphql, the health checks and the REST routes on one node:http server. */
export async function startHttpServer(deps: HttpServerDeps, port: number, host: string): Promise<RunningServer> {
  const { config, logger, db, apollo, authenticate } = deps;
  await apollo.start();
  let inFlight = 0;
  let draining = false;
  let drained: (() => void) | undefined;

  const server = http.createServer((req, res) => {
    inFlight += 1;
    const requestId = headerOf(req, 'x-request-id') ?? randomUUID();
    const log = logger.child({ requestId });
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    res.setHeader('x-request-id', requestId);
    if (draining) res.setHeader('connection', 'close');
    handle(req, res, path, requestId, log)
      .catch((error: unknown) => sendError(res, error, path === '/graphql' ? 'graphql' : 'rest', log))
      .finally(() => {
        inFlight -= 1;
        if (draining && inFlight === 0) drained?.();
      });
  });

  async function handle(req: IncomingMessage, res: ServerResponse, path: string, requestId: string, log: Logger): Promise<void> {
    if (path === '/health/live') return sendJson(res, 200, { status: 'ok' });
    if (path === '/health/ready') {
      if (draining) return sendJson(res, 503, { status: 'draining' });
      if (deps.warming?.()) return sendJson(res, 503, { status: 'warming' });
      const ok = await db.ping();
      return sendJson(res, ok ? 200 : 503, { status: ok ? 'ok' : 'unavailable', neo4j: ok ? 'up' : 'down' });
    }
    let bodyText: Promise<string> | undefined;
    const body = () => (bodyText ??= readBody(req, config.http.bodyLimitBytes));
    let principal: Promise<Principal | null> | undefined;
    const caller = () => (principal ??= authenticate(headerOf(req, 'authorization')));

    if (path === '/graphql') {
      // A bad token fails the whole request before GraphQL runs: 401, as on REST.
      const context = createContext({ requestId, principal: await caller(), db, config, logger: log });
      return serveGraphQL(req, res, body, context);
    }
    const authorized = async (scope: Scope) => {
      const p = authorize(await caller(), scope);
      return db.forTenant(p.tenant, { logger: log, actor: p.subject });
    };
    for (const route of deps.routes ?? []) {
      if (await route(req, res, { requestId, path, logger: log, authorize: authorized, body })) return;
    }
    throw new ThreadgraphError('NOT_FOUND', `No route for ${req.method} ${path}`);
  }

  async function serveGraphQL(
    req: IncomingMessage,
    res: ServerResponse,
    body: () => Promise<string>,
    context: RequestContext,
  ): Promise<void> {
    const headers = new HeaderMap();
    for (const [key, value] of Object.entries(req.headers)) {
      if (value !== undefined) headers.set(key, Array.isArray(value) ? value.join(', ') : value);
    }
    let parsedBody: unknown;
    if (req.method === 'POST') {
      const text = await body();
      try {
        parsedBody = text.length > 0 ? JSON.parse(text) : undefined;
      } catch {
        throw new ThreadgraphError('BAD_REQUEST', 'The request body is not valid JSON.');
      }
    }
    const response = await apollo.executeHTTPGraphQLRequest({
      httpGraphQLRequest: {
        method: req.method ?? 'GET',
        headers,
        search: new URL(req.url ?? '/', 'http://localhost').search,
        body: parsedBody,
      },
      context: async () => context,
    });
    for (const [key, value] of response.headers) res.setHeader(key, value);
    res.statusCode = response.status ?? 200;
    if (response.body.kind === 'complete') {
      res.end(response.body.string);
      return;
    }
    for await (const chunk of response.body.asyncIterator) res.write(chunk);
    res.end();
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const bound = (server.address() as AddressInfo).port;
  const url = `http://${host === '0.0.0.0' ? 'localhost' : host}:${bound}/graphql`;

  return {
    url,
    port: bound,
    async stop() {
      draining = true;
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      if (inFlight > 0) {
        await Promise.race([
          new Promise<void>((resolve) => (drained = resolve)),
          new Promise<void>((resolve) => setTimeout(resolve, config.http.shutdownGraceMs).unref()),
        ]);
      }
      server.closeAllConnections();
      await closed;
      await apollo.stop();
    },
  };
}

function headerOf(req: IncomingMessage, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
}
