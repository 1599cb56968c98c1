import neo4j from 'neo4j-driver';
import { InteractionRecord, ThreadRecord, ThreadStatus } from '../model';
import { Database, QueryCounter, Row } from '../neo4j';
import { Positioned } from './connection';
import { Position } from './cursor';

/** Which threads a connection lists. externalId set: one customer's threads. */
export interface ThreadFilter {
  externalId: string | null;
  type: string | null;
  status: ThreadStatus | null;
  startedAfter: string | null;
  startedBefore: string | null;
}

export interface ThreadPageRequest extends ThreadFilter {
  position: Position | null;
  first: number;
}

export interface AgentPageRequest {
  agentId: string;
  position: Position | null;
  first: number;
}

type Reader = { db: Database; tenant: () => string; counter: QueryCounter };

/** One extra row past the largest page in the batch tells each page whether a next one exists. */
const limitFor = (requests: readonly { first: number }[]) => neo4j.int(Math.max(...requests.map((r) => r.first)) + 1);

const positionParams = (p: Position | null) => ({ afterStartedAt: p?.afterStartedAt ?? null, afterId: p?.afterId ?? null });

/** Results by the request's index in the batch (the `key` the Cypher hands back). */
function byKey<T>(rows: Row[], field: string): Map<number, T> {
  return new Map(rows.map((r) => [r.key as number, r[field] as T]));
}

/**
 * Pages of threads for a batch of connections: one round trip for the customers' pages (which
 * seek the externalId index) and one for the others, whatever the number of connections.
 */
export async function loadThreadPages({ db, tenant, counter }: Reader, requests: readonly ThreadPageRequest[]): Promise<Positioned<ThreadRecord>[][]> {
  const results: Positioned<ThreadRecord>[][] = requests.map(() => []);
  const groups = [
    { name: 'customer-threads' as const, indexes: requests.flatMap((r, k) => (r.externalId !== null ? [k] : [])) },
    { name: 'list-threads' as const, indexes: requests.flatMap((r, k) => (r.externalId === null ? [k] : [])) },
  ];
  await Promise.all(
    groups.filter((g) => g.indexes.length > 0).map(async (g) => {
      const batch = g.indexes.map((k) => ({ key: k, ...filterParams(requests[k]!), ...positionParams(requests[k]!.position) }));
      const rows = await db.read(g.name, { tenant: tenant(), requests: batch, limit: limitFor(g.indexes.map((k) => requests[k]!)) }, counter);
      for (const [k, page] of byKey<{ thread: ThreadRecord; sortKey: string }[]>(rows, 'page')) {
        results[k] = page.map((p) => ({ node: p.thread, sortKey: p.sortKey }));
      }
    }),
  );
  return results;
}

/** totalCount of a batch of thread connections: at most two round trips, as for the pages. */
export async function countThreads({ db, tenant, counter }: Reader, filters: readonly ThreadFilter[]): Promise<number[]> {
  const results = filters.map(() => 0);
  const groups = [
    { name: 'count-customer-threads' as const, indexes: filters.flatMap((f, k) => (f.externalId !== null ? [k] : [])) },
    { name: 'count-threads' as const, indexes: filters.flatMap((f, k) => (f.externalId === null ? [k] : [])) },
  ];
  await Promise.all(
    groups.filter((g) => g.indexes.length > 0).map(async (g) => {
      const rows = await db.read(g.name, { tenant: tenant(), requests: g.indexes.map((k) => ({ key: k, ...filterParams(filters[k]!) })) }, counter);
      for (const [k, n] of byKey<number>(rows, 'totalCount')) results[k] = n;
    }),
  );
  return results;
}

/** Pages of the interactions a batch of agents handled, in one round trip. */
export async function loadAgentPages({ db, tenant, counter }: Reader, requests: readonly AgentPageRequest[]): Promise<Positioned<InteractionRecord>[][]> {
  const batch = requests.map((r, k) => ({ key: k, agentId: r.agentId, ...positionParams(r.position) }));
  const rows = await db.read('agent-interactions', { tenant: tenant(), requests: batch, limit: limitFor(requests) }, counter);
  const pages = byKey<{ interaction: InteractionRecord; sortKey: string }[]>(rows, 'page');
  return requests.map((_, k) => (pages.get(k) ?? []).map((p) => ({ node: p.interaction, sortKey: p.sortKey })));
}

function filterParams(f: ThreadFilter) {
  return { externalId: f.externalId, type: f.type, status: f.status, startedAfter: f.startedAfter, startedBefore: f.startedBefore };
}
