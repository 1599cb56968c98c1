import DataLoader from 'dataloader';
import { InteractionRecord, ThreadRecord } from '../model';
import { Database, QueryCounter } from '../neo4j';
import { Positioned } from './connection';
import { AgentPageRequest, countThreads, loadAgentPages, loadThreadPages, ThreadFilter, ThreadPageRequest } from './pages';
import { assembleWalk, byStart, ThreadEdge, ThreadWalk } from './walk';

export interface ThreadLoaders {
  /** Whole threads by id: one walk-threads round trip per tick, however many threads and interactions. */
  walk: DataLoader<string, ThreadWalk | null>;
  /** Children by parent id, siblings by start: one round trip per tick (free inside a walked thread). */
  children: DataLoader<string, InteractionRecord[]>;
  threadPage: DataLoader<ThreadPageRequest, Positioned<ThreadRecord>[], string>;
  threadCount: DataLoader<ThreadFilter, number, string>;
  agentInteractions: DataLoader<AgentPageRequest, Positioned<InteractionRecord>[], string>;
}

/** The entity loaders the read side fills from what it already fetched. */
export interface PrimedLoaders {
  interaction: DataLoader<string, InteractionRecord | null>;
  thread: DataLoader<string, ThreadRecord | null>;
}

/**
 * The read side's per-request loaders. Everything they fetch primes the entity loaders, so the
 * nested parent, children and thread of any interaction already loaded cost no further round trip.
 */
export function createThreadLoaders(db: Database, tenant: () => string, counter: QueryCounter, primed: PrimedLoaders): ThreadLoaders {
  const reader = { db, tenant, counter };
  const primeInteractions = (records: InteractionRecord[]) => records.forEach((i) => primed.interaction.prime(i.id, i));

  const children = new DataLoader<string, InteractionRecord[]>(async (ids) => {
    const rows = await db.read('load-children', { tenant: tenant(), ids: [...ids] }, counter);
    const found = rows.map((r) => r.interaction as InteractionRecord);
    primeInteractions(found);
    const groups = new Map<string, InteractionRecord[]>(ids.map((id) => [id, []]));
    for (const c of found) groups.get(c.parentId!)?.push(c);
    return ids.map((id) => groups.get(id)!.sort(byStart));
  });

  const walk = new DataLoader<string, ThreadWalk | null>(async (ids) => {
    const rows = await db.read('walk-threads', { tenant: tenant(), ids: [...ids] }, counter);
    const walks = new Map<string, ThreadWalk>();
    for (const r of rows) {
      const w = assembleWalk(r.thread as ThreadRecord, r.interactions as InteractionRecord[], r.edges as ThreadEdge[]);
      walks.set(w.thread.id, w);
      primed.thread.prime(w.thread.id, w.thread);
      primeInteractions(w.tree);
      for (const [parentId, list] of w.childrenOf) children.prime(parentId, list);
    }
    return ids.map((id) => walks.get(id) ?? null);
  });

  const threadPage = new DataLoader<ThreadPageRequest, Positioned<ThreadRecord>[], string>(
    async (requests) => {
      const pages = await loadThreadPages(reader, requests);
      pages.flat().forEach((p) => primed.thread.prime(p.node.id, p.node));
      return pages;
    },
    { cacheKeyFn: (r) => JSON.stringify(r) },
  );

  const threadCount = new DataLoader<ThreadFilter, number, string>((filters) => countThreads(reader, filters), {
    cacheKeyFn: (f) => JSON.stringify(f),
  });

  const agentInteractions = new DataLoader<AgentPageRequest, Positioned<InteractionRecord>[], string>(
    async (requests) => {
      const pages = await loadAgentPages(reader, requests);
      primeInteractions(pages.flat().map((p) => p.node));
      return pages;
    },
    { cacheKeyFn: (r) => JSON.stringify(r) },
  );

  return { walk, children, threadPage, threadCount, agentInteractions };
}
