import { GraphQLResolveInfo } from 'graphql';
import { ThreadRecord } from '../../model';
import { Connection, connectionOf, decodeCursor, ThreadFilter } from '../../threads';
import { RequestContext } from '../context';
import { ThreadConnectionResolvers } from '../resolvers-types';
import { firstOf } from '../selection';

/** A page of threads, with the filter it was read with: totalCount is counted only when asked for. */
export interface ThreadPage extends Connection<ThreadRecord> {
  filter: ThreadFilter;
}

/** Checks the arguments before any read, then serves the page through the batched page loader. */
export async function threadPage(
  ctx: RequestContext,
  info: GraphQLResolveInfo,
  filter: ThreadFilter,
  first: number | null | undefined,
  after: string | null | undefined,
): Promise<ThreadPage> {
  ctx.require('interaction:read');
  const size = firstOf(first, info, ctx.config.graphql.maxPageSize);
  const position = after ? decodeCursor('thread', after) : null;
  const rows = await ctx.loaders.threadPage.load({ ...filter, position, first: size });
  return { ...connectionOf('thread', rows, size, after ?? null), filter };
}

export const ThreadConnection: ThreadConnectionResolvers = {
  totalCount: (page, _, ctx) => ctx.loaders.threadCount.load(page.filter),
};
