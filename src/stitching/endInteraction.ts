import { InteractionRecord, STITCH_KEY_FIELD, ThreadRecord } from '../model';
import { TenantDb } from '../neo4j';
import { normalizeEnd } from './normalize';
import { knownPolicy } from './policyCache';
import { endRefusal } from './verdicts';

export interface EndInteractionInput {
  endedAt?: string | null;
  talkSeconds?: number | null;
  holdSeconds?: number | null;
  afterCallWorkSeconds?: number | null;
}

export interface EndResult {
  interaction: InteractionRecord;
  thread: ThreadRecord | null;
  /** True only for the end that closed the thread (the hook for thread-closed events). */
  threadClosed: boolean;
  /** The interactions this end made COMPLETED: itself, and the ancestors it was the last live descendant of. */
  completedIds: string[];
}

/**
 * Ends an interaction in one statement, end-interaction.cypher, under the customer's key and its
 * thread's lock. Ending an interaction that has already ended is a no-op that returns it as it is
 * (a retried end changes nothing).
 */
export async function endInteraction(h: TenantDb, id: string, input: EndInteractionInput = {}): Promise<EndResult> {
  // Checked like every input (normalize.ts): a strict date-time, durations of 0 to 30 days.
  const params = normalizeEnd(input);
  return h.write(async (tx) => {
    const known = knownPolicy(h);
    const row = await tx.one('end-interaction', {
      id,
      ...params,
      policyVersion: known.version,
      keyKind: known.policy.key,
      keyField: STITCH_KEY_FIELD[known.policy.key],
    });
    if (!row) throw new Error('end-interaction returned no row');
    if (row.verdict === 'OK' || row.verdict === 'ALREADY_ENDED') {
      if (!row.interaction) throw new Error(`end-interaction answered ${row.verdict} without the interaction`);
      return { interaction: row.interaction, thread: row.thread, threadClosed: row.threadClosed, completedIds: row.completedIds };
    }
    throw endRefusal(h, known, row.verdict, row, id, params.endedAt);
  });
}
