import { Channel, InteractionState, StitchKeyField, StitchKeyKind, StitchReason, ThreadRecord, ThreadStatus } from '../../model';
import { statement } from '../statement';
import { PolicyParams, StoredPolicy } from './write';

/** A thread member as claim-batch reads it under the thread's lock. */
export interface BatchMember {
  id: string;
  type: Channel;
  externalId: string | null;
  phoneNumber: string | null;
  email: string | null;
  depth: number;
  threadId: string;
  startedAt: string;
  endedAt: string | null;
  state: InteractionState;
  stitchReason: StitchReason;
  requestedParentId: string | null;
  parentId: string | null;
}

/** One of a key's most recent interactions, as claim-batch found it before locking threads. */
export interface BatchKeyEntry {
  id: string;
  threadId: string;
  startedAt: string;
  lastActivity: string;
}

interface ClaimBatchParams {
  ids: string[];
  lockKeys: string[];
  keyKind: StitchKeyKind;
  keyField: StitchKeyField;
  keys: { value: string; maxStart: string; horizon: string }[];
  scanLimit: number;
  crmIds: string[];
  parentIds: string[];
  endIds: string[];
}

/** Epoch milliseconds (null: no value): how claim-batch sends times. */
type Ms = number | null;

/** A thread member as claim-batch sends it: [id, type, externalId, phoneNumber, email, depth, threadId, startedAt, endedAt, state, stitchReason, requestedParentId, parentId]. */
export type WireMember = [
  string,
  Channel,
  string | null,
  string | null,
  string | null,
  number,
  string,
  number,
  Ms,
  InteractionState,
  StitchReason,
  string | null,
  string | null,
];
/** A locked thread as claim-batch sends it: [id, rootId, externalId, externalThreadId, continuesThreadId, status, startedAt, closedAt, channels, members]. */
export type WireThread = [
  string,
  string,
  string | null,
  string | null,
  string | null,
  ThreadStatus,
  number,
  Ms,
  Channel[] | null,
  WireMember[],
];
/** One of a key's recent interactions: [id, threadId, startedAt, last activity]. */
export type WireRecent = [string, string, number, number];
/** One of the batch's interactions in already: [id, payloadHash, threadId, endedAt, talkSeconds, holdSeconds, afterCallWorkSeconds]. */
export type WireExisting = [string, string | null, string, Ms, number | null, number | null, number | null];

/** claim-batch's one row as it travels (src/importer/claim.ts decodes it into a BatchClaim). */
interface ClaimBatchRow {
  policy: StoredPolicy | null;
  keyed: { value: string; horizon: string; recent: WireRecent[] }[];
  locked: string[];
  threads: WireThread[];
  holders: { crm: string; threadId: string | null }[];
  parents: { id: string; threadId: string }[];
  ending: { id: string; threadId: string }[];
  existing: WireExisting[];
}

/** What claim-batch read for a batch, decoded: what the replay decides on. */
export interface BatchClaim {
  policy: StoredPolicy | null;
  keyed: { value: string; horizon: string; recent: BatchKeyEntry[] }[];
  locked: string[];
  threads: { thread: ThreadRecord; members: BatchMember[] }[];
  holders: { crm: string; threadId: string | null }[];
  parents: { id: string; threadId: string }[];
  ending: { id: string; threadId: string }[];
  existing: ImportedInteraction[];
}

/** An interaction of an import batch that is in the graph already: what a record is compared with. */
export interface ImportedInteraction {
  id: string;
  payloadHash: string | null;
  threadId: string;
  endedAt: string | null;
  talkSeconds: number | null;
  holdSeconds: number | null;
  afterCallWorkSeconds: number | null;
}

/** A new interaction of a batch, in creation order. */
export interface BatchRow {
  id: string;
  props: {
    id: string;
    type: Channel;
    externalId: string | null;
    phoneNumber: string | null;
    email: string | null;
    externalThreadId?: string | null;
    subject: string | null;
    metadata: string | null;
    participants: string;
    payloadHash: string;
    stitchResult: string;
  };
  startedAt: string;
  endedAt: string | null;
  talkSeconds: number | null;
  holdSeconds: number | null;
  afterCallWorkSeconds: number | null;
  state: InteractionState;
  depth: number;
  threadId: string;
  /** For a root: its new thread's index in `threads`; else -1. */
  threadIndex: number;
  stitchReason: StitchReason;
  parentId: string | null;
  /** The parent's index among the rows when it is an earlier row; else -1 (it is in the database). */
  parentIndex: number;
  requestedParentId: string | null;
  requestedIndex: number;
  agentIds: string[];
}

/** A thread a batch starts. */
export interface BatchThread {
  id: string;
  rootId: string;
  rootIndex: number;
  externalId: string | null;
  externalThreadId: string | null;
  continuesThreadId: string | null;
  startedAt: string;
  channels: Channel[];
  reopenedAt: string | null;
}

/** An existing interaction a batch ends, or whose state it changes. */
export interface BatchUpdate {
  id: string;
  endedAt: string | null;
  talkSeconds: number | null;
  holdSeconds: number | null;
  afterCallWorkSeconds: number | null;
  state: InteractionState;
}

/** An existing thread a batch adds to. */
export interface BatchThreadUpdate {
  id: string;
  channels: Channel[];
  startedAt: string;
  reopenedAt: string | null;
  dropExternalThreadId: boolean;
}

export type BatchRowVerdict =
  | 'ID_TAKEN'
  | 'ROOT'
  | 'PARENT_NOT_FOUND'
  | 'MOVED'
  | 'NOT_ANCESTOR'
  | 'BAD_DEPTH'
  | 'MAX_DEPTH'
  | 'CROSS_CHANNEL'
  | 'ENDS_BEFORE_START'
  | 'LIFECYCLE';

export interface WriteBatchParams extends PolicyParams {
  rows: BatchRow[];
  threads: BatchThread[];
  updates: BatchUpdate[];
  threadUpdates: BatchThreadUpdate[];
}

interface WriteBatchRow {
  verdict: 'OK' | 'POLICY_CHANGED' | 'REFUSED';
  policy: StoredPolicy | null;
  distinctIds: boolean;
  rows: { index: number; verdict: BatchRowVerdict }[];
  fullThreads: { threadId: string; present: number; added: number }[];
  threads: { index: number; verdict: 'ID_TAKEN' | 'ROOT' | 'THREAD_ID_TAKEN' }[];
  threadUpdates: { index: number; verdict: 'NOT_FOUND' | 'THREAD_ID_TAKEN' }[];
  updates: { index: number; verdict: 'NOT_FOUND' | 'MOVED' | 'ALREADY_ENDED' | 'ENDS_BEFORE_START' | 'LIFECYCLE' }[];
}

/** History import: which records are in already, a batch's locks and reads, then its guarded write (cypher/import/). */
export const IMPORT_STATEMENTS = {
  'import/find-imported': statement<{ ids: string[] }, ImportedInteraction>(),
  'import/claim-batch': statement<ClaimBatchParams, ClaimBatchRow>(),
  'import/write-batch': statement<WriteBatchParams, WriteBatchRow>(),
};
