import { SimInteraction, SimThread } from './model';

/**
 * What ending an interaction does to its thread: the rule of end-interaction.cypher, which the live
 * path applies in Cypher at each end, applied here to a batch's in-memory thread at each end it
 * replays (the import cannot run that statement per end and stay fast). The differential test
 * (test/integration/import-differential.test.ts) holds the two to the same graph.
 *
 * After `x` has ended: every ended interaction of the thread that is not COMPLETED becomes
 * COMPLETED when nothing below it is live, unless it is the requested parent of a re-rooted leg
 * while anything in the thread is live; otherwise it stays TRANSFERRED, or becomes HOLD. COMPLETED
 * is never undone. When nothing in an OPEN thread is live, it closes at its last end.
 */
export function settleThread(thread: SimThread): void {
  let active = 0;
  let lastEnd: string | null = null;
  const rerooted = new Set<string>();
  for (const m of thread.members) {
    if (m.endedAt === null) active++;
    else if (lastEnd === null || m.endedAt > lastEnd) lastEnd = m.endedAt;
    if (m.parentId !== null && m.requestedParentId !== null && m.requestedParentId !== m.parentId) rerooted.add(m.requestedParentId);
  }
  for (const x of thread.members) {
    if (x.endedAt === null || x.state === 'COMPLETED') continue;
    const done = !liveBelow(x) && !(active > 0 && rerooted.has(x.id));
    x.state = done ? 'COMPLETED' : x.state === 'TRANSFERRED' ? 'TRANSFERRED' : 'HOLD';
  }
  if (thread.status === 'OPEN' && active === 0) {
    thread.status = 'CLOSED';
    thread.closedAt = lastEnd;
  }
}

function liveBelow(x: SimInteraction): boolean {
  return x.children.some((c) => c.endedAt === null || liveBelow(c));
}
