/**
 * One entry of the audit trail: a change to where an interaction sits in the graph, made by a
 * client on purpose (an explicit link, a detach). Stored as a (:Correction) node, never changed.
 */
export type CorrectionKind = 'LINK' | 'DETACH';

export interface CorrectionRecord {
  id: string;
  kind: CorrectionKind;
  /** The interaction that moved (a link's child, the detached interaction). */
  interactionId: string;
  beforeParentId: string | null;
  afterParentId: string | null;
  /** The thread it was in, and the thread it is in after the change (a link's absorbed thread no longer exists). */
  fromThreadId: string | null;
  toThreadId: string | null;
  /** The token's `sub`; null when auth is off or the token has none. */
  by: string | null;
  at: string;
  note: string | null;
}

/** The longest note a correction keeps, in characters. */
export const NOTE_MAX_LENGTH = 1000;

/** How many entries a history shows at most, newest first. */
export const HISTORY_LIMIT = 100;
