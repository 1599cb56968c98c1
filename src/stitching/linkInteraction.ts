import { RetryableConflict, ThreadgraphError } from '../errors';
import { InteractionRecord } from '../model';
import { Database, QueryCounter } from '../neo4j';
import { policyFrom, StitchingPolicy } from './policy';
import { retryOnConflict } from './retry';

/**
 * Links `childId` under `parentId`, in one write transaction holding the locks of both threads.
 * Relinking to the same parent writes nothing (the guard clause of the stitching guide); anything
 * that would break a thread invariant is refused and changes nothing.
 */
export async function linkInteraction(db: Database, tenant: string, childId: string, parentId: string, counter?: QueryCounter): Promise<InteractionRecord> {
  return retryOnConflict(() =>
    db.write(async (tx) => {
      const row = await tx.one('lock-link-threads', { tenant, childId, parentId });
      const child = row?.child as InteractionRecord | null;
      const parent = row?.parent as InteractionRecord | null;
      if (!child) throw new ThreadgraphError('INTERACTION_NOT_FOUND', `No interaction "${childId}" to link.`);
      if (!parent) throw new ThreadgraphError('PARENT_NOT_FOUND', `The parent interaction "${parentId}" does not exist.`);
      const locked = row!.locked as string[];
      if (!locked.includes(child.threadId) || !locked.includes(parent.threadId)) {
        throw new RetryableConflict(`a thread of ${childId} or ${parentId} changed while being locked`);
      }
      const policy = policyFrom(row!.policy as Partial<StitchingPolicy> | null);
      const crmThreads = { child: (row!.childCrmThread as string | null) ?? null, parent: (row!.parentCrmThread as string | null) ?? null };
      const refusal = checkLink(child, parent, Number(row!.childThreadHeight ?? 1), policy, crmThreads);
      if (refusal === 'ALREADY_LINKED') return child;
      if (refusal) throw refusal;
      const linked = await tx.one('link-threads', { tenant, childId, parentId });
      return linked!.interaction as InteractionRecord;
    }, counter),
  );
}

/** The rules of a link, in the order a user would want them reported. */
export function checkLink(
  child: InteractionRecord,
  parent: InteractionRecord,
  childThreadHeight: number,
  policy: StitchingPolicy,
  crmThreads: { child: string | null; parent: string | null } = { child: null, parent: null },
): ThreadgraphError | 'ALREADY_LINKED' | null {
  if (child.id === parent.id) return new ThreadgraphError('CYCLE_DETECTED', `An interaction cannot be its own parent ("${child.id}").`);
  if (child.parentId === parent.id) return 'ALREADY_LINKED';
  if (child.parentId !== null && child.parentId !== undefined) {
    return new ThreadgraphError('ALREADY_PARENTED', `Interaction "${child.id}" already has a parent ("${child.parentId}"); an interaction has one parent.`);
  }
  // The child is a root, so its thread is exactly its subtree: a parent inside it is a descendant.
  if (child.threadId === parent.threadId) {
    return new ThreadgraphError('CYCLE_DETECTED', `"${parent.id}" is a descendant of "${child.id}": the link would make a cycle.`);
  }
  if (!policy.crossChannel && child.type !== parent.type) {
    return new ThreadgraphError('CROSS_CHANNEL_DISABLED', `Cross-channel stitching is off: a ${child.type} interaction cannot join a ${parent.type} interaction.`);
  }
  // One thread keeps one CRM thread id: merging two would orphan one of them in the CRM.
  if (crmThreads.child && crmThreads.parent && crmThreads.child !== crmThreads.parent) {
    return new ThreadgraphError(
      'THREAD_ID_CONFLICT',
      `"${child.id}" belongs to CRM thread "${crmThreads.child}" and "${parent.id}" to CRM thread "${crmThreads.parent}"; linking them would merge two CRM threads.`,
    );
  }
  if (parent.depth + childThreadHeight > policy.maxDepth) {
    return new ThreadgraphError(
      'MAX_DEPTH_EXCEEDED',
      `Linking would put "${child.id}"'s subtree (height ${childThreadHeight}) under depth ${parent.depth}, beyond the maximum thread depth of ${policy.maxDepth}.`,
    );
  }
  return null;
}
