import { InteractionRecord, ThreadRecord, ThreadStatus } from '../model';
import { TenantDb } from '../neo4j';
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

/** One extra row past the largest page in the batch tells each page whether a next one exists. */
const limitFor = (requests: readonly { first: number }[]) => Math.max(...requests.map((r) => r.first)) + 1;

const positionParams = (p: Position | null) => ({ afterStartedAt: p?.afterStartedAt ?? null, afterId: p?.afterId ?? null });

/**
 * Pages of threads for a batch of connections: one round trip for the customers' pages (which
 * seek the externalId index) and one for the others, whatever the number of connections.
 */
export async function loadThreadPages(h: TenantDb, requests: readonly ThreadPageRequest[]): Promise<Positioned<ThreadRecord>[][]> {
  const results: Positioned<ThreadRecord>[][] = requests.map(() => []);
  const groups = [
    { name: 'customer-threads' as const, indexes: requests.flatMap((r, k) => (r.externalId !== null ? [k] : [])) },
    { name: 'list-threads' as const, indexes: requests.flatMap((r, k) => (r.externalId === null ? [k] : [])) },
  ];
  await Promise.all(
    groups
      .filter((g) => g.indexes.length > 0)
      .map(async (g) => {
        const batch = g.indexes.map((k) => ({ key: k, ...filterParams(requests[k]!), ...positionParams(requests[k]!.position) }));
        const rows = await h.read(g.name, { requests: batch, limit: limitFor(g.indexes.map((k) => requests[k]!)) });
        for (const { key, page } of rows) results[key] = page.map((p) => ({ node: p.thread, sortKey: p.sortKey }));
      }),
  );
  return results;
}

/** totalCount of a batch of thread connections: at most two round trips, as for the pages. */
export async function countThreads(h: TenantDb, filters: readonly ThreadFilter[]): Promise<number[]> {
  const results = filters.map(() => 0);
  const groups = [
    { name: 'count-customer-threads' as const, indexes: filters.flatMap((f, k) => (f.externalId !== null ? [k] : [])) },
    { name: 'count-threads' as const, indexes: filters.flatMap((f, k) => (f.externalId === null ? [k] : [])) },
  ];
  await Promise.all(
    groups
      .filter((g) => g.indexes.length > 0)
      .map(async (g) => {
        const rows = await h.read(g.name, { requests: g.indexes.map((k) => ({ key: k, ...filterParams(filters[k]!) })) });
        for (const { key, totalCount } of rows) results[key] = totalCount;
      }),
  );
  return results;
}

/** Pages of the interactions a batch of agents handled, in one round trip. */
export async function loadAgentPages(h: TenantDb, requests: readonly AgentPageRequest[]): Promise<Positioned<InteractionRecord>[][]> {
  const batch = requests.map((r, k) => ({ key: k, agentId: r.agentId, ...positionParams(r.position) }));
  const rows = await h.read('agent-interactions', { requests: batch, limit: limitFor(requests) });
  const pages = new Map(rows.map((r) => [r.key, r.page]));
  return requests.map((_, k) => (pages.get(k) ?? []).map((p) => ({ node: p.interaction, sortKey: p.sortKey })));
}

function filterParams(f: ThreadFilter) {
  return { externalId: f.externalId, type: f.type, status: f.status, startedAfter: f.startedAfter, startedBefore: f.startedBefore };
}
