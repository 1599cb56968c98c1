import { createInteraction, CreateResult, endInteraction, linkInteraction, transferInteraction, updatePolicy } from '../../stitching';
import { recordStitch } from '../../metrics';
import { RequestContext } from '../context';
import { MutationResolvers } from '../resolvers-types';

/** Primes the request's loaders with what a write returned, so the selection set costs no reads (and counts its stitch). */
function primed(ctx: RequestContext, result: CreateResult): CreateResult {
  recordStitch(ctx.metrics, result);
  ctx.loaders.interaction.clear(result.interaction.id).prime(result.interaction.id, result.interaction);
  ctx.loaders.thread.clear(result.thread.id).prime(result.thread.id, result.thread);
  return result;
}

export const Mutation: MutationResolvers = {
  createInteraction: async (_, args, ctx) =>
    primed(ctx, await createInteraction(ctx.require('interaction:write'), args.input, { idempotencyKey: args.idempotencyKey })),
  transferInteraction: async (_, args, ctx) => {
    const result = await transferInteraction(ctx.require('interaction:write'), args.id, args.to, { idempotencyKey: args.idempotencyKey });
    ctx.loaders.interaction.clear(args.id);
    return primed(ctx, result);
  },
  linkInteraction: async (_, args, ctx) => {
    const linked = await linkInteraction(ctx.require('interaction:write'), args.childId, args.parentId);
    ctx.loaders.interaction.clear(linked.id).prime(linked.id, linked);
    return linked;
  },
  endInteraction: async (_, args, ctx) => {
    const ended = await endInteraction(ctx.require('interaction:write'), args.id, args.input ?? {});
    ctx.loaders.interaction.clear(ended.interaction.id).prime(ended.interaction.id, ended.interaction);
    if (ended.thread) ctx.loaders.thread.clear(ended.thread.id).prime(ended.thread.id, ended.thread);
    return ended.interaction;
  },
  /** Only the fields given change; the others keep their stored (or default) values. */
  updateStitchingPolicy: (_, args, ctx) => updatePolicy(ctx.require('policy:admin'), args.input),
};
