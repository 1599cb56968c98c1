import { GraphQLResolveInfo } from 'graphql';
import type { RequestContext } from '../../graphql/context';
import { connectionOf } from '../connection';
import { decodeCursor } from '../cursor';
import { firstOf } from './pageArgs';

interface AgentRef {
  id: string;
}

/**
 * Agent is owned by the agents subgraph; this one adds the interactions an agent handled
 * (:Agent-[:HANDLED]->:Interaction), newest first. A reference needs no read.
 */
export const agentResolvers = {
  Agent: {
    __resolveReference: (ref: AgentRef, ctx: RequestContext): AgentRef => {
      ctx.require('interaction:read');
      return { id: ref.id };
    },
    interactions: async (a: AgentRef, args: { first?: number | null; after?: string | null }, ctx: RequestContext, info: GraphQLResolveInfo) => {
      ctx.require('interaction:read');
      const first = firstOf(args.first, info, ctx.config.graphql.maxPageSize);
      const position = args.after ? decodeCursor('interaction', args.after) : null;
      const rows = await ctx.loaders.agentInteractions.load({ agentId: a.id, position, first });
      return connectionOf('interaction', rows, first, args.after ?? null);
    },
  },
};
