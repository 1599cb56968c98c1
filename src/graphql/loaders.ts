import DataLoader from 'dataloader';
import { CorrectionRecord, InteractionRecord, ThreadRecord } from '../model';
import { TenantDb } from '../neo4j';
import { interactionHistories, threadHistories } from '../stitching';
import {
  AgentPageRequest,
  byStart,
  loadAgentPages,
  loadChildren,
  loadInteractions,
  loadThreadPages,
  loadThreads,
  Positioned,
  summarizeThreads,
  ThreadPageRequest,
  ThreadPageResult,
  ThreadWalk,
  walkThreads,
} from '../threads';

/**
 * Per-request loaders: one Cypher round trip per kind of read per tick, results in key order,
 * null for unknown ids and for other tenants' nodes (every statement matches on the tenant).
 * Everything a loader fetches primes the entity loaders, so the nested parent, children and
 * thread of an interaction already loaded cost no further round trip.
 */
export interface Loaders {
  interaction: DataLoader<string, InteractionRecord | null>;
  thread: DataLoader<string, ThreadRecord | null>;
  /** Whole threads by id: one walk-threads round trip per tick, however many threads and interactions. */
  walk: DataLoader<string, ThreadWalk | null>;
  /**
   * Threads by id with their aggregates counted in the database (`summary`), for selections that
   * need size, depth, endedAt or handle time but no interaction: one short row per thread.
   */
  summary: DataLoader<string, ThreadRecord | null>;
  /** Children by parent id, siblings by start: one round trip per tick (free inside a walked thread). */
  children: DataLoader<string, InteractionRecord[]>;
  /** Pages of threads, each with its aggregates and its count when the request says so. */
  threadPage: DataLoader<ThreadPageRequest, ThreadPageResult, string>;
  agentInteractions: DataLoader<AgentPageRequest, Positioned<InteractionRecord>[], string>;
  /** The audit trail of interactions and of threads, newest first: one round trip per tick each. */
  interactionHistory: DataLoader<string, CorrectionRecord[]>;
  threadHistory: DataLoader<string, CorrectionRecord[]>;
}

/** `handle` is called when a batch runs, so an anonymous request fails there rather than at creation. */
export function createLoaders(handle: () => TenantDb): Loaders {
  const interaction = new DataLoader<string, InteractionRecord | null>(async (ids) =>
    inKeyOrder(ids, await loadInteractions(handle(), ids)),
  );
  const thread = new DataLoader<string, ThreadRecord | null>(async (ids) => inKeyOrder(ids, await loadThreads(handle(), ids)));
  // Other loaders hand the thread loader the node alone: a summary answers only the selection that asked for it.
  const primeThread = ({ summary: _summary, ...node }: ThreadRecord) => thread.prime(node.id, node);
  const summary = new DataLoader<string, ThreadRecord | null>(async (ids) => {
    const found = await summarizeThreads(handle(), ids);
    found.forEach(primeThread);
    return inKeyOrder(ids, found);
  });
  const primeInteractions = (records: readonly InteractionRecord[]) => records.forEach((i) => interaction.prime(i.id, i));

  const children = new DataLoader<string, InteractionRecord[]>(async (ids) => {
    const found = await loadChildren(handle(), ids);
    primeInteractions(found);
    const groups = new Map<string, InteractionRecord[]>(ids.map((id) => [id, []]));
    for (const c of found) if (c.parentId !== null) groups.get(c.parentId)?.push(c);
    return ids.map((id) => (groups.get(id) ?? []).sort(byStart));
  });

  const walk = new DataLoader<string, ThreadWalk | null>(async (ids) => {
    const walks = await walkThreads(handle(), ids);
    for (const w of walks) {
      primeThread(w.thread);
      primeInteractions(w.tree);
      for (const [parentId, list] of w.childrenOf) children.prime(parentId, list);
    }
    const byId = new Map(walks.map((w) => [w.thread.id, w]));
    return ids.map((id) => byId.get(id) ?? null);
  });

  const threadPage = new DataLoader<ThreadPageRequest, ThreadPageResult, string>(
    async (requests) => {
      const pages = await loadThreadPages(handle(), requests);
      pages.forEach((p) => p.rows.forEach((r) => primeThread(r.node)));
      return pages;
    },
    { cacheKeyFn: (r) => JSON.stringify(r) },
  );

  const agentInteractions = new DataLoader<AgentPageRequest, Positioned<InteractionRecord>[], string>(
    async (requests) => {
      const pages = await loadAgentPages(handle(), requests);
      primeInteractions(pages.flat().map((p) => p.node));
      return pages;
    },
    { cacheKeyFn: (r) => JSON.stringify(r) },
  );

  const interactionHistory = new DataLoader<string, CorrectionRecord[]>((ids) => interactionHistories(handle(), ids));
  const threadHistory = new DataLoader<string, CorrectionRecord[]>((ids) => threadHistories(handle(), ids));

  return { interaction, thread, summary, walk, children, threadPage, agentInteractions, interactionHistory, threadHistory };
}

/** Orders `found` by `keys`, with null where nothing was found. */
export function inKeyOrder<T extends { id: string }>(keys: readonly string[], found: readonly T[]): (T | null)[] {
  const byId = new Map(found.map((f) => [f.id, f]));
  return keys.map((k) => byId.get(k) ?? null);
}
