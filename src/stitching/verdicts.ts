import { CreateVerdict, DetachVerdict, EndVerdict, LinkVerdict, StoredPolicy } from '../cypher';
import { RetryableConflict, ThreadgraphError } from '../errors';
import { InteractionRecord } from '../model';
import { TenantDb } from '../neo4j';
import { assertPolicyCurrent, KnownPolicy } from './policyCache';

/**
 * What the write statements' refusals mean to a client. Each guarded statement checks the rules
 * itself and, when one fails, writes nothing and returns a verdict; here each verdict becomes the
 * typed error of the rule it names, or a retry when it says the caller decided on facts that
 * changed meanwhile (the transaction then runs again from its first statement).
 */

function unreachable(verdict: never): never {
  throw new Error(`unknown verdict ${String(verdict)}`);
}

/** An interaction the request names is not in the caller's tenant (`verb`: what the request would have done). */
const notFound = (id: string, verb: string) => new ThreadgraphError('INTERACTION_NOT_FOUND', `No interaction "${id}" to ${verb}.`);

/** The interaction left the thread the statement locked for it: the transaction runs again. */
const moved = (id: string) => new RetryableConflict(`interaction ${id} moved to another thread while being locked`);

/** Learns the stored policy and asks for a retry; the statement said the caller's was stale. */
function policyChanged(h: TenantDb, used: KnownPolicy, stored: StoredPolicy | null): never {
  assertPolicyCurrent(h, used, stored);
  throw new RetryableConflict('the stitching policy changed while this write was being decided');
}

/** Why create-interaction refused. `refused` names what the create asked for. */
export function createRefusal(
  h: TenantDb,
  used: KnownPolicy,
  verdict: Exclude<CreateVerdict, 'OK'>,
  stored: StoredPolicy | null,
  refused: { id: string; parentId: string | null; transferFromId: string | null; threadId: string | null },
): Error {
  const { maxDepth, maxThreadSize } = used.policy;
  switch (verdict) {
    case 'POLICY_CHANGED':
      return policyChanged(h, used, stored);
    case 'ID_TAKEN':
      // A concurrent create with this id committed first: running again replays (or refuses) it.
      return new RetryableConflict(`interaction ${refused.id} was created concurrently`);
    case 'MOVED':
    case 'THREAD_ID_TAKEN':
      return new RetryableConflict(`the thread of ${refused.parentId ?? refused.transferFromId ?? refused.id} changed`);
    case 'PARENT_NOT_FOUND':
      return refused.transferFromId
        ? notFound(refused.transferFromId, 'transfer')
        : new ThreadgraphError('PARENT_NOT_FOUND', `The parent interaction "${refused.parentId}" does not exist.`);
    case 'TRANSFER_ENDED':
      return new ThreadgraphError(
        'INTERACTION_ENDED',
        `Interaction "${refused.transferFromId}" has ended; an ended interaction cannot be transferred.`,
      );
    case 'MAX_DEPTH':
      return new ThreadgraphError(
        'MAX_DEPTH_EXCEEDED',
        `Attaching under "${refused.parentId}" would exceed the maximum thread depth of ${maxDepth}.`,
      );
    case 'CROSS_CHANNEL':
      return new ThreadgraphError('CROSS_CHANNEL_DISABLED', `Cross-channel stitching is off: "${refused.parentId}" is of another channel.`);
    case 'THREAD_FULL':
      return new ThreadgraphError(
        'THREAD_SIZE_EXCEEDED',
        `Thread "${refused.threadId}" already holds the maximum of ${maxThreadSize} interactions.`,
      );
    case 'NOT_ANCESTOR':
      // The plan is built from the claim's rows; a parent outside the requested one's ancestry is a bug.
      return new Error(`create of ${refused.id}: ${refused.parentId} is not an ancestor of the requested parent`);
    default:
      return unreachable(verdict);
  }
}

