import { RetryableConflict, ThreadgraphError } from '../errors';
import { InteractionRecord, MAX_DEPTH_LIMIT, parseInstant, STITCH_KEY_FIELD, ThreadRecord } from '../model';
import { TenantDb } from '../neo4j';
import { lockThreadOf } from './locks';

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
}

function seconds(value: number | null | undefined, field: string): number | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    throw new ThreadgraphError('BAD_USER_INPUT', `${field} must be a non-negative number of seconds, got ${JSON.stringify(value)}`);
  }
  return value;
}

/**
 * Ends an interaction under its thread's lock. Ending an interaction that has already ended is a
 * no-op that returns it as it is (a retried end changes nothing).
 */
export async function endInteraction(h: TenantDb, id: string, input: EndInteractionInput = {}): Promise<EndResult> {
  const params = {
    endedAt: input.endedAt ? parseInstant(input.endedAt, 'endedAt') : new Date().toISOString(),
    talkSeconds: seconds(input.talkSeconds, 'talkSeconds'),
    holdSeconds: seconds(input.holdSeconds, 'holdSeconds'),
    afterCallWorkSeconds: seconds(input.afterCallWorkSeconds, 'afterCallWorkSeconds'),
  };
  return h.write(async (tx) => {
    // The customer's key first, then the thread: the order a create takes them in.
    await tx.run('lock-stitch-key-of', { id, keyFields: STITCH_KEY_FIELD });
    const locked = await lockThreadOf(tx, id, { maxDepth: MAX_DEPTH_LIMIT });
    if (!locked) throw new ThreadgraphError('INTERACTION_NOT_FOUND', `No interaction "${id}" to end.`);
    if (locked.target.endedAt) return { interaction: locked.target, thread: locked.thread, threadClosed: false };
    if (Date.parse(params.endedAt) < Date.parse(locked.target.startedAt)) {
      throw new ThreadgraphError(
        'BAD_USER_INPUT',
        `endedAt (${params.endedAt}) is before the interaction started (${locked.target.startedAt}).`,
      );
    }
    const row = await tx.one('end-interaction', { id, ...params });
    if (!row) throw new RetryableConflict(`interaction ${id} vanished under its thread's lock`);
    return { interaction: row.interaction, thread: row.thread, threadClosed: row.threadClosed };
  });
}
