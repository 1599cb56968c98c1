import neo4j, { isDateTime } from 'neo4j-driver';
import { Database } from '../src/neo4j';
import { carriedKeyLocks, DEFAULT_POLICY } from '../src/stitching';
import { loadBenchQueries } from './queries';

/**
 * The graph floor: the graph `threadgraph import` wrote into one tenant, written again into another
 * as it stands, batch by batch in start order, with no rule (cypher/graph-floor.cypher): the same
 * interactions with every property the import stores, the same threads, PARENT_OF edges, HANDLED
 * edges and StitchLocks, but no read, no lock taken in order, no check and no later update (each
 * interaction and thread is written in its final state). Only the write transactions are timed, so
 * the rate estimates what writing this graph alone costs, one transaction at a time: measured, not
 * a proven bound (the bare copy, --without all four parts, calibrates it against the raw floor).
 * The tenants' stitching policy is the default one (the benchmark never saves one).
 */

/** Parts of the graph the floor can leave out, to see what each costs. */
export const GRAPH_PARTS = ['locks', 'threads', 'edges', 'extras'] as const;
/**
 * locks: the StitchLocks; threads: the Thread nodes; edges: the PARENT_OF edges; extras: the
 * interaction properties the raw floor (bench/import-raw.ts) does not write.
 */
export type GraphPart = (typeof GRAPH_PARTS)[number];

/** The interaction properties the raw floor writes; the others are `extras`. */
export const RAW_PROPS: ReadonlySet<string> = new Set([
  'id',
  'type',
  'externalId',
  'phoneNumber',
  'email',
  'subject',
  'metadata',
  'participants',
  'talkSeconds',
  'holdSeconds',
  'afterCallWorkSeconds',
  'startedAt',
  'endedAt',
  'createdAt',
  'tenant',
]);

/**
 * The time properties of each kind of node and edge. They travel apart, as ISO strings, and are
 * parsed in the statement, as write-batch and the raw floor do: the driver encodes a DateTime
 * parameter many times slower than a string, which would charge the floor for the client's work.
 */
const TIMES = {
  interaction: ['startedAt', 'endedAt', 'createdAt'],
  thread: ['startedAt', 'closedAt', 'reopenedAt', 'createdAt', 'updatedAt'],
  edge: ['createdAt'],
} as const;

/** A map as read, split into its time properties (as ISO strings) and the others. */
function wire(map: Record<string, unknown>, timeKeys: readonly string[]): { props: Record<string, any>; times: Record<string, string> } {
  const props: Record<string, unknown> = {};
  const times: Record<string, string> = {};
  for (const [key, value] of Object.entries(map)) {
    if (!isDateTime(value)) props[key] = value;
    else if (timeKeys.includes(key)) times[key] = value.toString();
    else throw new Error(`a DateTime property the graph floor does not know of: ${key}`);
  }
  return { props, times };
}

export interface GraphFloorOptions {
  source: string;
  target: string;
  batchSize: number;
  without?: ReadonlySet<GraphPart>;
}

/** Writes the source tenant's graph into the target tenant; returns the interactions written and the time spent writing. */
export async function writeGraphFloor(db: Database, opts: GraphFloorOptions): Promise<{ records: number; writingMs: number }> {
  const { source, target, batchSize } = opts;
  const without = opts.without ?? new Set<GraphPart>();
  const queries = loadBenchQueries();
  const session = db.driver.session({ database: db.name, defaultAccessMode: neo4j.session.WRITE });
  let writingMs = 0;
  let records = 0;
  try {
    // Start order; a parent that starts with its child comes first (it is less deep).
    const order = 'MATCH (i:Interaction) WHERE i.tenant = $tenant RETURN i.id AS id ORDER BY i.startedAt, i.depth, i.id';
    const ids = (await db.runRaw(order, { tenant: source })).map((r) => r.id as string);
    const unplaced = new Set(
      (await db.runRaw('MATCH (l:StitchLock) WHERE l.tenant = $tenant RETURN l.key AS key', { tenant: source })).map(
        (r) => r.key as string,
      ),
    );
    for (let from = 0; from < ids.length; from += batchSize) {
      const batch = ids.slice(from, from + batchSize);
      // As the driver returns them (integers stay integers; wire() makes the times strings).
      const read = (await session.executeRead((tx) => tx.run(queries['read-imported'], { tenant: source, ids: batch }))).records.map((r) =>
        r.toObject(),
      );
      // Positions in the rows as sent (the statement's `created` list follows them).
      const position = new Map(read.map((r, k) => [(r.props as { id: string }).id, k]));
      const locks: string[] = [];
      const threads: Record<string, unknown>[] = [];
      const rows = read.map((r) => {
        const { props: stored, times } = wire(r.props as Record<string, unknown>, TIMES.interaction);
        let props: Record<string, any> = { ...stored, tenant: target };
        if (without.has('extras')) props = Object.fromEntries(Object.entries(props).filter(([k]) => RAW_PROPS.has(k)));
        // The StitchLocks this batch's interactions are the first to carry (as claim-batch MERGEs them).
        const carried = carriedKeyLocks(
          { externalId: stored.externalId ?? null, phoneNumber: stored.phoneNumber ?? null, email: stored.email ?? null },
          DEFAULT_POLICY,
        );
        if (stored.externalThreadId) carried.push(`THREAD:${stored.externalThreadId}`);
        for (const key of carried) if (unplaced.delete(key) && !without.has('locks')) locks.push(key);
        if (r.thread && !without.has('threads')) {
          const thread = wire(r.thread as Record<string, unknown>, TIMES.thread);
          threads.push({ props: { ...thread.props, tenant: target }, times: thread.times });
        }
        const parentId = without.has('edges') ? null : ((r.parentId as string | null) ?? null);
        const edge = r.edge ? wire(r.edge as Record<string, unknown>, TIMES.edge) : null;
        const parentIndex = parentId === null ? -1 : (position.get(parentId) ?? -1);
        return { props, times, agentIds: r.agentIds, parentId, parentIndex, edge };
      });
      // Locks no interaction of the tenant carries first (a key only an erased or moved one had) go with the last batch.
      if (from + batchSize >= ids.length && !without.has('locks')) locks.push(...unplaced);
      const started = performance.now();
      await session.executeWrite((tx) => tx.run(queries['graph-floor'], { tenant: target, locks, threads, rows }));
      writingMs += performance.now() - started;
      records += rows.length;
    }
  } finally {
    await session.close();
  }
  return { records, writingMs };
}
