import { InteractionRecord, ThreadEdge, ThreadRecord } from '../model';

/** One thread as a single walk from its root found it, ready for every Thread field. */
export interface ThreadWalk {
  thread: ThreadRecord;
  root: InteractionRecord | null;
  /** Each interaction once, depth-first: a parent before its children, siblings by start. */
  tree: InteractionRecord[];
  /** In the order of `tree` (by child). */
  edges: ThreadEdge[];
  /** Every interaction of the walk has an entry, leaves an empty one, siblings by start. */
  childrenOf: Map<string, InteractionRecord[]>;
}

/** Earlier start first; the id breaks ties, so the order is the same on every read. */
export function byStart(a: InteractionRecord, b: InteractionRecord): number {
  return a.startedAt < b.startedAt ? -1 : a.startedAt > b.startedAt ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/** Groups interactions under their parent, each group ordered by start. */
export function childrenByParent(interactions: readonly InteractionRecord[]): Map<string, InteractionRecord[]> {
  const groups = new Map<string, InteractionRecord[]>();
  for (const i of interactions) if (!groups.has(i.id)) groups.set(i.id, []);
  for (const i of interactions) if (i.parentId !== null && groups.has(i.parentId)) groups.get(i.parentId)!.push(i);
  for (const g of groups.values()) g.sort(byStart);
  return groups;
}

/**
 * Depth-first from the root: parent before children, siblings by start. Iterative, and each id
 * is visited once, so even a corrupt graph (a cycle the audit would report) cannot loop.
 */
export function treeOrder(
  rootId: string,
  childrenOf: Map<string, InteractionRecord[]>,
  byId: Map<string, InteractionRecord>,
): InteractionRecord[] {
  const out: InteractionRecord[] = [];
  const seen = new Set<string>();
  const stack = byId.has(rootId) ? [byId.get(rootId)!] : [];
  while (stack.length > 0) {
    const next = stack.pop()!;
    if (seen.has(next.id)) continue;
    seen.add(next.id);
    out.push(next);
    const children = childrenOf.get(next.id) ?? [];
    for (let k = children.length - 1; k >= 0; k -= 1) stack.push(children[k]!);
  }
  return out;
}

export function chronologicalOrder(interactions: readonly InteractionRecord[]): InteractionRecord[] {
  return [...interactions].sort(byStart);
}

/** Turns one row of walk-threads.cypher into a ThreadWalk. */
export function assembleWalk(thread: ThreadRecord, found: readonly InteractionRecord[], edges: readonly ThreadEdge[]): ThreadWalk {
  const byId = new Map<string, InteractionRecord>();
  for (const i of found) if (!byId.has(i.id)) byId.set(i.id, i);
  const unique = [...byId.values()];
  const childrenOf = childrenByParent(unique);
  const tree = treeOrder(thread.rootId, childrenOf, byId);
  const edgeOf = new Map(edges.map((e) => [e.childId, e]));
  return {
    thread,
    root: byId.get(thread.rootId) ?? null,
    tree,
    edges: tree.flatMap((i) => {
      const e = edgeOf.get(i.id);
      return e ? [{ parentId: e.parentId, childId: e.childId, reason: e.reason ?? i.stitchReason }] : [];
    }),
    childrenOf,
  };
}
