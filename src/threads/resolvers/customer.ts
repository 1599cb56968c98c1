import { GraphQLResolveInfo } from 'graphql';
import type { RequestContext } from '../../graphql/context';
import { ThreadStatus } from '../../model';
import { threadConnection } from './threadConnection';

interface CustomerRef {
  externalId: string;
}

/**
 * Customer is owned by the CRM subgraph; its key is the stitching key threads carry as
 * externalId. A reference needs no read: a customer without threads has an empty connection.
 */
export const customerResolvers = {
  Customer: {
    __resolveReference: (ref: CustomerRef, ctx: RequestContext): CustomerRef => {
      ctx.require('interaction:read');
      return { externalId: ref.externalId };
    },
    threads: (c: CustomerRef, args: { first?: number | null; after?: string | null; status?: ThreadStatus | null }, ctx: RequestContext, info: GraphQLResolveInfo) =>
      threadConnection(ctx, info, { externalId: c.externalId, type: null, status: args.status ?? null, startedAfter: null, startedBefore: null }, args.first, args.after),
  },
};
