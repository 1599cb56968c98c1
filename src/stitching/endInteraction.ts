import { ThreadgraphError } from '../errors';
import { InteractionRecord, parseInstant, STITCH_KEY_FIELD, ThreadRecord } from '../model';
import { TenantDb } from '../neo4j';
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

function seconds(value: number | null | undefined, field: string): number | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    throw new ThreadgraphError('BAD_USER_INPUT', `${field} must be a non-negative number of seconds, got ${JSON.stringify(value)}`);
  }
  return value;
}

/**
 * Ends an interaction in one statement, end-interaction.cypher, under the customer's key and its
 * thread's lock. Ending an interaction that has already ended is a no-op that returns it as it is
 * (a retried end changes nothing).
 */
export async function endInteraction(h: TenantDb, id: string, input: EndInteractionInput = {}): Promise<EndResult> {
  const params = {
    endedAt: input.endedAt ? parseInstant(input.endedAt, 'endedAt') : new Date().toISOString(),
    talkSeconds: seconds(input.talkSeconds, 'talkSeconds'),
    holdSeconds: seconds(input.holdSeconds, 'holdSeconds'),
    afterCallWorkSeconds: seconds(input.afterCallWorkSeconds, 'afterCallWorkSeconds'),
  };
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
