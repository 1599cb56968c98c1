import {
  createInteraction,
  CreateResult,
  detachInteraction,
  endInteraction,
  linkInteraction,
  transferInteraction,
  updatePolicy,
} from '../../stitching';
import { recordStitch } from '../../metrics';
import { eraseCustomer } from '../../privacy';
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
    const linked = await linkInteraction(ctx.require('interaction:write'), args.childId, args.parentId, args.note);
    ctx.loaders.interaction.clear(linked.id).prime(linked.id, linked);
    return linked;
  },
  endInteraction: async (_, args, ctx) => {
    const ended = await endInteraction(ctx.require('interaction:write'), args.id, args.input ?? {});
    ctx.loaders.interaction.clear(ended.interaction.id).prime(ended.interaction.id, ended.interaction);
    if (ended.thread) ctx.loaders.thread.clear(ended.thread.id).prime(ended.thread.id, ended.thread);
    return ended.interaction;
  },
  /** Primes what the detach returned; the two threads' walks are read fresh if asked for. */
  detachInteraction: async (_, args, ctx) => {
    const detached = await detachInteraction(ctx.require('interaction:write'), args.id, args.note);
    ctx.loaders.interaction.clear(detached.interaction.id).prime(detached.interaction.id, detached.interaction);
    ctx.loaders.children.clear(detached.formerParentId);
    ctx.loaders.thread.clear(detached.thread.id).prime(detached.thread.id, detached.thread);
    ctx.loaders.thread.clear(detached.fromThread.id).prime(detached.fromThread.id, detached.fromThread);
    return detached;
  },
  /** The receipt's hash is keyed with PRIVACY_HASH_SECRET; the request's loaders are dropped (their records may hold what was erased). */
  eraseCustomer: async (_, args, ctx) => {
    const result = await eraseCustomer(ctx.require('privacy:admin'), args.key, ctx.config.privacy.hashSecret);
    ctx.loaders.interaction.clearAll();
    ctx.loaders.thread.clearAll();
    return result;
  },
  /** Only the fields given change; the others keep their stored (or default) values. */
  updateStitchingPolicy: (_, args, ctx) => updatePolicy(ctx.require('policy:admin'), args.input),
};
