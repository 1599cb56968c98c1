import { statement } from '../statement';

/**
 * A :ThreadEvent node as the write statements record it: the envelope (id, type, version,
 * occurredAt, thread and its counter, sequence once numbered) and the facts of the change, flat
 * (Neo4j properties hold no maps; JSON text where a client's structure is kept). Which facts an
 * event has depends on its type; src/events/render.ts turns them into the versioned payload.
 */
export interface StoredEvent {
  id: string;
  tenant: string;
  type: string;
  version: number;
  occurredAt: string;
  threadId: string;
  threadSeq: number;
  sequence?: number | null;
  interactionId?: string | null;
  channel?: string | null;
  externalId?: string | null;
  state?: string | null;
  startedAt?: string | null;
  endedAt?: string | null;
  depth?: number | null;
  parentId?: string | null;
  requestedParentId?: string | null;
  subject?: string | null;
  /** JSON text of the participants, as stored on the interaction. */
  participants?: string | null;
  /** JSON text of the stitch decision. */
  stitch?: string | null;
  threadCreated?: boolean | null;
  threadStatus?: string | null;
  threadRootId?: string | null;
  threadExternalId?: string | null;
  externalThreadId?: string | null;
  continuesThreadId?: string | null;
  toInteractionId?: string | null;
  toChannel?: string | null;
  reopenedById?: string | null;
  cause?: string | null;
  previousClosedAt?: string | null;
  talkSeconds?: number | null;
  holdSeconds?: number | null;
  afterCallWorkSeconds?: number | null;
  completedIds?: string[] | null;
  threadClosed?: boolean | null;
  closedById?: string | null;
  threadStartedAt?: string | null;
  threadClosedAt?: string | null;
  threadSize?: number | null;
  /** Handle time at a close, per channel (parallel lists). */
  htChannels?: string[] | null;
  htSeconds?: number[] | null;
  htCounts?: number[] | null;
  absorbedThreadId?: string | null;
  movedIds?: string[] | null;
  /** A detach's: the parent it left, and the thread it left with that thread's status after. */
  formerParentId?: string | null;
  fromThreadId?: string | null;
  fromThreadStatus?: string | null;
  /** thread.continued: the new thread that continues a full one, its first interaction, the CRM thread id it took over. */
  continuedByThreadId?: string | null;
  continuedByInteractionId?: string | null;
  handedOverThreadId?: string | null;
  /** thread.erased: how many of the thread's interactions the erasure scrubbed. */
  erasedCount?: number | null;
  /** A link's event comes after the absorbed thread's last event (a continuation's first event after the full thread's thread.continued): its thread and counter. */
  afterThreadId?: string | null;
  afterThreadSeq?: number | null;
}

/** The state of an event a pending event must follow; `id` null when none is visible. */
export interface EventDependency {
  id: string | null;
  sequenced: boolean;
}

/** A recorded event not yet numbered, with what it waits for. */
export interface PendingEventRow {
  tenant: string;
  id: string;
  threadId: string;
  threadSeq: number;
  occurredAt: string;
  type: string;
  /** How long ago it occurred, on the database's clock (the sequencer's lag metric). */
  ageMs: number;
  /** Older than the sequencer's patience: a predecessor still invisible is taken as gone. */
  stale: boolean;
  /** The thread's previous event (threadSeq - 1); null for a thread's first. */
  prev: EventDependency | null;
  /** For a link: the absorbed thread's last event; null otherwise. */
  after: EventDependency | null;
}

/** Statements of the outbox: the sequencer (a job, across tenants) and the feed (one tenant). */
export const EVENT_STATEMENTS = {
  'events/sequencer-pending': statement<{ limit: number; staleSeconds: number }, PendingEventRow>(),
  'events/sequencer-assign': statement<
    { batches: { tenant: string; ids: string[] }[] },
    { tenant: string; first: number | null; last: number | null; numbered: number }
  >(),
  'events/feed': statement<
    { after: number; scan: number; types: string[] | null },
    { events: StoredEvent[]; position: number; latest: number }
  >(),
  'events/latest': statement<Record<string, never>, { latest: number }>(),
};
