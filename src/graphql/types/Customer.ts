import { CustomerResolvers } from '../resolvers-types';
import { threadPage } from './ThreadConnection';

/** A customer as the CRM subgraph hands it over: its key is the stitching key threads carry as externalId. */
export interface CustomerRef {
  externalId: string;
}

/** Customer is owned by the CRM subgraph; a reference needs no read (a customer without threads has an empty page). */
export const Customer: CustomerResolvers = {
  __resolveReference: (ref, ctx) => {
    ctx.require('interaction:read');
    return { externalId: ref.externalId };
  },
  threads: (c, args, ctx, info) =>
    threadPage(
      ctx,
      info,
      { externalId: c.externalId, type: null, status: args.status ?? null, startedAfter: null, startedBefore: null },
      args.first,
      args.after,
    ),
};
