import { ImportRecord } from './record';

/** The creates of one batch, in event order, and where the next batch starts. */
export interface BatchOfCreates {
  creates: ImportRecord[];
  /** The next batch's first start; Infinity for the last batch. */
  rangeEndMs: number;
}

/** How far a batch may grow past its size to keep one instant's creates together. */
const SAME_INSTANT_SLACK = 4;

/**
 * Cuts the start-ordered records into batches of `size` creates. A batch never ends inside one
 * instant (unless that instant alone holds more than SAME_INSTANT_SLACK batches' worth), so that
 * creates at one instant are replayed together, a named parent before its child.
 */
export async function* batchesOf(records: AsyncIterable<ImportRecord>, size: number): AsyncGenerator<BatchOfCreates> {
  let creates: ImportRecord[] = [];
  for await (const r of records) {
    const last = creates[creates.length - 1];
    if (last !== undefined && creates.length >= size && (r.startMs !== last.startMs || creates.length >= size * SAME_INSTANT_SLACK)) {
      yield { creates: parentsFirst(creates), rangeEndMs: r.startMs };
      creates = [];
    }
    creates.push(r);
  }
  if (creates.length > 0) yield { creates: parentsFirst(creates), rangeEndMs: Infinity };
}

/**
 * Within each instant, a record that names a parent of the same instant comes after it (the replay
 * order is start, then file and line, except that a parent starting at the same instant as its child
 * is created first). Order is otherwise kept.
 */
export function parentsFirst(records: ImportRecord[]): ImportRecord[] {
  const out: ImportRecord[] = [];
  for (let k = 0; k < records.length;) {
    let end = k + 1;
    while (end < records.length && records[end]!.startMs === records[k]!.startMs) end++;
    const group = records.slice(k, end);
    if (group.length === 1) out.push(group[0]!);
    else out.push(...topological(group));
    k = end;
  }
  return out;
}

function topological(group: ImportRecord[]): ImportRecord[] {
  const byId = new Map(group.map((r) => [r.input.id, r]));
  const placed = new Set<ImportRecord>();
  const visiting = new Set<ImportRecord>();
  const out: ImportRecord[] = [];
  const place = (r: ImportRecord) => {
    if (placed.has(r) || visiting.has(r)) return;
    visiting.add(r);
    const parent = r.input.parentId === null ? undefined : byId.get(r.input.parentId);
    if (parent) place(parent);
    visiting.delete(r);
    placed.add(r);
    out.push(r);
  };
  for (const r of group) place(r);
  return out;
}
