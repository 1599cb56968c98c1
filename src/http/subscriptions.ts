import { randomUUID } from 'node:crypto';
import { IncomingMessage, ServerResponse } from 'node:http';
import { Duplex } from 'node:stream';
import { DocumentNode, ExecutionArgs, getOperationAST, GraphQLError, GraphQLSchema, parse, specifiedRules, validate } from 'graphql';
import { createHandler } from 'graphql-sse';
import { useServer } from 'graphql-ws/use/ws';
import { WebSocketServer } from 'ws';
import { Authenticator, authorize, Principal, Scope } from '../auth';
import { Config } from '../config';
import { httpStatusOf, ThreadgraphError } from '../errors';
import { LiveEvents } from '../events';
import { createContext, formatError, RequestContext } from '../graphql';
import { Logger } from '../log';
import { Database } from '../neo4j';

/** Operations over the subscription transports are small: a subscription and its event's fields. */
const MAX_TOKENS = 1000;

export interface SubscriptionDeps {
  config: Config;
  logger: Logger;
  db: Database;
  schema: GraphQLSchema;
  authenticate: Authenticator;
  live: LiveEvents;
}

/**
 * Subscriptions on the service's own HTTP server and path (/graphql): graphql-ws over a WebSocket
 * upgrade, and GraphQL over SSE (graphql-sse, distinct connections) for a request that accepts
 * text/event-stream. Both authenticate with the same tokens as every request (a WebSocket client
 * sends `authorization` in its connectionParams, or the upgrade request's header), need
 * interaction:read at connect, check the token again for every event (Subscription resolvers), and
 * serve subscription operations only: queries and mutations go to Apollo, with its limits.
 */
export interface SubscriptionEdge {
  /** True for a request this edge serves: GraphQL over SSE. */
  accepts(req: IncomingMessage, path: string): boolean;
  serveSse(req: IncomingMessage, res: ServerResponse, body: () => Promise<string>): Promise<void>;
  /** A WebSocket upgrade: to /graphql only, and not while draining. */
  upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void;
  /** Ends every live stream (clients see them complete; WebSockets close with 1001) and refuses new ones. */
  close(): Promise<void>;
}

/** What the transports keep of a connection: who connected, with which Authorization. */
interface Caller {
  principal: Principal;
  authorization: string | undefined;
}

