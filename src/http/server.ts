import { randomUUID } from 'node:crypto';
import http, { IncomingMessage, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';
import { ApolloServer, HeaderMap } from '@apollo/server';
import { Authenticator, authorize, Principal, Scope } from '../auth';
import { Config } from '../config';
import { ThreadgraphError } from '../errors';
import { LiveEvents } from '../events';
import { buildSchema, createContext, RequestContext } from '../graphql';
import { Logger } from '../log';
import { codeLabel, Metrics } from '../metrics';
import { Database, TenantDb } from '../neo4j';
import { answerClientError } from './clientError';
import { readBody, sendError, sendJson } from './io';
import { createSubscriptionEdge } from './subscriptions';

/** A REST route: answers and returns true when it owns the request. */
export type Route = (req: IncomingMessage, res: ServerResponse, ctx: RouteContext) => Promise<boolean>;

export interface RouteContext {
  requestId: string;
  path: string;
  logger: Logger;
  /** Authenticates the request (UNAUTHENTICATED for a bad token) and returns the tenant handle for `scope`. */
  authorize(scope: Scope): Promise<TenantDb>;
  body(): Promise<string>;
  /** The app's metrics: a route counts what its answers decided (stitch reasons). */
  metrics: Metrics;
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
  /** Live thread events: with them, /graphql also serves subscriptions (graphql-ws and SSE). */
  live?: LiveEvents;
}

export interface RunningServer {
  readonly url: string;
  readonly port: number;
  /**
   * Stops accepting, ends live subscriptions (their clients see them complete; WebSockets close with
   * 1001), lets requests in flight finish (up to the grace period), then stops Apollo.
   */
  stop(): Promise<void>;
}

/** Serves /graphql, the health checks and the REST routes on one node:http server. */
export async function startHttpServer(deps: HttpServerDeps, port: number, host: string): Promise<RunningServer> {
  const { config, logger, db, apollo, authenticate } = deps;
  await apollo.start();
  let inFlight = 0;
  let draining = false;
  let drained: (() => void) | undefined;

  const metrics = db.metrics;
  const subscriptions = deps.live
    ? createSubscriptionEdge({ config, logger, db, schema: buildSchema(), authenticate, live: deps.live })
    : undefined;
  const server = http.createServer((req, res) => {
    inFlight += 1;
    const requestId = headerOf(req, 'x-request-id') ?? randomUUID();
    const log = logger.child({ requestId });
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    const route = routeOf(path);
    res.setHeader('x-request-id', requestId);
    res.once('finish', () => metrics.httpRequests.inc({ route, status: String(res.statusCode) }));
    if (draining) res.setHeader('connection', 'close');
    // GraphQL operations are counted by Apollo's plugin (those refused before Apollo, here); REST calls here.
    const operation = route === '/graphql' ? 'invalid' : route === '/api/v2/interactions' ? 'rest.createInteraction' : null;
    handle(req, res, path, requestId, log)
      .then(
        () => {
          if (operation && route !== '/graphql') metrics.operations.inc({ operation, code: codeLabel(undefined) });
        },
        (error: unknown) => {
          const code = sendError(res, error, path === '/graphql' ? 'graphql' : 'rest', log, metrics);
          if (operation && code) metrics.operations.inc({ operation, code: codeLabel(code) });
        },
      )
      .finally(() => {
        inFlight -= 1;
        if (draining && inFlight === 0) drained?.();
      });
  });
  server.on('upgrade', (req: IncomingMessage, socket, head: Buffer) => {
    if (subscriptions) subscriptions.upgrade(req, socket, head);
    else socket.end('HTTP/1.1 404 Not Found\r\nconnection: close\r\ncontent-length: 0\r\n\r\n');
  });
  // Requests Node's parser refuses (headers over 16 KB, a malformed request line) get a typed JSON answer too.
  server.on('clientError', (error: NodeJS.ErrnoException, socket) => {
    const code = answerClientError(error, socket, logger);
    if (code) metrics.refusals.inc({ code: codeLabel(code) });
  });

  /** Ready: not draining, plans warmed, and Neo4j answering a bounded ping (about a second at most, whatever its state). */
  async function readiness(): Promise<{ status: string; neo4j?: string }> {
    if (draining) return { status: 'draining' };
    if (deps.warming?.()) return { status: 'warming' };
    const up = await db.ping(config.http.readyTimeoutMs);
    return { status: up ? 'ok' : 'unavailable', neo4j: up ? 'up' : 'down' };
  }

  async function handle(req: IncomingMessage, res: ServerResponse, path: string, requestId: string, log: Logger): Promise<void> {
    if (path === '/health/live') return sendJson(res, 200, { status: 'ok' });
    if (path === '/health/ready') {
      const answer = await readiness();
      metrics.ready.set(answer.status === 'ok' ? 1 : 0);
      return sendJson(res, answer.status === 'ok' ? 200 : 503, answer);
    }
    if (path === '/metrics' && config.http.metrics) {
      const { contentType, body } = await metrics.scrape();
      res.writeHead(200, { 'content-type': contentType, 'content-length': Buffer.byteLength(body) });
      res.end(body);
      return;
    }
    let bodyText: Promise<string> | undefined;
    const body = () => (bodyText ??= readBody(req, config.http.bodyLimitBytes));
    let principal: Promise<Principal | null> | undefined;
    const caller = () => (principal ??= authenticate(headerOf(req, 'authorization')));

    if (subscriptions?.accepts(req, path)) return subscriptions.serveSse(req, res, body);
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
      if (await route(req, res, { requestId, path, logger: log, authorize: authorized, body, metrics })) return;
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
      await subscriptions?.close();
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

const ROUTES = new Set(['/graphql', '/api/v2/interactions', '/health/live', '/health/ready', '/metrics']);

/** A path as a metrics label: the routes served, else `other` (a label must not take every path a client tries). */
const routeOf = (path: string): string => (ROUTES.has(path) ? path : 'other');

function headerOf(req: IncomingMessage, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
}