/** Why link-interaction refused, in the words of the rule. */
export function linkRefusal(
  h: TenantDb,
  used: KnownPolicy,
  verdict: Exclude<LinkVerdict, 'OK' | 'ALREADY_LINKED'>,
  row: { policy: StoredPolicy | null; child: InteractionRecord | null; parent: InteractionRecord | null; childHeight: number | null },
  ids: { childId: string; parentId: string },
): Error {
  const { child, parent } = row;
  switch (verdict) {
    case 'POLICY_CHANGED':
      return policyChanged(h, used, row.policy);
    case 'CHILD_NOT_FOUND':
      return notFound(ids.childId, 'link');
    case 'PARENT_NOT_FOUND':
      return new ThreadgraphError('PARENT_NOT_FOUND', `The parent interaction "${ids.parentId}" does not exist.`);
    case 'MOVED':
      return new RetryableConflict(`a thread of ${ids.childId} or ${ids.parentId} changed while being locked`);
    case 'SELF':
      return new ThreadgraphError('CYCLE_DETECTED', `An interaction cannot be its own parent ("${ids.childId}").`);
    case 'ALREADY_PARENTED':
      return new ThreadgraphError(
        'ALREADY_PARENTED',
        `Interaction "${ids.childId}" already has a parent ("${child?.parentId}"); an interaction has one parent.`,
      );
    case 'CYCLE':
      return new ThreadgraphError('CYCLE_DETECTED', `"${ids.parentId}" is a descendant of "${ids.childId}": the link would make a cycle.`);
    case 'CROSS_CHANNEL':
      return new ThreadgraphError(
        'CROSS_CHANNEL_DISABLED',
        `Cross-channel stitching is off: a ${child?.type} interaction cannot join a ${parent?.type} interaction.`,
      );
    case 'THREAD_ID_CONFLICT':
      return new ThreadgraphError(
        'THREAD_ID_CONFLICT',
        `"${ids.childId}" and "${ids.parentId}" belong to different CRM threads; linking them would merge two CRM threads.`,
      );
    case 'MAX_DEPTH':
      return new ThreadgraphError(
        'MAX_DEPTH_EXCEEDED',
        `Linking would put "${ids.childId}"'s subtree (height ${row.childHeight}) under depth ${parent?.depth}, beyond the maximum thread depth of ${used.policy.maxDepth}.`,
      );
    case 'THREAD_FULL':
      return new ThreadgraphError(
        'THREAD_SIZE_EXCEEDED',
        `Linking would make one thread of more than the maximum of ${used.policy.maxThreadSize} interactions.`,
      );
    default:
      return unreachable(verdict);
  }
}

/** Why end-interaction refused (ALREADY_ENDED is not a refusal: the end is returned as it was). */
export function endRefusal(
  h: TenantDb,
  used: KnownPolicy,
  verdict: Exclude<EndVerdict, 'OK' | 'ALREADY_ENDED'>,
  row: { policy: StoredPolicy | null; interaction: InteractionRecord | null },
  id: string,
  endedAt: string,
): Error {
  switch (verdict) {
    case 'POLICY_CHANGED':
      return policyChanged(h, used, row.policy);
    case 'NOT_FOUND':
      return notFound(id, 'end');
    case 'MOVED':
      return moved(id);
    case 'ENDS_BEFORE_START':
      return new ThreadgraphError(
        'BAD_USER_INPUT',
        `endedAt (${endedAt}) is before the interaction started (${row.interaction?.startedAt}).`,
      );
    default:
      return unreachable(verdict);
  }
}

/** Why detach-interaction refused. */
export function detachRefusal(verdict: Exclude<DetachVerdict, 'OK'>, id: string, interaction: InteractionRecord | null): Error {
  switch (verdict) {
    case 'NOT_FOUND':
      return notFound(id, 'detach');
    case 'MOVED':
      return moved(id);
    case 'ROOT':
      return new ThreadgraphError(
        'ALREADY_ROOT',
        `Interaction "${id}" is the root of thread "${interaction?.threadId}": it has no parent to be detached from.`,
      );
  }
}
