import { GraphQLResolveInfo } from 'graphql';
import type { RequestContext } from '../../graphql/context';
import { ThreadStatus } from '../../model';
import { threadConnection } from './threadConnection';

interface ThreadFilterInput {
  externalId?: string | null;
  type?: string | null;
  status?: ThreadStatus | null;
  /** Inclusive: threads that started at or after this instant. */
  startedAfter?: string | null;
  /** Exclusive: threads that started before this instant, so two adjacent windows never overlap. */
  startedBefore?: string | null;
}

export const threadQueryResolvers = {
  Query: {
    threads: (_: unknown, args: { filter?: ThreadFilterInput | null; first?: number | null; after?: string | null }, ctx: RequestContext, info: GraphQLResolveInfo) => {
      const f = args.filter ?? {};
      return threadConnection(
        ctx,
        info,
        { externalId: f.externalId ?? null, type: f.type ?? null, status: f.status ?? null, startedAfter: f.startedAfter ?? null, startedBefore: f.startedBefore ?? null },
        args.first,
        args.after,
      );
    },
  },
};
