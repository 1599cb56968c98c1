import { InteractionRecord } from '../../model';
import { Connection, connectionOf, decodeCursor } from '../../threads';
import { AgentResolvers } from '../resolvers-types';
import { firstOf } from '../selection';

/** An agent as the agents subgraph hands it over. */
export interface AgentRef {
  id: string;
}

/** A page of an agent's interactions. */
export type InteractionPage = Connection<InteractionRecord>;

/**
 * Agent is owned by the agents subgraph; this one adds the interactions an agent handled
 * (:Agent-[:HANDLED]->:Interaction), newest first. A reference needs no read.
 */
export const Agent: AgentResolvers = {
  __resolveReference: (ref, ctx) => {
    ctx.require('interaction:read');
    return { id: ref.id };
  },
  interactions: async (a, args, ctx, info) => {
    ctx.require('interaction:read');
    const first = firstOf(args.first, info, ctx.config.graphql.maxPageSize);
    const position = args.after ? decodeCursor('interaction', args.after) : null;
    const rows = await ctx.loaders.agentInteractions.load({ agentId: a.id, position, first });
    return connectionOf('interaction', rows, first, args.after ?? null);
  },
};
