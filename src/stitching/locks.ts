import { RetryableConflict } from '../errors';
import { InteractionRecord, ThreadRecord } from '../model';
import { WriteTx } from '../neo4j';

export interface LockedInteraction {
  target: InteractionRecord;
  /** The nearest ancestor-or-self with room for a child (depth < maxDepth), or null. */
  roomy: InteractionRecord | null;
  thread: ThreadRecord;
}

/** Which ancestors may take a new child: below maxDepth, and of the new child's channel when cross-channel is off. */
export interface Room {
  maxDepth: number;
  type?: string | null;
  crossChannel?: boolean;
}

/**
 * Locks the thread of interaction `id` and re-reads it under the lock (lock first, read second).
 * Returns null when it does not exist in the tenant; throws RetryableConflict when it moved to
 * another thread meanwhile, or its thread was absorbed by a concurrent link.
 */
export async function lockThreadOf(tx: WriteTx, tenant: string, id: string, room: Room): Promise<LockedInteraction | null> {
  const row = await tx.one('lock-thread-of', { tenant, id, maxDepth: room.maxDepth, type: room.type ?? null, crossChannel: room.crossChannel ?? true });
  if (!row) return null;
  if (row.stable !== true) throw new RetryableConflict(`interaction ${id} moved to another thread while being locked`);
  return { target: row.target as InteractionRecord, roomy: (row.roomy as InteractionRecord | null) ?? null, thread: row.thread as ThreadRecord };
}
