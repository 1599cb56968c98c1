import { GraphQLResolveInfo } from 'graphql';
import { loadThread } from '../../threads/resolvers/thread';
import { RequestContext } from '../context';

export const queryResolvers = {
  Query: {
    interaction: (_: unknown, args: { id: string }, ctx: RequestContext) => {
      ctx.require('interaction:read');
      return ctx.loaders.interaction.load(args.id);
    },
    thread: (_: unknown, args: { id: string }, ctx: RequestContext, info: GraphQLResolveInfo) => loadThread(args.id, ctx, info),
  },
};
