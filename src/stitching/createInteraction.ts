import { randomUUID } from 'node:crypto';
import { RowOf } from '../cypher';
import { RetryableConflict, ThreadgraphError } from '../errors';
import {
  Channel,
  InteractionRecord,
  interactionOf,
  isPlausibleId,
  shown,
  STITCH_KEY_FIELD,
  StitchReason,
  ThreadRecord,
  threadOf,
} from '../model';
import { TenantDb, TenantTx } from '../neo4j';
import { assertComposite, carriedKeyLocks, horizonOf, StitchWarning } from './decide';
import { CreateInteractionInput, NewInteraction, normalizeInput, payloadHash } from './normalize';
import { claimTargetOf, ClaimTarget, CreatePlan, planAlone, planByKey, planInCrmThread, planUnderParent } from './plan';
import { StitchingPolicy } from './policy';
import { assertPolicyCurrent, knownPolicy, policyParams } from './policyCache';
import { createRefusal } from './verdicts';

export interface StitchOutcome {
  parentId: string | null;
  reason: StitchReason;
  warnings: StitchWarning[];
  /** The parent the client named (explicit parent or transfer): parentId differs when it was at maxDepth. */
  requestedParentId: string | null;
}

export interface CreateResult {
  interaction: InteractionRecord;
  thread: ThreadRecord;
  stitch: StitchOutcome;
  replayed: boolean;
  /** What changed, for thread events: a thread was started, or a CLOSED thread reopened. */
  threadCreated: boolean;
  threadReopened: boolean;
}

export interface CreateOptions {
  idempotencyKey?: string | null;
  /** Set by transferInteraction: the interaction being transferred becomes the parent, marked TRANSFERRED. */
  transferFrom?: string;
}

/** The new leg of a transfer: its channel and who takes it. */
export interface TransferInput {
  type: Channel;
  participants?: CreateInteractionInput['participants'];
  metadata?: unknown;
  id?: string | null;
  startedAt?: string | null;
}

/** How many of a key's most recent interactions the auto-stitch looks at. */
const SCAN_LIMIT = 50;

/**
 * Creates an interaction and stitches it into a thread, in one write transaction of two
 * statements: claim-create claims the idempotency keys and locks what the decision depends on
 * (the named parent's thread, or the CRM thread id and its thread, or the customer's key and its
 * threads), reading it under the locks; the plan is chosen here from those rows; then
 * create-interaction checks every invariant again under the same locks and writes. Any refusal
 * happens before a write, so nothing changes.
 */
export async function createInteraction(h: TenantDb, raw: CreateInteractionInput, opts: CreateOptions = {}): Promise<CreateResult> {
  const input = normalizeInput(raw);
  if (
    opts.idempotencyKey !== undefined &&
    opts.idempotencyKey !== null &&
    (opts.idempotencyKey.length === 0 || opts.idempotencyKey.length > 255)
  ) {
    throw new ThreadgraphError('BAD_USER_INPUT', 'idempotencyKey must be 1..255 characters');
  }
  const hash = payloadHash(opts.transferFrom ? `transfer:${opts.transferFrom}` : 'create', input, Boolean(raw.startedAt));
  // The interaction's own id is an idempotency key too: its payloadHash and stitchResult live on it.
  const claimKeys = opts.idempotencyKey ? [`key:${opts.idempotencyKey}`] : [];
  return h.write((tx) => createTx(h, tx, input, hash, claimKeys, opts));
}

/**
 * Transfers the live interaction `id` to a new leg on `to.type`: the new interaction is its child
 * (reason TRANSFER; under its nearest ancestor with room when it is at maxDepth) and the
 * transferred one becomes TRANSFERRED.
 */
export function transferInteraction(
  h: TenantDb,
  id: string,
  to: TransferInput,
  opts: { idempotencyKey?: string | null } = {},
): Promise<CreateResult> {
  // An id no interaction can have ("" included) names nothing to transfer: not found, never a new root.
  if (!isPlausibleId(id)) return Promise.reject(new ThreadgraphError('INTERACTION_NOT_FOUND', `No interaction ${shown(id)} to transfer.`));
  return createInteraction(
    h,
    { id: to.id, type: to.type, participants: to.participants, metadata: to.metadata, startedAt: to.startedAt },
    { transferFrom: id, idempotencyKey: opts.idempotencyKey },
  );
}

type Claimed = RowOf<'claim-create'>;

