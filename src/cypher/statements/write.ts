import { Channel, InteractionRecord, StitchCandidate, StitchKeyField, StitchKeyKind, StitchReason, ThreadRecord } from '../../model';
import { statement } from '../statement';

/** A stored :StitchingPolicy node's fields (with its version), unchecked: the stitching module validates them. */
export type StoredPolicy = Record<string, unknown>;

/** An interaction with room for a child (depth < maxDepth, of an allowed channel), as claim-create finds it. */
export interface RoomyInteraction {
  id: string;
  type: Channel;
  depth: number;
  externalId: string | null;
  threadId: string;
}

/** What claim-create read under the lock of a named parent's thread ($mode PARENT). */
export interface ClaimedParent {
  /** False when the parent left the thread between the first read and the lock: run again. */
  stable: boolean;
  target: InteractionRecord | null;
  /** Its nearest ancestor-or-self with room. */
  roomy: RoomyInteraction | null;
  thread: ThreadRecord | null;
  size: number;
}

/** What claim-create read under the locks of a CRM thread id and its thread ($mode CRM_THREAD). */
export interface ClaimedCrmThread {
  stable: boolean;
  thread: ThreadRecord | null;
  size: number;
  /** How many of its interactions are of a channel the new one may join. */
  allowedChannel: number;
  /** Its most recent interaction with room. */
  roomy: RoomyInteraction | null;
}

/** A recent interaction of the customer's key, read under its thread's lock ($mode KEY). */
export interface ClaimedCandidate {
  candidate: StitchCandidate;
  stable: boolean;
  threadSize: number;
  /** The full thread its own thread continues, if it is a continuation. */
  threadContinues: string | null;
  /** Its thread's CRM thread id. */
  threadCrmId: string | null;
  roomy: RoomyInteraction | null;
}

export type ClaimMode = 'NONE' | 'PARENT' | 'CRM_THREAD' | 'KEY';

interface ClaimRow {
  claims: { key: string; hash: string | null; result: string | null; interactionId: string | null }[];
  existing: { payloadHash: string | null; stitchResult: string | null } | null;
  replay: { interaction: InteractionRecord; thread: ThreadRecord | null } | null;
  policy: StoredPolicy | null;
  parent: ClaimedParent | null;
  crmThread: ClaimedCrmThread | null;
  candidates: ClaimedCandidate[] | null;
}

interface ClaimParams {
  claimKeys: string[];
  id: string;
  policyVersion: number | null;
  mode: ClaimMode;
  parentId: string | null;
  externalThreadId: string | null;
  keyField: StitchKeyField | null;
  value: string | null;
  /** Every key the new interaction carries, sorted (the one it stitches on among them, in KEY mode). */
  keyLocks: string[];
  startedAt: string;
  horizon: string;
  scanLimit: number;
  maxDepth: number;
  crossChannel: boolean;
  type: Channel;
}

interface NewInteractionProps {
  id: string;
  type: Channel;
  externalId: string | null;
  phoneNumber: string | null;
  email: string | null;
  subject: string | null;
  metadata: string | null;
  participants: string;
  payloadHash: string;
  stitchResult: string;
  /** The CRM thread id the client sent (threading.threadId), kept so a detach knows which part carried it. */
  externalThreadId?: string | null;
}

/**
 * What a guarded write statement needs of the policy: the version the caller decided with (it
 * refuses with POLICY_CHANGED when the stored one differs), and the defaults of the rules it checks,
 * which apply where the stored policy (or the tenant's lack of one) leaves them out.
 */
export interface PolicyParams {
  policyVersion: number | null;
  defaults: { maxDepth: number; maxThreadSize: number; crossChannel: boolean };
}

/** The verdicts of create-interaction.cypher (see the file for what each means). */
export type CreateVerdict =
  | 'OK'
  | 'POLICY_CHANGED'
  | 'ID_TAKEN'
  | 'PARENT_NOT_FOUND'
  | 'MOVED'
  | 'TRANSFER_ENDED'
  | 'NOT_ANCESTOR'
  | 'MAX_DEPTH'
  | 'CROSS_CHANNEL'
  | 'THREAD_FULL'
  | 'THREAD_ID_TAKEN';

/** The verdicts of link-interaction.cypher. */
export type LinkVerdict =
  | 'OK'
  | 'POLICY_CHANGED'
  | 'CHILD_NOT_FOUND'
  | 'PARENT_NOT_FOUND'
  | 'MOVED'
  | 'SELF'
  | 'ALREADY_LINKED'
  | 'ALREADY_PARENTED'
  | 'CYCLE'
  | 'CROSS_CHANNEL'
  | 'THREAD_ID_CONFLICT'
  | 'MAX_DEPTH'
  | 'THREAD_FULL';

/** The verdicts of end-interaction.cypher. */
export type EndVerdict = 'OK' | 'POLICY_CHANGED' | 'NOT_FOUND' | 'MOVED' | 'ALREADY_ENDED' | 'ENDS_BEFORE_START';

/** The write side's statements: stitching, lifecycle, policy. */
export const WRITE_STATEMENTS = {
  'claim-create': statement<ClaimParams, ClaimRow>(),
  'complete-claims': statement<{ claimKeys: string[]; hash: string; result: string; interactionId: string }, { completed: number }>(),
  'create-interaction': statement<
    PolicyParams & {
      parentId: string | null;
      threadId: string | null;
      requestedParentId: string | null;
      transferFromId: string | null;
      reason: StitchReason;
      newThreadId: string;
      externalThreadId: string | null;
      continuesThreadId: string | null;
      startedAt: string;
      props: NewInteractionProps;
      agentIds: string[];
      claimKeys: string[];
      hash: string;
      result: string;
      /** The stitch decision as JSON text, for the interaction.created event. */
      stitch: string;
    },
    {
      verdict: CreateVerdict;
      interaction: InteractionRecord | null;
      thread: ThreadRecord | null;
      policy: StoredPolicy | null;
      threadCreated: boolean;
      threadReopened: boolean;
      /** How many thread events the write recorded in its transaction (0 on a refusal). */
      eventsRecorded: number;
    }
  >(),
  'link-interaction': statement<
    PolicyParams & { childId: string; parentId: string; correctionId: string; by: string | null; note: string | null },
    {
      verdict: LinkVerdict;
      interaction: InteractionRecord | null;
      child: InteractionRecord | null;
      parent: InteractionRecord | null;
      childHeight: number | null;
      policy: StoredPolicy | null;
      absorbedThreadId: string | null;
      threadReopened: boolean;
    }
  >(),
  'end-interaction': statement<
    {
      id: string;
      endedAt: string;
      talkSeconds: number | null;
      holdSeconds: number | null;
      afterCallWorkSeconds: number | null;
      policyVersion: number | null;
      keyKind: StitchKeyKind;
      keyField: StitchKeyField;
    },
    {
      verdict: EndVerdict;
      interaction: InteractionRecord | null;
      thread: ThreadRecord | null;
      policy: StoredPolicy | null;
      threadClosed: boolean;
      completedIds: string[];
      eventsRecorded: number;
    }
  >(),
  'load-policy': statement<Record<string, never>, { policy: StoredPolicy | null }>(),
  'lock-policy': statement<Record<string, never>, { tenant: string }>(),
  'save-policy': statement<
    {
      key: string;
      windowSeconds: number;
      gracePeriodSeconds: number;
      crossChannel: boolean;
      maxDepth: number;
      rejectOrphans: boolean;
      compositePattern: string;
      atMaxDepth: string;
      maxThreadSize: number;
    },
    { policy: StoredPolicy }
  >(),
};
