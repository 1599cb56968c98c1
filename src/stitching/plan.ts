import { ClaimedCandidate, ClaimedCrmThread, ClaimedParent, ClaimMode, RoomyInteraction } from '../cypher';
import { RetryableConflict, ThreadgraphError } from '../errors';
import { STITCH_KEY_FIELD, StitchReason } from '../model';
import { chooseAutoStitch, crossChannelRefusal, StitchKey, stitchKeyOf, StitchWarning } from './decide';
import { NewInteraction } from './normalize';
import { StitchingPolicy } from './policy';

/**
 * Where a new interaction goes, decided from what claim-create read under its locks. Pure: the
 * write statement that follows checks every invariant again, under the same locks, and is the last
 * word; these functions only choose, and say why in warnings.
 */
export interface CreatePlan {
  /** The parent it attaches to, or null for the root of a new thread. */
  parentId: string | null;
  /** The thread the write touches (locked by the claim): the parent's, or the one a new thread continues. */
  threadId: string | null;
  /** The parent the client named (explicit parent or transfer), whatever it attaches to. */
  requestedParentId: string | null;
  reason: StitchReason;
  warnings: StitchWarning[];
  /** The new interaction's externalId: its own, else inherited from what it joins. */
  externalId: string | null;
  /** For a new thread: the CRM thread id it carries, and the thread it continues. */
  externalThreadId: string | null;
  continuesThreadId: string | null;
}

/** What claim-create locks and reads, from the input alone (and the policy the write decides with). */
export interface ClaimTarget {
  mode: ClaimMode;
  parentId: string | null;
  externalThreadId: string | null;
  key: StitchKey | null;
}

export function claimTargetOf(input: NewInteraction, policy: StitchingPolicy, transferFrom?: string): ClaimTarget {
  const parentId = transferFrom ?? input.parentId;
  if (parentId) return { mode: 'PARENT', parentId, externalThreadId: null, key: null };
  if (input.externalThreadId) return { mode: 'CRM_THREAD', parentId: null, externalThreadId: input.externalThreadId, key: null };
  const key = stitchKeyOf(input, policy);
  return { mode: key ? 'KEY' : 'NONE', parentId: null, externalThreadId: null, key };
}

const NEW_ROOT = { parentId: null, threadId: null, requestedParentId: null, externalThreadId: null, continuesThreadId: null };

/**
 * A new thread continuing `threadId`, because it holds maxThreadSize interactions already. It takes
 * over the full thread's CRM thread id, if any, so later contacts by that id join it as well.
 */
function continuing(
  threadId: string,
  crmThreadId: string | null,
  policy: StitchingPolicy,
): Pick<CreatePlan, 'threadId' | 'continuesThreadId' | 'externalThreadId' | 'warnings'> {
  return {
    threadId,
    continuesThreadId: threadId,
    externalThreadId: crmThreadId ?? null,
    warnings: [
      {
        code: 'THREAD_SIZE_LIMIT',
        message: `Thread "${threadId}" holds the maximum of ${policy.maxThreadSize} interactions; started a new thread that continues it.`,
      },
    ],
  };
}

/**
 * An explicit parent or a transfer (`transfer`: the parent is the interaction transferred). At
 * maxDepth it re-roots to the parent's nearest ancestor with room (policy atMaxDepth REROOT),
 * keeping the reason and naming both parents in a MAX_DEPTH_REACHED warning, or refuses (REFUSE).
 * Into a full thread it starts a new thread that continues it.
 */
