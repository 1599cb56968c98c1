import { GraphQLResolveInfo } from 'graphql';
import { ThreadRecord } from '../../model';
import { Connection, connectionOf, decodeCursor, ThreadFilter, ThreadPageRequest } from '../../threads';
import { RequestContext } from '../context';
import { ThreadConnectionResolvers } from '../resolvers-types';
import { fieldsAt, firstOf } from '../selection';
import { threadReadFor } from './Thread';

/** A page of threads, with the request it was read with and its count when the selection asked for one. */
export interface ThreadPage extends Connection<ThreadRecord> {
  request: ThreadPageRequest;
  totalCount: number | null;
}

/**
 * Checks the arguments before any read, then serves the page through the batched page loader, in
 * one round trip with what the selection needs: each node's aggregates when the nodes show those
 * but no interaction (a list view), and totalCount when it is selected.
 */
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
  const request: ThreadPageRequest = {
    ...filter,
    position,
    first: size,
    summarize: threadReadFor(fieldsAt(info, ['edges', 'node'])) === 'summary',
    count: fieldsAt(info, []).has('totalCount'),
  };
  const { rows, totalCount } = await ctx.loaders.threadPage.load(request);
  return { ...connectionOf('thread', rows, size, after ?? null), request, totalCount };
}

export const ThreadConnection: ThreadConnectionResolvers = {
  /** Counted with the page; a selection the page did not foresee counts in a round trip of its own. */
  totalCount: async (page, _, ctx) =>
    page.totalCount ?? (await ctx.loaders.threadPage.load({ ...page.request, count: true })).totalCount ?? 0,
};
