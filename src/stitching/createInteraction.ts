import { randomUUID } from 'node:crypto';
import { RetryableConflict, ThreadgraphError } from '../errors';
import { Channel, InteractionRecord, STITCH_KEY_FIELD, StitchReason, ThreadRecord } from '../model';
import { TenantDb, TenantTx } from '../neo4j';
import { assertComposite, chooseAutoStitch, crossChannelRefusal, horizonOf, lockKeyOf, StitchWarning, stitchKeyOf } from './decide';
import { lockThreadOf } from './locks';
import { CreateInteractionInput, NewInteraction, normalizeInput, payloadHash } from './normalize';
import { StitchingPolicy } from './policy';
import { policyFromRow } from './policyStore';

export interface StitchOutcome {
  parentId: string | null;
  reason: StitchReason;
  warnings: StitchWarning[];
}

export interface CreateResult {
  interaction: InteractionRecord;
  thread: ThreadRecord;
  stitch: StitchOutcome;
  replayed: boolean;
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
 * Creates an interaction and stitches it into a thread, in one write transaction: claims the
 * idempotency keys, reads the policy, locks what the decision depends on (the customer's key,
 * then the thread it joins), decides under the locks, and writes. Any refusal throws before a
 * write, so the transaction rolls back and nothing changes.
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
  return h.write((tx) => createTx(tx, input, hash, claimKeys, opts));
}

/**
 * Transfers the live interaction `id` to a new leg on `to.type`: the new interaction is its child
 * (reason TRANSFER) and the transferred one becomes TRANSFERRED.
 */
export function transferInteraction(h: TenantDb, id: string, to: TransferInput): Promise<CreateResult> {
  return createInteraction(
    h,
    { id: to.id, type: to.type, participants: to.participants, metadata: to.metadata, startedAt: to.startedAt },
    { transferFrom: id },
  );
}

async function createTx(
  tx: TenantTx,
  input: NewInteraction,
  hash: string,
  claimKeys: string[],
  opts: CreateOptions,
): Promise<CreateResult> {
  const claimed = await tx.one('claim-create', { claimKeys, id: input.id });
  const claims = claimed?.claims ?? [];
  const existing = claimed?.existing ?? null;
  const earlier = [
    ...claims.filter((c) => c.result !== null).map((c) => ({ what: 'this idempotency key', hash: c.hash, result: c.result! })),
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
  if (earlier.length > 0) {
    const result = earlier[0]!.result!;
    if (claims.some((c) => c.result === null)) await tx.run('complete-claims', { claimKeys, hash, result });
    return replay(tx, JSON.parse(result) as { interactionId: string; stitch: StitchOutcome });
  }
  const policy = policyFromRow(claimed?.policy);
  const plan = await planStitch(tx, input, policy, opts.transferFrom);

  const stitch: StitchOutcome = { parentId: plan.parentId, reason: plan.reason, warnings: plan.warnings };
  const result = JSON.stringify({ interactionId: input.id, stitch });
  const row = await tx.one('create-interaction', {
    parentId: plan.parentId,
    newThreadId: randomUUID(),
    externalThreadId: plan.parentId ? null : input.externalThreadId,
    reason: plan.reason,
    transfer: Boolean(opts.transferFrom),
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
    },
    agentIds: [...new Set(input.participants.filter((p) => p.role === 'AGENT').map((p) => p.id))],
    claimKeys,
    hash,
    result,
  });
  // The parent was locked and checked above; if the write did not land under it, something moved.
  if (!row || row.interaction.parentId !== plan.parentId) {
    throw new RetryableConflict(`interaction ${input.id} did not land under ${plan.parentId ?? 'a new root'}`);
  }
  return { interaction: row.interaction, thread: row.thread, stitch, replayed: false };
}

interface StitchPlan {
  parentId: string | null;
  reason: StitchReason;
  warnings: StitchWarning[];
  externalId: string | null;
}