async function createTx(
  h: TenantDb,
  tx: TenantTx,
  input: NewInteraction,
  hash: string,
  claimKeys: string[],
  opts: CreateOptions,
): Promise<CreateResult> {
  const known = knownPolicy(h);
  const { policy } = known;
  const target = claimTargetOf(input, policy, opts.transferFrom);
  const claimed = await tx.one('claim-create', {
    claimKeys,
    id: input.id,
    policyVersion: known.version,
    mode: target.mode,
    parentId: target.parentId,
    externalThreadId: target.externalThreadId,
    keyField: target.key ? STITCH_KEY_FIELD[target.key.kind] : null,
    value: target.key?.value ?? null,
    keyLocks: carriedKeyLocks(input, policy),
    startedAt: input.startedAt,
    horizon: new Date(horizonOf(input.startedAt, policy)).toISOString(),
    scanLimit: SCAN_LIMIT,
    maxDepth: policy.maxDepth,
    crossChannel: policy.crossChannel,
    type: input.type,
  });
  if (!claimed) throw new Error('claim-create returned no row');
  const earlier = await replayOf(tx, claimed, input, hash, claimKeys);
  if (earlier) return earlier;
  assertPolicyCurrent(h, known, claimed.policy);
  if (input.externalId) assertComposite(input.externalId, policy);

  const plan = planOf(target, claimed, input, policy, opts.transferFrom);
  const stitch: StitchOutcome = {
    parentId: plan.parentId,
    reason: plan.reason,
    warnings: plan.warnings,
    requestedParentId: plan.requestedParentId,
  };
  const result = JSON.stringify({ interactionId: input.id, stitch });
  const transferFromId = opts.transferFrom ?? null;
  const row = await tx.one('create-interaction', {
    ...policyParams(known),
    parentId: plan.parentId,
    threadId: plan.threadId,
    requestedParentId: plan.requestedParentId,
    transferFromId,
    reason: plan.reason,
    newThreadId: randomUUID(),
    externalThreadId: plan.externalThreadId,
    continuesThreadId: plan.continuesThreadId,
    startedAt: input.startedAt,
    props: {
      id: input.id,
      type: input.type,
      externalId: plan.externalId,
      phoneNumber: input.phoneNumber,
      email: input.email,
      subject: input.subject,
      metadata: input.metadata ? JSON.stringify(input.metadata) : null,
      participants: JSON.stringify(input.participants),
      payloadHash: hash,
      stitchResult: result,
      externalThreadId: input.externalThreadId,
    },
    agentIds: [...new Set(input.participants.filter((p) => p.role === 'AGENT').map((p) => p.id))],
    claimKeys,
    hash,
    result,
    stitch: JSON.stringify(stitch),
  });
  if (!row) throw new Error('create-interaction returned no row');
  if (row.verdict !== 'OK') {
    throw createRefusal(h, known, row.verdict, row.policy, {
      id: input.id,
      parentId: plan.parentId,
      transferFromId,
      threadId: plan.threadId,
    });
  }
  if (!row.interaction || !row.thread) throw new RetryableConflict(`interaction ${input.id} was not found after its write`);
  return {
    interaction: row.interaction,
    thread: row.thread,
    stitch,
    replayed: false,
    threadCreated: row.threadCreated,
    threadReopened: row.threadReopened,
  };
}

function planOf(target: ClaimTarget, claimed: Claimed, input: NewInteraction, policy: StitchingPolicy, transferFrom?: string): CreatePlan {
  switch (target.mode) {
    case 'PARENT':
      return planUnderParent(claimed.parent, target.parentId!, input, policy, transferFrom !== undefined);
    case 'CRM_THREAD':
      return planInCrmThread(claimed.crmThread, input, policy);
    case 'KEY':
      return planByKey(claimed.candidates ?? [], input, target.key!, policy);
    case 'NONE':
      return planAlone(input, policy);
  }
}

interface FirstAnswer {
  interactionId: string;
  stitch: Omit<StitchOutcome, 'requestedParentId'> & { requestedParentId?: string | null };
}

/**
 * The first answer, when this idempotency key or this interaction id was used before: the same
 * payload replays it (recording it on a key of this request that has none yet), another refuses.
 */
async function replayOf(
  tx: TenantTx,
  claimed: Claimed,
  input: NewInteraction,
  hash: string,
  claimKeys: string[],
): Promise<CreateResult | null> {
  const { claims, existing } = claimed;
  const earlier = [
    ...claims.filter((c) => c.result !== null).map((c) => ({ what: 'this idempotency key', hash: c.hash, result: c.result })),
    ...(existing ? [{ what: `the interaction id "${input.id}"`, hash: existing.payloadHash, result: existing.stitchResult }] : []),
  ];
  for (const first of earlier) {
    if (first.hash !== hash || first.result === null) {
      throw new ThreadgraphError(
        'IDEMPOTENCY_KEY_REUSED',
        `${first.what} was already used for a different request; use a new key (or id) for a new interaction.`,
      );
    }
  }
  if (earlier.length === 0) return null;
  const result = earlier[0]!.result!;
  const first = JSON.parse(result) as FirstAnswer;
  if (claims.some((c) => c.result === null)) {
    await tx.run('complete-claims', { claimKeys, hash, result, interactionId: first.interactionId });
  }
  const stitch: StitchOutcome = { ...first.stitch, requestedParentId: first.stitch.requestedParentId ?? null };
  const answer = { stitch, replayed: true, threadCreated: false, threadReopened: false };
  const now = claimed.replay;
  if (now && now.interaction.id === first.interactionId) {
    // Its thread was absorbed by a link between the two reads: read again.
    if (!now.thread) throw new RetryableConflict(`thread ${now.interaction.threadId} moved during a replay`);
    return { ...answer, interaction: now.interaction, thread: now.thread };
  }
  // A key claimed before keys recorded their interaction's id: read it by the id in its answer.
  const i = await tx.one('load-interactions', { ids: [first.interactionId] });
  if (!i) throw new RetryableConflict(`interaction ${first.interactionId} vanished during a replay`);
  const t = await tx.one('load-threads', { ids: [i.interaction.threadId] });
  if (!t) throw new RetryableConflict(`thread ${i.interaction.threadId} moved during a replay`);
  return { ...answer, interaction: interactionOf(i.interaction), thread: threadOf(t.thread) };
}
