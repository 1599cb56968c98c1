/** The shapes stored in Neo4j, as the Cypher queries return them (datetimes as ISO-8601 UTC strings). */

export const CHANNELS = ['VOICE', 'WEB_CHAT', 'EMAIL', 'SMS', 'SOCIAL', 'MESSAGING', 'VIDEO'] as const;
export type Channel = (typeof CHANNELS)[number];

export const ROLES = ['AGENT', 'CUSTOMER', 'BOT', 'SUPERVISOR'] as const;
export type ParticipantRole = (typeof ROLES)[number];

export type InteractionState = 'ACTIVE' | 'HOLD' | 'TRANSFERRED' | 'COMPLETED';
export type StitchReason = 'EXPLICIT' | 'TRANSFER' | 'AUTO_STITCH' | 'GRACE_PERIOD' | 'THREAD_ID' | 'NEW_THREAD';
export type ThreadStatus = 'OPEN' | 'CLOSED';

export interface Participant {
  id: string;
  role: ParticipantRole;
  state: string | null;
}

export interface InteractionRecord {
  id: string;
  tenant: string;
  type: Channel;
  externalId: string | null;
  phoneNumber: string | null;
  email: string | null;
  state: InteractionState;
  startedAt: string;
  endedAt: string | null;
  talkSeconds: number | null;
  holdSeconds: number | null;
  afterCallWorkSeconds: number | null;
  subject: string | null;
  /** JSON text: Neo4j properties cannot hold maps. */
  metadata: string | null;
  /** JSON text of Participant[]. */
  participants: string | null;
  depth: number;
  stitchReason: StitchReason;
  threadId: string;
  parentId: string | null;
  /** The parent the client named (explicit parent, transfer, link); differs from parentId when re-rooted at maxDepth. */
  requestedParentId?: string | null;
}

export interface ThreadRecord {
  id: string;
  tenant: string;
  externalId: string | null;
  externalThreadId: string | null;
  status: ThreadStatus;
  rootId: string;
  startedAt: string;
  closedAt: string | null;
  channels: Channel[];
  /** The thread this one continues: it was full (the policy's maxThreadSize) when this one started. */
  continuesThreadId?: string | null;
  /**
   * The thread's aggregates as the database counted them, when the read that loaded it was asked
   * for aggregates and no interaction (summarize-threads.cypher, a list page); absent otherwise.
   */
  summary?: ThreadSummary;
}

/**
 * A thread's aggregates over the interactions its walk reaches, counted and summed in Cypher
 * (summarize-threads.cypher): what size, depth, endedAt and handle time need, without the rows.
 */
export interface ThreadSummary {
  size: number;
  /** The deepest interaction's depth; null for an empty walk. */
  depth: number | null;
  /** Each interaction's handle time (handleTimeOf) added once. */
  totalSeconds: number;
  /** Epoch milliseconds of the first start, the last end; null for an empty walk (or no end yet). */
  firstStart: number | null;
  lastEnd: number | null;
  /** How many interactions have ended. */
  ended: number;
  /** Per channel used, in no particular order. */
  byChannel: { channel: Channel; seconds: number; interactions: number }[];
}

/** A PARENT_OF edge as the thread walk returns it. */
export interface ThreadEdge {
  parentId: string;
  childId: string;
  reason: StitchReason;
}

/** An earlier interaction with the same stitching key, as find-recent-interactions returns it. */
export interface StitchCandidate {
  id: string;
  type: Channel;
  externalId: string | null;
  depth: number;
  threadId: string;
  /** Its end, or its start while still active. */
  lastActivity: string;
}

/** One check of the integrity audit: how many nodes break the rule, and the smallest of their ids. */
export interface IntegrityCheck {
  count: number;
  sampleIds: string[];
}
