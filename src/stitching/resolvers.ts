import { RequestContext } from '../graphql/context';
import { Channel } from '../model';
import { createInteraction, CreateResult } from './createInteraction';
import { endInteraction, EndInteractionInput } from './endInteraction';
import { linkInteraction } from './linkInteraction';
import { CreateInteractionInput } from './normalize';

interface TransferInput {
  type: Channel;
  participants?: CreateInteractionInput['participants'];
  metadata?: unknown;
  id?: string | null;
  startedAt?: string | null;
}

/** Primes the request's loaders with what a write returned, so the selection set costs no reads. */
function primed(ctx: RequestContext, result: CreateResult): CreateResult {
  ctx.loaders.interaction.clear(result.interaction.id).prime(result.interaction.id, result.interaction);
  ctx.loaders.thread.clear(result.thread.id).prime(result.thread.id, result.thread);
  return result;
}

export const stitchingResolvers = {
  Mutation: {
    createInteraction: async (_: unknown, args: { input: CreateInteractionInput; idempotencyKey?: string | null }, ctx: RequestContext) => {
      const { tenant } = ctx.require('interaction:write');
      return primed(ctx, await createInteraction(ctx.db, tenant, args.input, { idempotencyKey: args.idempotencyKey, counter: ctx.counter }));
    },
    transferInteraction: async (_: unknown, args: { id: string; to: TransferInput }, ctx: RequestContext) => {
      const { tenant } = ctx.require('interaction:write');
      const { to } = args;
      const result = await createInteraction(
        ctx.db,
        tenant,
        { id: to.id, type: to.type, participants: to.participants, metadata: to.metadata, startedAt: to.startedAt },
        { transferFrom: args.id, counter: ctx.counter },
      );
      ctx.loaders.interaction.clear(args.id);
      return primed(ctx, result);
    },
    linkInteraction: async (_: unknown, args: { childId: string; parentId: string }, ctx: RequestContext) => {
      const { tenant } = ctx.require('interaction:write');
      const linked = await linkInteraction(ctx.db, tenant, args.childId, args.parentId, ctx.counter);
      ctx.loaders.interaction.clear(linked.id).prime(linked.id, linked);
      return linked;
    },
    endInteraction: async (_: unknown, args: { id: string; input?: EndInteractionInput | null }, ctx: RequestContext) => {
      const { tenant } = ctx.require('interaction:write');
      const ended = await endInteraction(ctx.db, tenant, args.id, args.input ?? {}, ctx.counter);
      ctx.loaders.interaction.clear(ended.interaction.id).prime(ended.interaction.id, ended.interaction);
      if (ended.thread) ctx.loaders.thread.clear(ended.thread.id).prime(ended.thread.id, ended.thread);
      return ended.interaction;
    },
  },
};
