import { performance } from 'node:perf_hooks';
import neo4j, { Driver, ManagedTransaction } from 'neo4j-driver';
import { floorRoute, statementText } from './floor';
import { BenchRequest } from './scenarios';
import { emptyMeasured, Measured, record, Sample } from './stats';

/**
 * The diagnostic `driver` target: a floor route's statement run through the driver in a closed
 * loop inside the orchestrator (no HTTP, no second process), `connections` workers each starting
 * the next request as soon as its last one returns: the load shape autocannon puts on a server.
 * The floor line minus this one is what HTTP, JSON and a process hop cost.
 */
export async function driverLoop(
  driver: Driver,
  database: string,
  next: () => BenchRequest,
  shape: { connections: number; seconds: number },
): Promise<Sample> {
  const texts = new Map<string, string>();
  const all = emptyMeasured();
  const tags: Record<string, Measured> = {};
  let firstError: string | null = null;

  const once = async (request: BenchRequest): Promise<unknown> => {
    const route = floorRoute(request.path);
    if (!route) throw new Error(`no floor route ${request.path} for a driver scenario`);
    const text = texts.get(route.path) ?? statementText(route);
    texts.set(route.path, text);
    const params = route.params(JSON.parse(request.body ?? '{}') as Record<string, unknown>);
    const mode = route.mode === 'write' ? neo4j.session.WRITE : neo4j.session.READ;
    const session = driver.session({ database, defaultAccessMode: mode });
    try {
      // As the floor server runs it: a read auto-committed, a write in a managed transaction.
      const result =
        route.mode === 'write'
          ? await session.executeWrite((tx: ManagedTransaction) => tx.run(text, params))
          : await session.run(text, params);
      return route.respond(result.records.map((r) => r.toObject()));
    } finally {
      await session.close();
    }
  };

  const start = performance.now();
  const deadline = start + shape.seconds * 1000;
  const worker = async () => {
    while (performance.now() < deadline) {
      const request = next();
      const t0 = performance.now();
      let ok = true;
      let answer: unknown;
      try {
        answer = await once(request);
      } catch (error) {
        ok = false;
        answer = { error: error instanceof Error ? error.message : String(error) };
        firstError ??= JSON.stringify(answer);
      }
      const ms = performance.now() - t0;
      request.onAnswer?.(ok ? 200 : 500, JSON.stringify(answer));
      record(all, ms, ok, 0);
      if (request.tag !== undefined) record((tags[request.tag] ??= emptyMeasured()), ms, ok, 0);
    }
  };
  await Promise.all(Array.from({ length: shape.connections }, worker));
  return { seconds: (performance.now() - start) / 1000, all, tags, firstError };
}
