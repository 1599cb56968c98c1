import { randomUUID } from 'node:crypto';
import http, { IncomingMessage, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';
import { ApolloServer, HeaderMap } from '@apollo/server';
import { Authenticator } from '../auth';
import { Config } from '../config';
import { ThreadgraphError } from '../errors';
import { Logger } from '../log/logger';
import { Database } from '../neo4j';
import { createContext, RequestContext } from '../graphql/context';
import { readBody, sendError, sendJson } from './io';

/** A REST route: answers and returns true when it owns the request. */
export type Route = (req: IncomingMessage, res: ServerResponse, ctx: RouteContext) => Promise<boolean>;

export interface RouteContext {
  requestId: string;
  logger: Logger;
  /** Authenticates the request and builds the same context GraphQL resolvers get. */
  context(): Promise<RequestContext>;
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
    res.setHeader('x-request-id', requestId);
    if (draining) res.setHeader('connection', 'close');
    handle(req, res, requestId, log)
      .catch((error) => {
        if (error instanceof ThreadgraphError) return sendError(res, error);
        log.error({ err: error }, 'unhandled error in HTTP handler');
        if (!res.headersSent) sendJson(res, 500, { error: { code: 'INTERNAL_SERVER_ERROR', message: 'Internal server error' } });
      })
      .finally(() => {
        inFlight -= 1;
        if (draining && inFlight === 0) drained?.();
      });
  });

  async function handle(req: IncomingMessage, res: ServerResponse, requestId: string, log: Logger): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (url.pathname === '/health/live') return sendJson(res, 200, { status: 'ok' });
    if (url.pathname === '/health/ready') {
      if (draining) return sendJson(res, 503, { status: 'draining' });
      if (deps.warming?.()) return sendJson(res, 503, { status: 'warming' });
      const ok = await db.ping();
      return sendJson(res, ok ? 200 : 503, { status: ok ? 'ok' : 'unavailable', neo4j: ok ? 'up' : 'down' });
    }
    let bodyText: Promise<string> | undefined;
    const body = () => (bodyText ??= readBody(req, config.http.bodyLimitBytes));
    const context = async () => {
      const principal = await authenticate(headerOf(req, 'authorization')).catch((error: unknown) => {
        // A bad token fails the whole request: HTTP 401 on /graphql as on REST.
        if (error instanceof ThreadgraphError) Object.assign(error.extensions, { http: { status: error.httpStatus } });
        throw error;
      });
      return createContext({ requestId, principal, db, config, logger: log });
    };

    if (url.pathname === '/graphql') return serveGraphQL(req, res, url, body, context);
    for (const route of deps.routes ?? []) {
      if (await route(req, res, { requestId, logger: log, context, body })) return;
    }
    sendJson(res, 404, { error: { code: 'NOT_FOUND', message: `No route for ${req.method} ${url.pathname}` } });
  }

  async function serveGraphQL(
    req: IncomingMessage,
    res: ServerResponse,
    url: URL,
    body: () => Promise<string>,
    context: () => Promise<RequestContext>,
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
        return sendJson(res, 400, { errors: [{ message: 'The request body is not valid JSON.', extensions: { code: 'BAD_REQUEST' } }] });
      }
    }
    const response = await apollo.executeHTTPGraphQLRequest({
      httpGraphQLRequest: { method: req.method ?? 'GET', headers, search: url.search, body: parsedBody },
      context,
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
