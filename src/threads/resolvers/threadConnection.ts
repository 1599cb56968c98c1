import { GraphQLResolveInfo } from 'graphql';
import type { RequestContext } from '../../graphql/context';
import { ThreadRecord } from '../../model';
import { Connection, connectionOf } from '../connection';
import { decodeCursor } from '../cursor';
import { ThreadFilter } from '../pages';
import { firstOf } from './pageArgs';

/** A page of threads; totalCount is resolved (and counted) only when a client asks for it. */
export interface ThreadConnection extends Connection<ThreadRecord> {
  filter: ThreadFilter;
}

/** Checks the arguments before any read, then serves the page through the batched page loader. */
export async function threadConnection(
  ctx: RequestContext,
  info: GraphQLResolveInfo,
  filter: ThreadFilter,
  first: number | null | undefined,
  after: string | null | undefined,
): Promise<ThreadConnection> {
  ctx.require('interaction:read');
  const size = firstOf(first, info, ctx.config.graphql.maxPageSize);
  const position = after ? decodeCursor('thread', after) : null;
  const rows = await ctx.loaders.threadPage.load({ ...filter, position, first: size });
  return { ...connectionOf('thread', rows, size, after ?? null), filter };
}

export const threadConnectionResolvers = {
  ThreadConnection: {
    totalCount: (c: ThreadConnection, _: unknown, ctx: RequestContext) => ctx.loaders.threadCount.load(c.filter),
  },
};