export function planUnderParent(
  claimed: ClaimedParent | null,
  parentId: string,
  input: NewInteraction,
  policy: StitchingPolicy,
  transfer: boolean,
): CreatePlan {
  const named = claimed?.target;
  if (!claimed || !named) {
    throw transfer
      ? new ThreadgraphError('INTERACTION_NOT_FOUND', `No interaction "${parentId}" to transfer.`)
      : new ThreadgraphError('PARENT_NOT_FOUND', `The parent interaction "${parentId}" does not exist.`);
  }
  if (!claimed.stable || !claimed.thread) throw new RetryableConflict(`interaction ${parentId} moved while being locked`);
  if (transfer && named.endedAt) {
    throw new ThreadgraphError('INTERACTION_ENDED', `Interaction "${named.id}" has ended; an ended interaction cannot be transferred.`);
  }
  const crossChannel = crossChannelRefusal(named, input, policy);
  if (crossChannel) throw crossChannel;
  const reason: StitchReason = transfer ? 'TRANSFER' : 'EXPLICIT';
  const externalId = input.externalId ?? named.externalId;
  const base = { requestedParentId: named.id, externalId, externalThreadId: null };
  if (claimed.size >= policy.maxThreadSize) {
    return { ...base, parentId: null, reason: 'NEW_THREAD', ...continuing(claimed.thread.id, claimed.thread.externalThreadId, policy) };
  }
  const attach = { ...base, threadId: claimed.thread.id, reason, continuesThreadId: null };
  if (named.depth < policy.maxDepth) return { ...attach, parentId: named.id, warnings: [] };
  const refusal = `Attaching under "${named.id}" (depth ${named.depth}) would exceed the maximum thread depth of ${policy.maxDepth}`;
  if (policy.atMaxDepth === 'REFUSE') throw new ThreadgraphError('MAX_DEPTH_EXCEEDED', `${refusal}.`);
  if (!claimed.roomy) throw new ThreadgraphError('MAX_DEPTH_EXCEEDED', `${refusal}, and none of its ancestors has room.`);
  return {
    ...attach,
    parentId: claimed.roomy.id,
    warnings: [
      {
        code: 'MAX_DEPTH_REACHED',
        message: `The requested parent "${named.id}" is at the maximum depth of ${policy.maxDepth}; attached to its nearest ancestor with room, "${claimed.roomy.id}".`,
      },
    ],
  };
}

/**
 * A CRM thread id: a new thread carrying it, or its most recent interaction with room. A full CRM
 * thread hands its id over to a new thread that continues it, so the next ones join that one.
 */
export function planInCrmThread(claimed: ClaimedCrmThread | null, input: NewInteraction, policy: StitchingPolicy): CreatePlan {
  const crmId = input.externalThreadId!;
  const fresh = { ...NEW_ROOT, reason: 'THREAD_ID' as const, warnings: [], externalId: input.externalId, externalThreadId: crmId };
  if (!claimed?.thread) return fresh;
  const thread = claimed.thread;
  if (!claimed.stable || claimed.size === 0) throw new RetryableConflict(`thread ${thread.id} changed while being locked`);
  if (claimed.size >= policy.maxThreadSize) return { ...fresh, ...continuing(thread.id, crmId, policy) };
  if (!claimed.roomy) {
    throw claimed.allowedChannel === 0
      ? new ThreadgraphError(
          'CROSS_CHANNEL_DISABLED',
          `Thread "${crmId}" has no ${input.type} interaction to attach to, and cross-channel stitching is off.`,
        )
      : new ThreadgraphError(
          'MAX_DEPTH_EXCEEDED',
          `Thread "${crmId}" has no interaction with room under the maximum depth of ${policy.maxDepth}.`,
        );
  }
  return attachTo(claimed.roomy, 'THREAD_ID', [], input);
}

/**
 * The customer's key: the candidate chooseAutoStitch picks (window, grace, ambiguity, channel), or
 * its nearest ancestor with room when it is at maxDepth (a new thread when none has room); into a
 * full thread, a new thread that continues it.
 */
