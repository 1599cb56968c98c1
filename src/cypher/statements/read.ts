import { InteractionRecord, ThreadEdge, ThreadRecord } from '../../model';
import { NoParams, statement } from '../statement';

/** One page request of a batch; `key` hands the result back to its request. */
interface ThreadPageParams {
  key: number;
  externalId: string | null;
  type: string | null;
  status: string | null;
  startedAfter: string | null;
  startedBefore: string | null;
  afterStartedAt: string | null;
  afterId: string | null;
}

type ThreadCountParams = Omit<ThreadPageParams, 'afterStartedAt' | 'afterId'>;

/** The read side's statements: threads, walks, pages. */
export const READ_STATEMENTS = {
  ping: statement<NoParams, { ok: number }>(),
  'load-interactions': statement<{ ids: string[] }, { interaction: InteractionRecord }>(),
  'load-threads': statement<{ ids: string[] }, { thread: ThreadRecord }>(),
  'load-children': statement<{ ids: string[] }, { interaction: InteractionRecord }>(),
  'walk-threads': statement<{ ids: string[] }, { thread: ThreadRecord; interactions: InteractionRecord[]; edges: ThreadEdge[] }>(),
  'list-threads': statement<
    { requests: ThreadPageParams[]; limit: number },
    { key: number; page: { thread: ThreadRecord; sortKey: string }[] }
  >(),
  'customer-threads': statement<
    { requests: ThreadPageParams[]; limit: number },
    { key: number; page: { thread: ThreadRecord; sortKey: string }[] }
  >(),
  'count-threads': statement<{ requests: ThreadCountParams[] }, { key: number; totalCount: number }>(),
  'count-customer-threads': statement<{ requests: ThreadCountParams[] }, { key: number; totalCount: number }>(),
  'agent-interactions': statement<
    { requests: { key: number; agentId: string; afterStartedAt: string | null; afterId: string | null }[]; limit: number },
    { key: number; page: { interaction: InteractionRecord; sortKey: string }[] }
  >(),
};
