import { BatchClaim, ImportedInteraction } from '../cypher';
import { RetryableConflict, ThreadgraphError, WarningCode } from '../errors';
import { STITCH_KEY_FIELD, StitchReason } from '../model';
import {
  assertComposite,
  carriedKeyLocks,
  claimTargetOf,
  CreatePlan,
  horizonOf,
  planAlone,
  planByKey,
  planInCrmThread,
  planUnderParent,
  StitchingPolicy,
} from '../stitching';
import { ImportRecord, RecordEnd, Refusal, refusalOf, sameEnd } from './record';
import { Heap } from './sort';
import { BatchWorld, SCAN_LIMIT } from './world';

/** An end still to replay: of a record created (or found already in) by an earlier batch or this one. */
export interface PendingEnd {
  id: string;
  endMs: number;
  end: RecordEnd;
  /** Ends at one instant replay in file order. */
  order: number;
}

/** One batch: the creates of a time slice (in event order) and the ends that fall before the next slice. */
export interface BatchInput {
  creates: ImportRecord[];
  /** Ends carried over from earlier batches, all before rangeEndMs. */
  carried: PendingEnd[];
  /** The next batch's first start (Infinity for the last): ends from here on belong to later batches. */
  rangeEndMs: number;
  /**
   * The creates whose interaction may be in the graph already (find-imported found them), when the
   * import knows: claim-batch then locks and reads the ends of only those, not of the records it is
   * about to create (for a fresh batch, about a third of its claim). Absent: any may be. claim-batch
   * still looks every id up (one index seek each); when it finds one outside this set, writeBatch runs
   * the batch again without it.
   */
  mayExist?: ReadonlySet<string>;
}

export interface BatchCounts {
  created: number;
  alreadyIn: number;
  ended: number;
  threads: number;
  stitched: Partial<Record<StitchReason, number>>;
  warnings: Partial<Record<WarningCode, number>>;
}

export interface BatchOutcome {
  world: BatchWorld;
  refusals: Refusal[];
  /** Ends of this batch's records that fall in a later batch. */
  pending: PendingEnd[];
  counts: BatchCounts;
}

export const orderOf = (r: ImportRecord): number => r.source.file * 1e10 + r.source.line;

/** What claim-batch must lock and read for a batch, from its records alone (and the policy it decides with). */
export function claimParamsOf(batch: BatchInput, policy: StitchingPolicy) {
  const field = STITCH_KEY_FIELD[policy.key];
  const lockKeys = new Set<string>();
  const keys = new Map<string, { value: string; maxStart: string; horizon: string }>();
  const crmIds = new Set<string>();
  const parentIds = new Set<string>();
  const endIds = new Set(batch.carried.map((e) => e.id));
  for (const r of batch.creates) {
    // Every key the record carries, as a live create takes them (the one it stitches on among them):
    // an erasure by a key the tenant does not stitch on (a phone number under EXTERNAL_ID) then waits
    // for the batch, or the batch for it.
    for (const k of carriedKeyLocks(r.input, policy)) lockKeys.add(k);
    const maybeIn = batch.mayExist === undefined || batch.mayExist.has(r.input.id);
    if (maybeIn && r.endMs !== null && r.endMs < batch.rangeEndMs) endIds.add(r.input.id);
    const target = claimTargetOf(r.input, policy);
    if (target.mode === 'PARENT') parentIds.add(target.parentId!);
    else if (target.mode === 'CRM_THREAD') crmIds.add(target.externalThreadId!);
    else if (target.mode === 'KEY') {
      const value = target.key!.value;
      const horizon = new Date(horizonOf(r.input.startedAt, policy)).toISOString();
      const k = keys.get(value);
      // Creates come in start order: the first sets the horizon, the last the latest start.
      if (k) k.maxStart = r.input.startedAt;
      else keys.set(value, { value, maxStart: r.input.startedAt, horizon });
    }
  }
  return {
    ids: batch.creates.map((r) => r.input.id),
    lockKeys: [...lockKeys],
    keyKind: policy.key,
    keyField: field,
    keys: [...keys.values()],
    scanLimit: SCAN_LIMIT,
    crmIds: [...crmIds],
    parentIds: [...parentIds],
    endIds: [...endIds],
  };
}

const endBefore = (a: PendingEnd, b: PendingEnd) => a.endMs < b.endMs || (a.endMs === b.endMs && a.order < b.order);

/** How an interaction already in the graph ended (null: it is live). */
export function existingEnd(x: ImportedInteraction): RecordEnd | null {
  if (x.endedAt === null) return null;
  return {
    endedAt: x.endedAt,
    talkSeconds: x.talkSeconds ?? null,
    holdSeconds: x.holdSeconds ?? null,
    afterCallWorkSeconds: x.afterCallWorkSeconds ?? null,
  };
}

