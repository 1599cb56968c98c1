import { ThreadgraphError } from '../../errors';
import { handleTimeOf, metadataOf, participantsOf } from '../../model';
import { InteractionResolvers } from '../resolvers-types';

/** Interaction: fields from the record itself, and its neighbours through the per-request loaders. */
export const Interaction: InteractionResolvers = {
  __resolveReference: (ref, ctx) => {
    ctx.require('interaction:read');
    return ctx.loaders.interaction.load(ref.id);
  },
  handleTime: (i) => handleTimeOf(i),
  metadata: (i) => metadataOf(i),
  subject: (i) => i.subject ?? (metadataOf(i)?.subject as string | undefined) ?? null,
  participants: (i) => participantsOf(i),
  parent: (i, _, ctx) => (i.parentId ? ctx.loaders.interaction.load(i.parentId) : null),
  /** Siblings by start. Primed for every interaction of a walked thread; batched otherwise. */
  children: (i, _, ctx) => ctx.loaders.children.load(i.id),
  history: (i, _, ctx) => ctx.loaders.interactionHistory.load(i.id),
  thread: async (i, _, ctx) => {
    const thread = await ctx.loaders.thread.load(i.threadId);
    if (!thread) throw new ThreadgraphError('NOT_FOUND', `The thread of interaction ${i.id} no longer exists.`);
    return thread;
  },
};
