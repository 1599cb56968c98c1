import http, { IncomingMessage } from 'node:http';
import { AddressInfo } from 'node:net';
import { Duplex } from 'node:stream';
import { createGatewayRuntime, getGraphQLWSOptions } from '@graphql-hive/gateway-runtime';
import httpTransport from '@graphql-mesh/transport-http';
import { useServer } from 'graphql-ws/use/ws';
import { WebSocketServer } from 'ws';

type Headers = Record<string, string | string[] | undefined>;

/**
 * The Guild's Hive Gateway (the runtime library) in-process, on node:http with graphql-ws for its
 * own clients: queries, mutations and subscriptions over HTTP, SSE or WebSocket. It subscribes
 * upstream over GraphQL over SSE (its default for http subgraphs) and forwards the client's
 * Authorization header (a WebSocket client's connectionParams count as headers) to every subgraph.
 */
export async function startHiveGateway(supergraphSdl: string): Promise<{ url: string; stop(): Promise<void> }> {
  const runtime = createGatewayRuntime({
    supergraph: supergraphSdl,
    logging: false,
    landingPage: false,
    graphiql: false,
    transports: { http: httpTransport },
    propagateHeaders: {
      fromClientToSubgraphs: ({ context }) => {
        const headers = (context as { headers?: Headers }).headers ?? {};
        const auth = headers['authorization'];
        return { authorization: Array.isArray(auth) ? auth[0] : auth };
      },
    },
  });
  // The WebSocket path does not wait for the supergraph to load: load it first.
  await runtime.getSchema();
  const server = http.createServer(runtime);
  const wss = new WebSocketServer({ noServer: true });
  const ws = useServer(
    getGraphQLWSOptions(runtime, (ctx) => {
      // Plugins (propagateHeaders) need a fetch Request: built from the upgrade request.
      const request = (ctx.extra as { request: IncomingMessage }).request;
      const headers = new runtime.fetchAPI.Headers();
      for (const [k, v] of Object.entries(request.headers)) if (typeof v === 'string') headers.set(k, v);
      return { req: request, request: new runtime.fetchAPI.Request(`http://localhost${request.url ?? '/graphql'}`, { headers }) };
    }) as never,
    wss,
  );
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) =>
    wss.handleUpgrade(req, socket, head, (client) => wss.emit('connection', client, req)),
  );
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/graphql`,
    async stop() {
      await ws.dispose();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await runtime.dispose();
    },
  };
}
