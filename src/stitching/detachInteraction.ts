import { randomUUID } from 'node:crypto';
import { ThreadgraphError } from '../errors';
import { CorrectionRecord, InteractionRecord, isPlausibleId, shown, ThreadRecord } from '../model';
import { TenantDb } from '../neo4j';
import { checkNote } from './history';
import { detachRefusal } from './verdicts';

export interface DetachResult {
  /** The detached interaction, now the root of its own thread. */
  interaction: InteractionRecord;
  /** Its new thread. */
  thread: ThreadRecord;
  /** The thread it left, with its facts recomputed. */
  fromThread: ThreadRecord;
  /** The audit record written with it. Also the hook for thread events (a detach changes two threads). */
  correction: CorrectionRecord;
  formerParentId: string;
}

/**
 * Undoes a wrong stitch: `id` and its whole subtree leave their thread and become a thread of their
 * own, in one statement, detach-interaction.cypher, under the locks a link takes (the CRM thread id,
 * then the thread). The statement records who did it (the handle's actor, the token's `sub`) and
 * `note`. A root has nothing to detach from (ALREADY_ROOT); an unknown id, or another tenant's, is
 * not found. Nothing changes on a refusal.
 */
export async function detachInteraction(h: TenantDb, id: string, note?: string | null): Promise<DetachResult> {
  if (!isPlausibleId(id)) throw new ThreadgraphError('INTERACTION_NOT_FOUND', `No interaction ${shown(id)} to detach.`);
  const checked = checkNote(note);
  return h.write(async (tx) => {
    const row = await tx.one('detach-interaction', {
      id,
      newThreadId: randomUUID(),
      correctionId: randomUUID(),
      by: h.actor,
      note: checked,
    });
    if (!row) throw new Error('detach-interaction returned no row');
    if (row.verdict !== 'OK') throw detachRefusal(row.verdict, id, row.interaction);
    const { interaction, thread, fromThread, correction, formerParentId } = row;
    if (!interaction || !thread || !fromThread || !correction || !formerParentId) {
      throw new Error('detach-interaction answered OK without its interaction, threads or correction');
    }
    return { interaction, thread, fromThread, correction, formerParentId };
  });
}
