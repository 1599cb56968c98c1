import { Channel, InteractionRecord, StitchCandidate, StitchKeyField, StitchKeyKind, StitchReason, ThreadRecord } from '../../model';
import { statement } from '../statement';

/** A stored :StitchingPolicy node's fields, unchecked: the stitching module validates them. */
type StoredPolicy = Record<string, unknown>;

interface ClaimRow {
  claims: { key: string; hash: string | null; result: string | null }[];
  existing: { payloadHash: string | null; stitchResult: string | null } | null;
  policy: StoredPolicy | null;
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
}

/** The write side's statements: stitching, lifecycle, policy. */
export const WRITE_STATEMENTS = {
  'claim-create': statement<{ claimKeys: string[]; id: string }, ClaimRow>(),
  'complete-claims': statement<{ claimKeys: string[]; hash: string; result: string }, { completed: number }>(),
  'find-recent-interactions': statement<
    { keyField: StitchKeyField; value: string; lockKey: string; startedAt: string; horizon: string; scanLimit: number },
    { candidate: StitchCandidate }
  >(),
  'find-external-thread': statement<
    { externalThreadId: string; maxDepth: number; crossChannel: boolean; type: Channel },
    { threadId: string | null; size: number; allowedChannel: number; parentId: string | null }
  >(),
  'lock-thread-of': statement<
    { id: string; maxDepth: number; type: Channel | null; crossChannel: boolean },
    { stable: boolean; target: InteractionRecord; roomy: InteractionRecord | null; thread: ThreadRecord | null }
  >(),
  'create-interaction': statement<
    {
      parentId: string | null;
      newThreadId: string;
      externalThreadId: string | null;
      reason: StitchReason;
      transfer: boolean;
      startedAt: string;
      props: NewInteractionProps;
      agentIds: string[];
      claimKeys: string[];
      hash: string;
      result: string;
    },
    { interaction: InteractionRecord; thread: ThreadRecord }
  >(),
  'lock-link-threads': statement<
    { childId: string; parentId: string },
    {
      locked: string[];
      child: InteractionRecord | null;
      parent: InteractionRecord | null;
      childThreadHeight: number | null;
      policy: StoredPolicy | null;
      childCrmThread: string | null;
      parentCrmThread: string | null;
    }
  >(),
  'link-threads': statement<{ childId: string; parentId: string }, { interaction: InteractionRecord }>(),
  'lock-stitch-key-of': statement<{ id: string; keyFields: Readonly<Record<StitchKeyKind, StitchKeyField>> }, { lockKey: string | null }>(),
  'end-interaction': statement<
    { id: string; endedAt: string; talkSeconds: number | null; holdSeconds: number | null; afterCallWorkSeconds: number | null },
    { interaction: InteractionRecord; thread: ThreadRecord; threadClosed: boolean }
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
    },
    { policy: StoredPolicy }
  >(),
};
