import { RequestContext } from '../context';

export const queryResolvers = {
  Query: {
    interaction: (_: unknown, args: { id: string }, ctx: RequestContext) => {
      ctx.require('interaction:read');
      return ctx.loaders.interaction.load(args.id);
    },
    thread: (_: unknown, args: { id: string }, ctx: RequestContext) => {
      ctx.require('interaction:read');
      return ctx.loaders.thread.load(args.id);
    },
  },
};
