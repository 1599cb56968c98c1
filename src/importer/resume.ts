import { TenantDb } from '../neo4j';
import { BatchOfCreates } from './batches';
import { ImportRecord, sameEnd } from './record';
import { existingEnd, orderOf, PendingEnd } from './simulate';

/** A batch less the records that are in the graph already, exactly as the file says. */
export interface Remaining {
  creates: ImportRecord[];
  /** How many records were in already (same fingerprint, same end): nothing to write for them. */
  alreadyIn: number;
  /** Ends of records in already, still live, that fall in a later batch: replayed there. */
  pending: PendingEnd[];
  /** The ids of `creates` found in the graph (in with other content or another end, or live with their end in this batch). */
  mayExist: ReadonlySet<string>;
}

/**
 * What makes a resumed import cheap: the interaction id is the checkpoint. Before a batch takes any
 * lock, one read (import/find-imported) looks its ids up; a record whose interaction is in with the
 * same fingerprint and the same end (or still live, its end falling in a later batch) needs nothing
 * written, so it leaves the batch, and a batch left empty costs that read alone. Everything else
 * (new records, and records in with other content, which the batch then refuses) goes through the
 * locked path as before, so what an import decides does not depend on this shortcut. importHistory
 * stops asking after the first batch with none of its records in: an interrupted import leaves a
 * prefix of the sorted records behind it.
 */
export async function withoutImported(h: TenantDb, batch: BatchOfCreates): Promise<Remaining> {
  const found = new Map((await h.read('import/find-imported', { ids: batch.creates.map((r) => r.input.id) })).map((x) => [x.id, x]));
  if (found.size === 0) return noneImported(batch);
  const creates: ImportRecord[] = [];
  const pending: PendingEnd[] = [];
  let alreadyIn = 0;
  for (const r of batch.creates) {
    const x = found.get(r.input.id);
    const end = x ? existingEnd(x) : null;
    const endsLater = r.end !== null && r.endMs !== null && r.endMs >= batch.rangeEndMs;
    if (x && x.payloadHash === r.hash && (end !== null ? sameEnd(end, r.end) : r.end === null || endsLater)) {
      alreadyIn++;
      if (end === null && endsLater) pending.push({ id: r.input.id, endMs: r.endMs!, end: r.end!, order: orderOf(r) });
      continue;
    }
    creates.push(r);
  }
  return { creates, alreadyIn, pending, mayExist: new Set(creates.filter((r) => found.has(r.input.id)).map((r) => r.input.id)) };
}

/** A batch none of whose records is in the graph (as far as the import knows): all of it to create. */
export const noneImported = (batch: BatchOfCreates): Remaining => ({
  creates: batch.creates,
  alreadyIn: 0,
  pending: [],
  mayExist: new Set(),
});

/** True when none of the batch's ids was found in the graph (every record found is either in already or kept to refuse or end). */
export const foundNone = (r: Remaining): boolean => r.alreadyIn === 0 && r.mayExist.size === 0;