export function planByKey(candidates: ClaimedCandidate[], input: NewInteraction, key: StitchKey, policy: StitchingPolicy): CreatePlan {
  const decision = chooseAutoStitch(
    candidates.map((c) => c.candidate),
    input,
    key,
    policy,
  );
  const alone = { ...NEW_ROOT, reason: 'NEW_THREAD' as const, externalId: input.externalId };
  if (decision.kind === 'new') return { ...alone, warnings: decision.warnings };
  let chosen = candidates.find((c) => c.candidate.id === decision.candidate.id)!;
  if (!chosen.stable) throw new RetryableConflict(`candidate ${chosen.candidate.id} moved while being locked`);
  const warnings = [...decision.warnings];
  if (chosen.threadSize >= policy.maxThreadSize) {
    // The customer's journey went on in the thread that continues the full one: join that.
    const latest = latestContinuation(candidates, chosen);
    if (latest !== chosen) {
      if (!latest.stable) throw new RetryableConflict(`candidate ${latest.candidate.id} moved while being locked`);
      warnings.push({
        code: 'THREAD_SIZE_LIMIT',
        message: `Thread "${chosen.candidate.threadId}" holds the maximum of ${policy.maxThreadSize} interactions; joined "${latest.candidate.threadId}", which continues it.`,
      });
      chosen = latest;
    }
  }
  if (chosen.threadSize >= policy.maxThreadSize) {
    const next = continuing(chosen.candidate.threadId, chosen.threadCrmId, policy);
    return { ...alone, ...next, warnings: [...warnings, ...next.warnings] };
  }
  if (!chosen.roomy) {
    warnings.push({
      code: 'MAX_DEPTH_REACHED',
      message: `The customer's thread has no room under the maximum depth of ${policy.maxDepth}; started a new thread.`,
    });
    return { ...alone, warnings };
  }
  if (chosen.roomy.id !== chosen.candidate.id) {
    warnings.push({
      code: 'MAX_DEPTH_REACHED',
      message: `The most recent interaction "${chosen.candidate.id}" is at the maximum depth of ${policy.maxDepth}; attached to its nearest ancestor with room, "${chosen.roomy.id}".`,
    });
  }
  return attachTo(chosen.roomy, decision.reason, warnings, input);
}

/**
 * Follows the threads that continue `from`'s full thread, among the customer's candidates (each
 * thread continued at most once is the rule; should there be several, the most recently active
 * wins), and returns the most recently active candidate of the last one: where the journey is now.
 */
export function latestContinuation(candidates: readonly ClaimedCandidate[], from: ClaimedCandidate): ClaimedCandidate {
  let current = from;
  const seen = new Set([from.candidate.threadId]);
  for (;;) {
    const next = candidates
      .filter((c) => c.threadContinues === current.candidate.threadId && !seen.has(c.candidate.threadId))
      .reduce<ClaimedCandidate | null>(
        (best, c) => (best === null || c.candidate.lastActivity > best.candidate.lastActivity ? c : best),
        null,
      );
    if (!next) return current;
    seen.add(next.candidate.threadId);
    current = next;
  }
}

/** Neither parent, CRM thread nor key: a thread of its own, unless the policy refuses orphans. */
export function planAlone(input: NewInteraction, policy: StitchingPolicy): CreatePlan {
  if (policy.rejectOrphans) {
    throw new ThreadgraphError(
      'ORPHAN_REJECTED',
      `The interaction has neither a ${STITCH_KEY_FIELD[policy.key]} (the tenant's stitching key) nor a parent, so it would never join a thread.`,
    );
  }
  return { ...NEW_ROOT, reason: 'NEW_THREAD', warnings: [], externalId: input.externalId };
}

function attachTo(parent: RoomyInteraction, reason: StitchReason, warnings: StitchWarning[], input: NewInteraction): CreatePlan {
  return {
    parentId: parent.id,
    threadId: parent.threadId,
    requestedParentId: null,
    reason,
    warnings,
    externalId: input.externalId ?? parent.externalId,
    externalThreadId: null,
    continuesThreadId: null,
  };
}
