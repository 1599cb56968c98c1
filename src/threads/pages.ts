import { INPUT_LIMITS, InteractionRecord, interactionOf, ThreadRecord, threadOf, ThreadStatus } from '../model';
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
  /** Each thread with its aggregates (`summary`), counted in the database: for a page that shows no interaction. */
  summarize: boolean;
  /** The filter's totalCount too, in the same round trip. */
  count: boolean;
}

/** A page of threads, and its filter's totalCount when the request asked for it. */
export interface ThreadPageResult {
  rows: Positioned<ThreadRecord>[];
  totalCount: number | null;
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
 * Pages of threads for a batch of connections, with their aggregates and counts when asked: one
 * round trip for the customers' pages (which seek the externalId index) and one for the others,
 * whatever the number of connections.
 */
export async function loadThreadPages(h: TenantDb, requests: readonly ThreadPageRequest[]): Promise<ThreadPageResult[]> {
  const results: ThreadPageResult[] = requests.map(() => ({ rows: [], totalCount: null }));
  const groups = [
    { name: 'customer-threads' as const, indexes: requests.flatMap((r, k) => (r.externalId !== null ? [k] : [])) },
    { name: 'list-threads' as const, indexes: requests.flatMap((r, k) => (r.externalId === null ? [k] : [])) },
  ];
  await Promise.all(
    groups
      .filter((g) => g.indexes.length > 0)
      .map(async (g) => {
        const batch = g.indexes.map((k) => {
          const r = requests[k]!;
          return { key: k, ...filterParams(r), ...positionParams(r.position), summarize: r.summarize, count: r.count };
        });
        const limit = limitFor(g.indexes.map((k) => requests[k]!));
        const rows = await h.read(g.name, { requests: batch, limit, maxSeconds: INPUT_LIMITS.durationSeconds });
        for (const { key, page, totalCount } of rows) {
          results[key] = {
            rows: page.map((p) => ({
              node: p.summary ? { ...threadOf(p.thread), summary: p.summary } : threadOf(p.thread),
              sortKey: p.sortKey,
            })),
            totalCount,
          };
        }
      }),
  );
  return results;
}

/** Pages of the interactions a batch of agents handled, in one round trip. */
export async function loadAgentPages(h: TenantDb, requests: readonly AgentPageRequest[]): Promise<Positioned<InteractionRecord>[][]> {
  const batch = requests.map((r, k) => ({ key: k, agentId: r.agentId, ...positionParams(r.position) }));
  const rows = await h.read('agent-interactions', { requests: batch, limit: limitFor(requests) });
  const pages = new Map(rows.map((r) => [r.key, r.page]));
  return requests.map((_, k) => (pages.get(k) ?? []).map((p) => ({ node: interactionOf(p.interaction), sortKey: p.sortKey })));
}

function filterParams(f: ThreadFilter) {
  return { externalId: f.externalId, type: f.type, status: f.status, startedAfter: f.startedAfter, startedBefore: f.startedBefore };
}
