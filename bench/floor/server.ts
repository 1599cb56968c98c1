import http, { IncomingMessage, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';
import neo4j, { ManagedTransaction } from 'neo4j-driver';
import { FLOOR_ROUTES, FloorRoute, statementText } from './index';

/**
 * The floor server: the physical floor of "HTTP + one Cypher round trip + JSON out". A bare
 * node:http server, no framework, no auth, no GraphQL; each route runs its ONE statement in one
 * transaction, as the service does (a read auto-committed, a write in executeWrite), and answers
 * its JSON.
 *
 * Started by the orchestrator as a child process (`node --import tsx bench/floor/server.ts`) with
 * NEO4J_URI, NEO4J_USER, NEO4J_PASSWORD, NEO4J_DATABASE and PORT (0: any free port) in its
 * environment; it prints `{"listening":"http://127.0.0.1:<port>"}` on stdout once it serves.
 */

// tsx turns source maps on; the driver builds an Error stack for every query, which source maps
// make dearer. The floor is the cheapest server possible, so it runs without them.
process.setSourceMapsEnabled(false);

const env = process.env;
const uri = env.NEO4J_URI;
if (!uri) throw new Error('the floor server needs NEO4J_URI');
const database = env.NEO4J_DATABASE || 'neo4j';
const driver = neo4j.driver(uri, neo4j.auth.basic(env.NEO4J_USER ?? 'neo4j', env.NEO4J_PASSWORD ?? ''), {
  disableLosslessIntegers: true,
  maxConnectionPoolSize: 100,
});

const routes = new Map<string, { route: FloorRoute; text: string }>(
  FLOOR_ROUTES.map((r) => [r.path, { route: r, text: statementText(r) }]),
);

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function send(res: ServerResponse, status: number, payload: unknown): void {
  const text = JSON.stringify(payload);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
  const found = routes.get(req.url ?? '');
  if (!found || req.method !== 'POST') return send(res, 404, { error: `no route POST ${req.url}` });
  const { route, text } = found;
  const session = driver.session({ database, defaultAccessMode: route.mode === 'write' ? neo4j.session.WRITE : neo4j.session.READ });
  try {
    const params = route.params(JSON.parse(await readBody(req)) as Record<string, unknown>);
    const result =
      route.mode === 'write'
        ? await session.executeWrite((tx: ManagedTransaction) => tx.run(text, params))
        : await session.run(text, params);
    send(res, 200, route.respond(result.records.map((r) => r.toObject())));
  } catch (error) {
    send(res, 500, { error: error instanceof Error ? error.message : String(error) });
  } finally {
    await session.close();
  }
}

async function main(): Promise<void> {
  await driver.verifyConnectivity({ database });
  const server = http.createServer((req, res) => void handle(req, res));
  await new Promise<void>((resolve) => server.listen(Number(env.PORT ?? 0), '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  process.stdout.write(`${JSON.stringify({ listening: `http://127.0.0.1:${port}` })}\n`);
  const stop = () => {
    server.close();
    server.closeAllConnections();
    void driver.close().finally(() => process.exit(0));
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

main().catch((error: unknown) => {
  process.stderr.write(`floor server: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
