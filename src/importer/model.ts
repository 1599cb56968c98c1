import { BatchMember } from '../cypher';
import { Channel, InteractionRecord, InteractionState, StitchReason, ThreadRecord, ThreadStatus } from '../model';
import { RecordEnd } from './record';

/**
 * The part of the graph one import batch decides on, in memory: the threads claim-batch locked and
 * read whole, and what the batch adds to them as it replays its records' creates and ends in event
 * order. The batch's write is the difference between this and what was read.
 */
export interface SimInteraction {
  id: string;
  type: Channel;
  externalId: string | null;
  phoneNumber: string | null;
  email: string | null;
  depth: number;
  parentId: string | null;
  requestedParentId: string | null;
  threadId: string;
  startedAt: string;
  startMs: number;
  endedAt: string | null;
  /** The handle-time parts of an end this batch records. */
  end: RecordEnd | null;
  state: InteractionState;
  stitchReason: StitchReason;
  children: SimInteraction[];
  /** Made by this batch (a new row) or read from the database (maybe updated). */
  fresh: boolean;
  /** For one read from the database: its state then, to tell whether the batch changed it. */
  loadedState: InteractionState | null;
}

export interface SimThread {
  id: string;
  rootId: string;
  externalId: string | null;
  externalThreadId: string | null;
  continuesThreadId: string | null;
  status: ThreadStatus;
  startedAt: string;
  closedAt: string | null;
  channels: Channel[];
  /** Set when this batch reopened it. */
  reopenedAt: string | null;
  members: SimInteraction[];
  fresh: boolean;
  /** An existing thread whose facts (channels, start, reopening) this batch changed. */
  changed: boolean;
  /** An existing thread whose CRM thread id this batch handed over to a thread continuing it. */
  dropExternalThreadId: boolean;
}

export function simMember(m: BatchMember): SimInteraction {
  return {
    id: m.id,
    type: m.type,
    externalId: m.externalId ?? null,
    phoneNumber: m.phoneNumber ?? null,
    email: m.email ?? null,
    depth: m.depth,
    parentId: m.parentId ?? null,
    requestedParentId: m.requestedParentId ?? null,
    threadId: m.threadId,
    startedAt: m.startedAt,
    startMs: Date.parse(m.startedAt),
    endedAt: m.endedAt ?? null,
    end: null,
    state: m.state,
    stitchReason: m.stitchReason,
    children: [],
    fresh: false,
    loadedState: m.state,
  };
}

export function simThread(t: ThreadRecord & { reopenedAt?: string | null }, members: SimInteraction[]): SimThread {
  return {
    id: t.id,
    rootId: t.rootId,
    externalId: t.externalId ?? null,
    externalThreadId: t.externalThreadId ?? null,
    continuesThreadId: t.continuesThreadId ?? null,
    status: t.status,
    startedAt: t.startedAt,
    closedAt: t.closedAt ?? null,
    channels: [...(t.channels ?? [])],
    reopenedAt: null,
    members,
    fresh: false,
    changed: false,
    dropExternalThreadId: false,
  };
}

/** The record shape the plan functions read a named parent as (they use its id, type, key, depth, end). */
export function asRecord(x: SimInteraction): InteractionRecord {
  return {
    id: x.id,
    tenant: '',
    type: x.type,
    externalId: x.externalId,
    phoneNumber: x.phoneNumber,
    email: x.email,
    state: x.state,
    startedAt: x.startedAt,
    endedAt: x.endedAt,
    talkSeconds: null,
    holdSeconds: null,
    afterCallWorkSeconds: null,
    subject: null,
    metadata: null,
    participants: null,
    depth: x.depth,
    stitchReason: x.stitchReason,
    threadId: x.threadId,
    parentId: x.parentId,
    requestedParentId: x.requestedParentId,
  };
}

export function asThreadRecord(t: SimThread): ThreadRecord {
  return {
    id: t.id,
    tenant: '',
    externalId: t.externalId,
    externalThreadId: t.externalThreadId,
    status: t.status,
    rootId: t.rootId,
    startedAt: t.startedAt,
    closedAt: t.closedAt,
    channels: t.channels,
    continuesThreadId: t.continuesThreadId,
  };
}

/** Its end, or its start while it is live: what a stitching window is measured from. */
export const lastActivityOf = (x: SimInteraction): string => x.endedAt ?? x.startedAt;
