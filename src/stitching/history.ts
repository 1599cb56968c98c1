import { ThreadgraphError } from '../errors';
import { assertWellFormed, CorrectionRecord, HISTORY_LIMIT, NOTE_MAX_LENGTH, shown } from '../model';
import { TenantDb } from '../neo4j';

/**
 * The audit trail of links and corrections. Each write that moves an interaction on a client's
 * request (linkInteraction, detachInteraction) records a Correction in its own statement, so the
 * record and the change commit together or not at all; these read it back, newest first.
 */

/** A correction's note: optional free text, at most NOTE_MAX_LENGTH characters; blank is no note. */
export function checkNote(note: unknown): string | null {
  if (note === undefined || note === null) return null;
  if (typeof note !== 'string') throw new ThreadgraphError('BAD_USER_INPUT', `note must be a string, got ${shown(note)}`);
  const trimmed = note.trim();
  if (trimmed.length === 0) return null;
  if (trimmed.length > NOTE_MAX_LENGTH) {
    throw new ThreadgraphError('BAD_USER_INPUT', `note must be at most ${NOTE_MAX_LENGTH} characters, got ${trimmed.length}`);
  }
  assertWellFormed(trimmed, 'note');
  return trimmed;
}

/** The history of each interaction, newest first, in `ids` order (one round trip for all). */
export async function interactionHistories(h: TenantDb, ids: readonly string[]): Promise<CorrectionRecord[][]> {
  const rows = await h.read('interaction-history', { ids: [...ids], limit: HISTORY_LIMIT });
  const byId = new Map(rows.map((r) => [r.id, r.history]));
  return ids.map((id) => byId.get(id) ?? []);
}

/** The history of each thread (links into or out of it, detaches from it or that made it), newest first. */
export async function threadHistories(h: TenantDb, ids: readonly string[]): Promise<CorrectionRecord[][]> {
  const rows = await h.read('thread-history', { ids: [...ids], limit: HISTORY_LIMIT });
  const byId = new Map(rows.map((r) => [r.id, r.history]));
  return ids.map((id) => byId.get(id) ?? []);
}
