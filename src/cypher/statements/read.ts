import { InteractionRow, ThreadEdge, ThreadRow, ThreadSummary } from '../../model';
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
  /** Each thread of the page with its aggregates (ThreadSummary). */
  summarize: boolean;
  /** The request's totalCount too. */
  count: boolean;
}

/** A page of threads as list-threads and customer-threads return it. */
interface ThreadPageRow {
  key: number;
  page: { thread: ThreadRow; sortKey: string; summary: ThreadSummary | null }[];
  totalCount: number | null;
}

/** The read side's statements: threads, walks, pages. */
export const READ_STATEMENTS = {
  ping: statement<NoParams, { ok: number }>(),
  'load-interactions': statement<{ ids: string[] }, { interaction: InteractionRow }>(),
  'load-threads': statement<{ ids: string[] }, { thread: ThreadRow }>(),
  'load-children': statement<{ ids: string[] }, { interaction: InteractionRow }>(),
  'walk-threads': statement<{ ids: string[] }, { thread: ThreadRow; interactions: InteractionRow[]; edges: ThreadEdge[] }>(),
  'summarize-threads': statement<{ ids: string[]; maxSeconds: number }, { thread: ThreadRow; summary: ThreadSummary }>(),
  'list-threads': statement<{ requests: ThreadPageParams[]; limit: number; maxSeconds: number }, ThreadPageRow>(),
  'customer-threads': statement<{ requests: ThreadPageParams[]; limit: number; maxSeconds: number }, ThreadPageRow>(),
  'agent-interactions': statement<
    { requests: { key: number; agentId: string; afterStartedAt: string | null; afterId: string | null }[]; limit: number },
    { key: number; page: { interaction: InteractionRow; sortKey: string }[] }
  >(),
};