export function createSubscriptionEdge(deps: SubscriptionDeps): SubscriptionEdge {
  const { config, logger, db, schema, authenticate, live } = deps;
  let closing = false;
  const format = formatError();
  const metrics = db.metrics;

  /** Counts a result that carries an event (data) as sent to a subscriber. */
  function counted<R extends { data?: unknown }>(result: R, transport: 'ws' | 'sse'): R {
    if (result.data !== null && result.data !== undefined) metrics.subscriptionEvents.inc({ transport });
    return result;
  }

  /**
   * Each event's errors as Apollo would show them: typed ones as they are, anything else masked
   * (and logged). The transports send results as they are, bypassing Apollo's formatError.
   */
  function masked<R extends { errors?: readonly GraphQLError[] }>(result: R): R {
    if (!result.errors || result.errors.length === 0) return result;
    const errors = result.errors.map((e) => {
      const shown = format(e.toJSON(), e);
      if (shown.extensions?.code === 'INTERNAL_SERVER_ERROR')
        logger.error({ err: e.originalError ?? e }, 'unexpected error in a subscription');
      return new GraphQLError(shown.message, { nodes: e.nodes, path: e.path, extensions: shown.extensions });
    });
    return { ...result, errors };
  }

  /** Who the token names, with interaction:read: a ThreadgraphError otherwise. */
  async function admit(authorization: string | undefined): Promise<Caller> {
    const principal = authorize(await authenticate(authorization), 'interaction:read');
    return { principal, authorization };
  }

  function contextOf(caller: Caller, transport: 'ws' | 'sse'): RequestContext {
    const requestId = randomUUID();
    return createContext({
      requestId,
      principal: caller.principal,
      db,
      config,
      logger: logger.child({ requestId, transport }),
      live,
      recheck: async (scope: Scope) => {
        const now = authorize(await authenticate(caller.authorization), scope);
        if (now.tenant !== caller.principal.tenant) throw new ThreadgraphError('UNAUTHENTICATED', 'The token now names another tenant.');
      },
    });
  }

  /** Parses and validates a subscription operation, or says why not (GraphQLErrors with a code). */
  function prepare(query: unknown, operationName: string | null | undefined): DocumentNode | GraphQLError[] {
    const refuse = (message: string, code = 'BAD_REQUEST') => [new GraphQLError(message, { extensions: { code } })];
    if (closing) return refuse('The service is stopping; subscribe again to another replica.', 'SERVICE_STOPPING');
    if (typeof query !== 'string') return refuse('A subscription operation is required (query).');
    let document: DocumentNode;
    try {
      document = parse(query, { maxTokens: MAX_TOKENS });
    } catch (error) {
      return refuse((error as Error).message, 'GRAPHQL_PARSE_FAILED');
    }
    const errors = validate(schema, document, specifiedRules);
    if (errors.length > 0)
      return errors.map((e) => new GraphQLError(e.message, { nodes: e.nodes, extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } }));
    const operation = getOperationAST(document, operationName ?? undefined);
    if (!operation) return refuse('The operation to run is not in the document (operationName).');
    if (operation.operation !== 'subscription') {
      return refuse('Only subscriptions are served over WebSocket and SSE: send queries and mutations as POST /graphql.');
    }
    return document;
  }

  const wss = new WebSocketServer({ noServer: true, maxPayload: 64 * 1024 });
  const ws = useServer<Record<string, unknown> | undefined, { caller?: Caller }>(
    {
      schema,
      onConnect: async (ctx) => {
        if (closing) return false;
        const fromParams = ctx.connectionParams?.authorization;
        const authorization = typeof fromParams === 'string' ? fromParams : headerOf(ctx.extra.request, 'authorization');
        try {
          ctx.extra.caller = await admit(authorization);
          return true;
        } catch (error) {
          logger.info({ code: (error as ThreadgraphError).code, transport: 'ws' }, 'subscription connection refused');
          return false;
        }
      },
      onSubscribe: (ctx, _id, payload): ExecutionArgs | readonly GraphQLError[] => {
        const caller = ctx.extra.caller!;
        if (Object.keys(ctx.subscriptions).length >= config.subscriptions.maxPerConnection) {
          return [
            new GraphQLError(
              `At most ${config.subscriptions.maxPerConnection} subscriptions per connection (SUBSCRIPTIONS_PER_CONNECTION).`,
              {
                extensions: { code: 'BAD_REQUEST' },
              },
            ),
          ];
        }
        const document = prepare(payload.query, payload.operationName);
        if (Array.isArray(document)) return document;
        return {
          schema,
          document: document as DocumentNode,
          operationName: payload.operationName,
          variableValues: payload.variables,
          contextValue: contextOf(caller, 'ws'),
        };
      },
      onNext: (_ctx, _id, _payload, _args, result) => counted(masked(result), 'ws'),
    },
    wss,
  );
  // Every open WebSocket, from the upgrade to its close (acknowledged or not yet).
  wss.on('connection', (socket) => {
    metrics.subscriptionConnections.inc({ transport: 'ws' });
    socket.once('close', () => metrics.subscriptionConnections.dec({ transport: 'ws' }));
  });

  const sse = createHandler<IncomingMessage, { res: ServerResponse }, RequestContext>({
    schema,
    onConnect: async (req) => {
      try {
        await admit(req.headers.get('authorization') ?? undefined);
      } catch (error) {
        const code = error instanceof ThreadgraphError ? error.code : 'UNAUTHENTICATED';
        const body = JSON.stringify({ errors: [{ message: (error as Error).message, extensions: { code } }] });
        return [body, { status: httpStatusOf(code), statusText: code, headers: { 'content-type': 'application/json; charset=utf-8' } }];
      }
      return undefined;
    },
    onSubscribe: async (req, params) => {
      const document = prepare(params.query, params.operationName);
      if (Array.isArray(document)) return { data: null, errors: document };
      const caller = await admit(req.headers.get('authorization') ?? undefined);
      return {
        schema,
        document: document as DocumentNode,
        operationName: params.operationName,
        variableValues: params.variables,
        contextValue: contextOf(caller, 'sse'),
      };
    },
    onNext: (_ctx, _req, result) => counted(masked(result), 'sse'),
  });

  return {
    accepts(req, path) {
      return path === '/graphql' && (headerOf(req, 'accept') ?? '').split(',').some((t) => t.trim().startsWith('text/event-stream'));
    },
    async serveSse(req, res, body) {
      // graphql-sse recognises exactly "text/event-stream".
      req.headers.accept = 'text/event-stream';
      if (closing) throw new ThreadgraphError('SERVICE_STOPPING', 'The service is stopping; subscribe again to another replica.');
      // graphql-sse's own node adapter, with the service's bounded body reader.
      const [stream, init] = await sse({
        method: req.method ?? 'GET',
        url: req.url ?? '/graphql',
        headers: { get: (key: string) => headerOf(req, key) },
        body: body,
        raw: req,
        context: { res },
      });
      res.writeHead(init.status, init.statusText, init.headers);
      if (!stream || typeof stream === 'string') {
        await new Promise<void>((resolve) => res.end(stream, () => resolve()));
        return;
      }
      const stop = () => void stream.return(undefined);
      res.once('close', stop);
      metrics.subscriptionConnections.inc({ transport: 'sse' });
      try {
        for await (const message of stream) {
          // Each message waits for the socket to take it: a slow client holds its stream's buffer, not ours.
          const open = await new Promise<boolean>((resolve, reject) => {
            if (!res.writable) resolve(false);
            else res.write(message, (error) => (error ? reject(error) : resolve(true)));
          });
          if (!open) break;
        }
      } finally {
        res.off('close', stop);
        metrics.subscriptionConnections.dec({ transport: 'sse' });
      }
      await new Promise<void>((resolve) => res.end(() => resolve()));
    },
    upgrade(req, socket, head) {
      const path = new URL(req.url ?? '/', 'http://localhost').pathname;
      if (closing || path !== '/graphql') {
        socket.end(`HTTP/1.1 ${closing ? '503 Service Unavailable' : '404 Not Found'}\r\nconnection: close\r\ncontent-length: 0\r\n\r\n`);
        return;
      }
      wss.handleUpgrade(req, socket, head, (client) => wss.emit('connection', client, req));
    },
    async close() {
      closing = true;
      await live.close();
      await ws.dispose();
    },
  };
}

function headerOf(req: IncomingMessage, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
}
