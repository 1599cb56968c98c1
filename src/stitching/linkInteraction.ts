import { RetryableConflict, ThreadgraphError } from '../errors';
import { InteractionRecord } from '../model';
import { TenantDb } from '../neo4j';
import { checkLink } from './decide';
import { policyFromRow } from './policyStore';

/**
 * Links `childId` under `parentId`, in one write transaction holding the locks of both threads.
 * Relinking to the same parent writes nothing (the guard clause of the stitching guide); anything
 * that would break a thread invariant is refused and changes nothing.
 */
export async function linkInteraction(h: TenantDb, childId: string, parentId: string): Promise<InteractionRecord> {
  return h.write(async (tx) => {
    const row = await tx.one('lock-link-threads', { childId, parentId });
    const child = row?.child ?? null;
    const parent = row?.parent ?? null;
    if (!row || !child) throw new ThreadgraphError('INTERACTION_NOT_FOUND', `No interaction "${childId}" to link.`);
    if (!parent) throw new ThreadgraphError('PARENT_NOT_FOUND', `The parent interaction "${parentId}" does not exist.`);
    if (!row.locked.includes(child.threadId) || !row.locked.includes(parent.threadId)) {
      throw new RetryableConflict(`a thread of ${childId} or ${parentId} changed while being locked`);
    }
    const policy = policyFromRow(row.policy);
    const crmThreads = { child: row.childCrmThread, parent: row.parentCrmThread };
    const refusal = checkLink(child, parent, row.childThreadHeight ?? 1, policy, crmThreads);
    if (refusal === 'ALREADY_LINKED') return child;
    if (refusal) throw refusal;
    const linked = await tx.one('link-threads', { childId, parentId });
    if (!linked) throw new RetryableConflict(`${childId} or ${parentId} vanished under the lock`);
    return linked.interaction;
  });
}
