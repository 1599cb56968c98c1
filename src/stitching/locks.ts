import { RetryableConflict } from '../errors';
import { Channel, InteractionRecord, ThreadRecord } from '../model';
import { TenantTx } from '../neo4j';

export interface LockedInteraction {
  target: InteractionRecord;
  /** The nearest ancestor-or-self with room for a child (depth < maxDepth), or null. */
  roomy: InteractionRecord | null;
  thread: ThreadRecord;
}

/** Which ancestors may take a new child: below maxDepth, and of the new child's channel when cross-channel is off. */
export interface Room {
  maxDepth: number;
  type?: Channel | null;
  crossChannel?: boolean;
}

/**
 * Locks the thread of interaction `id` and re-reads it under the lock (lock first, read second).
 * Returns null when it does not exist in the tenant; throws RetryableConflict when it moved to
 * another thread meanwhile, or its thread was absorbed by a concurrent link.
 */
export async function lockThreadOf(tx: TenantTx, id: string, room: Room): Promise<LockedInteraction | null> {
  const row = await tx.one('lock-thread-of', {
    id,
    maxDepth: room.maxDepth,
    type: room.type ?? null,
    crossChannel: room.crossChannel ?? true,
  });
  if (!row) return null;
  if (!row.stable || !row.thread) throw new RetryableConflict(`interaction ${id} moved to another thread while being locked`);
  return { target: row.target, roomy: row.roomy, thread: row.thread };
}
