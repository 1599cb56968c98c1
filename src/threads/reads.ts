import { INPUT_LIMITS, InteractionRecord, interactionOf, ThreadRecord, threadOf } from '../model';
import { TenantDb } from '../neo4j';
import { assembleWalk, ThreadWalk } from './walk';

/** Interactions by id, one round trip; unknown ids and other tenants' interactions are absent. */
export async function loadInteractions(h: TenantDb, ids: readonly string[]): Promise<InteractionRecord[]> {
  return (await h.read('load-interactions', { ids: [...ids] })).map((r) => interactionOf(r.interaction));
}

/** Thread nodes by id, one round trip. */
export async function loadThreads(h: TenantDb, ids: readonly string[]): Promise<ThreadRecord[]> {
  return (await h.read('load-threads', { ids: [...ids] })).map((r) => threadOf(r.thread));
}

/**
 * Thread nodes by id with their aggregates (`summary`), counted and summed in the database: one
 * round trip and one short row per thread, however many interactions the threads hold.
 */
export async function summarizeThreads(h: TenantDb, ids: readonly string[]): Promise<ThreadRecord[]> {
  const rows = await h.read('summarize-threads', { ids: [...ids], maxSeconds: INPUT_LIMITS.durationSeconds });
  return rows.map((r) => ({ ...threadOf(r.thread), summary: r.summary }));
}

/** The children of each interaction, one round trip for all of them. */
export async function loadChildren(h: TenantDb, parentIds: readonly string[]): Promise<InteractionRecord[]> {
  return (await h.read('load-children', { ids: [...parentIds] })).map((r) => interactionOf(r.interaction));
}

/** Whole threads by id: one bounded walk from each root, all in one round trip. */
export async function walkThreads(h: TenantDb, ids: readonly string[]): Promise<ThreadWalk[]> {
  const rows = await h.read('walk-threads', { ids: [...ids] });
  return rows.map((r) => assembleWalk(threadOf(r.thread), r.interactions.map(interactionOf), r.edges));
}