/**
 * Replays one batch against what claim-batch read: each create at its start and each end at its
 * end, creates before ends at one instant, exactly as createInteraction and endInteraction would
 * have seen them one by one. Each create is decided by the stitching engine's own pure functions
 * (claimTargetOf, assertComposite, planUnderParent, planInCrmThread, planByKey, planAlone) on the
 * rows claim-create would have read at that moment; a refusal (their typed error) refuses the
 * record and nothing of it is written. `excluded` are records the database refused in an earlier
 * attempt at this batch.
 */
export function simulateBatch(
  policy: StitchingPolicy,
  claim: BatchClaim,
  batch: BatchInput,
  excluded: ReadonlyMap<string, Refusal>,
): BatchOutcome {
  const world = new BatchWorld(policy, claim);
  const existing = new Map(claim.existing.map((x) => [x.id, x]));
  const ending = new Set(claim.ending.map((x) => x.id));
  const refusals: Refusal[] = [];
  const pending: PendingEnd[] = [];
  const counts: BatchCounts = { created: 0, alreadyIn: 0, ended: 0, threads: 0, stitched: {}, warnings: {} };
  const ends = new Heap<PendingEnd>(endBefore);
  for (const e of batch.carried) ends.push(e);
  const seen = new Map<string, ImportRecord>();

  const schedule = (r: ImportRecord) => {
    if (r.end === null || r.endMs === null) return;
    const e: PendingEnd = { id: r.input.id, endMs: r.endMs, end: r.end, order: orderOf(r) };
    if (r.endMs < batch.rangeEndMs) ends.push(e);
    else pending.push(e);
  };

  const refuse = (r: ImportRecord, code: ThreadgraphError['code'], message: string) =>
    refusals.push({ source: r.source, code, message, id: r.input.id });

  const create = (r: ImportRecord) => {
    const id = r.input.id;
    const denied = excluded.get(id);
    if (denied) {
      refusals.push({ ...denied, source: r.source });
      return;
    }
    const twin = seen.get(id);
    if (twin) {
      if (twin.hash === r.hash && sameEnd(twin.end, r.end)) counts.alreadyIn++;
      else
        refuse(
          r,
          'IDEMPOTENCY_KEY_REUSED',
          `The interaction id "${id}" appears earlier in the import with different content (line ${twin.source.line}).`,
        );
      return;
    }
    const before = existing.get(id);
    if (before) {
      const end = existingEnd(before);
      if (before.payloadHash !== r.hash) {
        refuse(r, 'IDEMPOTENCY_KEY_REUSED', `Interaction "${id}" is already in the graph with different content; it was left as it is.`);
      } else if (end !== null && !sameEnd(end, r.end)) {
        refuse(r, 'IDEMPOTENCY_KEY_REUSED', `Interaction "${id}" is already in the graph with a different end; it was left as it is.`);
      } else {
        seen.set(id, r);
        counts.alreadyIn++;
        if (end === null) {
          if (r.endMs === null || r.endMs >= batch.rangeEndMs || ending.has(id)) schedule(r);
          else throw new RetryableConflict(`interaction ${id} was ended while its batch was being read`);
        }
      }
      return;
    }
    let plan: CreatePlan;
    try {
      plan = planOf(world, r, policy);
    } catch (error) {
      if (error instanceof RetryableConflict) throw error;
      refusals.push(refusalOf(error, r.source, id));
      return;
    }
    world.create(r, plan);
    seen.set(id, r);
    counts.created++;
    counts.stitched[plan.reason] = (counts.stitched[plan.reason] ?? 0) + 1;
    for (const w of plan.warnings) counts.warnings[w.code] = (counts.warnings[w.code] ?? 0) + 1;
    schedule(r);
  };

  let next = 0;
  while (next < batch.creates.length || ends.size > 0) {
    const r = batch.creates[next];
    const e = ends.peek();
    if (r !== undefined && (e === undefined || r.startMs <= e.endMs)) {
      create(r);
      next++;
    } else {
      const done = ends.pop()!;
      if (world.end(done.id, done.end)) counts.ended++;
    }
  }
  counts.threads = world.createdThreads;
  return { world, refusals, pending, counts };
}

/** The plan createInteraction would make for this record now (throws its typed refusal). */
function planOf(world: BatchWorld, r: ImportRecord, policy: StitchingPolicy): CreatePlan {
  const input = r.input;
  const target = claimTargetOf(input, policy);
  if (input.externalId) assertComposite(input.externalId, policy);
  switch (target.mode) {
    case 'PARENT':
      return planUnderParent(world.claimedParent(target.parentId!, input), target.parentId!, input, policy, false);
    case 'CRM_THREAD':
      return planInCrmThread(world.claimedCrmThread(target.externalThreadId!, input), input, policy);
    case 'KEY':
      return planByKey(world.claimedCandidates(target.key!.value, input), input, target.key!, policy);
    case 'NONE':
      return planAlone(input, policy);
  }
}