/** Decides where the new interaction goes, holding the locks its decision depends on. */
async function planStitch(tx: TenantTx, input: NewInteraction, policy: StitchingPolicy, transferFrom?: string): Promise<StitchPlan> {
  if (input.externalId) assertComposite(input.externalId, policy);
  const explicitParent = transferFrom ?? input.parentId;
  if (explicitParent) {
    const locked = await lockThreadOf(tx, explicitParent, { maxDepth: policy.maxDepth });
    if (!locked) {
      throw transferFrom
        ? new ThreadgraphError('INTERACTION_NOT_FOUND', `No interaction "${explicitParent}" to transfer.`)
        : new ThreadgraphError('PARENT_NOT_FOUND', `The parent interaction "${explicitParent}" does not exist.`);
    }
    const parent = locked.target;
    if (transferFrom && parent.endedAt) {
      throw new ThreadgraphError('INTERACTION_ENDED', `Interaction "${parent.id}" has ended; an ended interaction cannot be transferred.`);
    }
    if (parent.depth + 1 > policy.maxDepth) {
      throw new ThreadgraphError(
        'MAX_DEPTH_EXCEEDED',
        `Attaching under "${parent.id}" (depth ${parent.depth}) would exceed the maximum thread depth of ${policy.maxDepth}.`,
      );
    }
    const crossChannel = crossChannelRefusal(parent, input, policy);
    if (crossChannel) throw crossChannel;
    return {
      parentId: parent.id,
      reason: transferFrom ? 'TRANSFER' : 'EXPLICIT',
      warnings: [],
      externalId: input.externalId ?? parent.externalId,
    };
  }

  if (input.externalThreadId) {
    const found = await tx.one('find-external-thread', {
      externalThreadId: input.externalThreadId,
      maxDepth: policy.maxDepth,
      crossChannel: policy.crossChannel,
      type: input.type,
    });
    if (!found?.threadId) return { parentId: null, reason: 'THREAD_ID', warnings: [], externalId: input.externalId };
    if (found.size === 0) throw new RetryableConflict(`thread ${found.threadId} is being absorbed by a concurrent link`);
    if (!found.parentId) {
      throw found.allowedChannel === 0
        ? new ThreadgraphError(
            'CROSS_CHANNEL_DISABLED',
            `Thread "${input.externalThreadId}" has no ${input.type} interaction to attach to, and cross-channel stitching is off.`,
          )
        : new ThreadgraphError(
            'MAX_DEPTH_EXCEEDED',
            `Thread "${input.externalThreadId}" has no interaction with room under the maximum depth of ${policy.maxDepth}.`,
          );
    }
    const room = { maxDepth: policy.maxDepth, type: input.type, crossChannel: policy.crossChannel };
    const locked = await lockThreadOf(tx, found.parentId, room);
    if (!locked || locked.thread.id !== found.threadId) throw new RetryableConflict(`thread ${found.threadId} changed while being locked`);
    if (!locked.roomy)
      throw new ThreadgraphError(
        'MAX_DEPTH_EXCEEDED',
        `No room under the maximum depth of ${policy.maxDepth} in thread "${input.externalThreadId}".`,
      );
    return { parentId: locked.roomy.id, reason: 'THREAD_ID', warnings: [], externalId: input.externalId ?? locked.roomy.externalId };
  }

  const key = stitchKeyOf(input, policy);
  if (!key) {
    if (policy.rejectOrphans) {
      throw new ThreadgraphError(
        'ORPHAN_REJECTED',
        `The interaction has neither a ${STITCH_KEY_FIELD[policy.key]} (the tenant's stitching key) nor a parent, so it would never join a thread.`,
      );
    }
    return { parentId: null, reason: 'NEW_THREAD', warnings: [], externalId: input.externalId };
  }

  const horizon = new Date(horizonOf(input.startedAt, policy)).toISOString();
  const rows = await tx.run('find-recent-interactions', {
    keyField: STITCH_KEY_FIELD[key.kind],
    value: key.value,
    lockKey: lockKeyOf(key),
    startedAt: input.startedAt,
    horizon,
    scanLimit: SCAN_LIMIT,
  });
  const decision = chooseAutoStitch(
    rows.map((r) => r.candidate),
    input,
    key,
    policy,
  );
  if (decision.kind === 'new') return { parentId: null, reason: 'NEW_THREAD', warnings: decision.warnings, externalId: input.externalId };

  const locked = await lockThreadOf(tx, decision.candidate.id, {
    maxDepth: policy.maxDepth,
    type: input.type,
    crossChannel: policy.crossChannel,
  });
  if (!locked) throw new RetryableConflict(`candidate ${decision.candidate.id} vanished`);
  const warnings = [...decision.warnings];
  if (!locked.roomy) {
    warnings.push({
      code: 'MAX_DEPTH_REACHED',
      message: `The customer's thread has no room under the maximum depth of ${policy.maxDepth}; started a new thread.`,
    });
    return { parentId: null, reason: 'NEW_THREAD', warnings, externalId: input.externalId };
  }
  if (locked.roomy.id !== locked.target.id) {
    warnings.push({
      code: 'MAX_DEPTH_REACHED',
      message: `The most recent interaction "${locked.target.id}" is at the maximum depth of ${policy.maxDepth}; attached to its nearest ancestor with room, "${locked.roomy.id}".`,
    });
  }
  return { parentId: locked.roomy.id, reason: decision.reason, warnings, externalId: input.externalId ?? locked.roomy.externalId };
}

async function replay(tx: TenantTx, first: { interactionId: string; stitch: StitchOutcome }): Promise<CreateResult> {
  const i = await tx.one('load-interactions', { ids: [first.interactionId] });
  if (!i) throw new RetryableConflict(`interaction ${first.interactionId} vanished during a replay`);
  const t = await tx.one('load-threads', { ids: [i.interaction.threadId] });
  // Its thread was absorbed by a link between the two reads: read again.
  if (!t) throw new RetryableConflict(`thread ${i.interaction.threadId} moved during a replay`);
  return { interaction: i.interaction, thread: t.thread, stitch: first.stitch, replayed: true };
}
