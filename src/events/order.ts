import { EventDependency, PendingEventRow } from '../cypher';

/** What the sequencer numbers in one run: per tenant, event ids in the order they get their numbers. */
export interface SequencePlan {
  batches: { tenant: string; ids: string[] }[];
  /** Events whose predecessor was never seen and that waited past the patience: numbered anyway, logged. */
  gaveUpWaiting: string[];
}

/**
 * Chooses which pending events to number now, and in which order. An event is numbered only after
 * the events it follows (its thread's previous one; for a link, also the absorbed thread's last
 * one) are numbered or numbered in this run before it. A predecessor not visible yet means its
 * transaction is still becoming visible: the event waits (unless `stale`). Among events free to go,
 * the earliest recorded goes first, so the order is the order of the changes on each thread, and
 * roughly commit order across threads.
 */
export function planSequence(pending: readonly PendingEventRow[]): SequencePlan {
  const byId = new Map(pending.map((e) => [e.id, e]));
  const eligible = new Map<string, boolean>();
  const gaveUpWaiting: string[] = [];

  const satisfied = (e: PendingEventRow, dep: EventDependency | null, visiting: Set<string>): boolean => {
    if (dep === null || dep.sequenced) return true;
    if (dep.id === null) {
      if (e.stale) gaveUpWaiting.push(e.id);
      return e.stale;
    }
    const other = byId.get(dep.id);
    return other !== undefined && isEligible(other, visiting);
  };
  const isEligible = (e: PendingEventRow, visiting = new Set<string>()): boolean => {
    const known = eligible.get(e.id);
    if (known !== undefined) return known;
    if (visiting.has(e.id)) return false;
    visiting.add(e.id);
    const ok = satisfied(e, e.prev, visiting) && satisfied(e, e.after, visiting);
    eligible.set(e.id, ok);
    return ok;
  };

  const chosen = pending.filter((e) => isEligible(e));
  // Kahn's algorithm over the in-run dependencies, earliest recorded first among those free to go.
  const waitsOn = new Map<string, string[]>();
  const blockers = new Map<string, number>();
  for (const e of chosen) {
    const deps = [e.prev, e.after].flatMap((d) => (d && !d.sequenced && d.id !== null && eligible.get(d.id) ? [d.id] : []));
    blockers.set(e.id, deps.length);
    for (const d of deps) waitsOn.set(d, [...(waitsOn.get(d) ?? []), e.id]);
  }
  const before = (a: PendingEventRow, b: PendingEventRow) =>
    a.occurredAt.localeCompare(b.occurredAt) || a.threadId.localeCompare(b.threadId) || a.threadSeq - b.threadSeq;
  const ready = chosen.filter((e) => blockers.get(e.id) === 0).sort(before);
  const ordered: PendingEventRow[] = [];
  while (ready.length > 0) {
    const next = ready.shift()!;
    ordered.push(next);
    for (const id of waitsOn.get(next.id) ?? []) {
      const left = blockers.get(id)! - 1;
      blockers.set(id, left);
      if (left === 0) {
        const freed = byId.get(id)!;
        const at = ready.findIndex((r) => before(freed, r) < 0);
        ready.splice(at === -1 ? ready.length : at, 0, freed);
      }
    }
  }

  const batches = new Map<string, string[]>();
  for (const e of ordered) batches.set(e.tenant, [...(batches.get(e.tenant) ?? []), e.id]);
  return { batches: [...batches].map(([tenant, ids]) => ({ tenant, ids })), gaveUpWaiting: [...new Set(gaveUpWaiting)] };
}
