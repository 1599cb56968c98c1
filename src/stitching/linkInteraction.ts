import { RetryableConflict, ThreadgraphError } from '../errors';
import { InteractionRecord } from '../model';
import { Database, QueryCounter } from '../neo4j';
import { checkLink } from './decide';
import { policyFromRow } from './policyStore';

/**
 * Links `childId` under `parentId`, in one write transaction holding the locks of both threads.
 * Relinking to the same parent writes nothing (the guard clause of the stitching guide); anything
 * that would break a thread invariant is refused and changes nothing.
 */
export async function linkInteraction(db: Database, tenant: string, childId: string, parentId: string, counter?: QueryCounter): Promise<InteractionRecord> {
  return db.write(async (tx) => {
    const row = await tx.one('lock-link-threads', { tenant, childId, parentId });
    const child = row?.child as InteractionRecord | null;
    const parent = row?.parent as InteractionRecord | null;
    if (!child) throw new ThreadgraphError('INTERACTION_NOT_FOUND', `No interaction "${childId}" to link.`);
    if (!parent) throw new ThreadgraphError('PARENT_NOT_FOUND', `The parent interaction "${parentId}" does not exist.`);
    const locked = row!.locked as string[];
    if (!locked.includes(child.threadId) || !locked.includes(parent.threadId)) {
      throw new RetryableConflict(`a thread of ${childId} or ${parentId} changed while being locked`);
    }
    const policy = policyFromRow(row!.policy);
    const crmThreads = { child: (row!.childCrmThread as string | null) ?? null, parent: (row!.parentCrmThread as string | null) ?? null };
    const refusal = checkLink(child, parent, Number(row!.childThreadHeight ?? 1), policy, crmThreads);
    if (refusal === 'ALREADY_LINKED') return child;
    if (refusal) throw refusal;
    const linked = await tx.one('link-threads', { tenant, childId, parentId });
    return linked!.interaction as InteractionRecord;
  }, counter);
}
