import { handleTimeOf, InteractionRecord, metadataOf, participantsOf } from '../../model';
import { RequestContext } from '../context';

/** Field resolvers of Interaction that need nothing beyond the record and the per-request loaders. */
export const interactionResolvers = {
  Interaction: {
    __resolveReference: (ref: { id: string }, ctx: RequestContext) => {
      ctx.require('interaction:read');
      return ctx.loaders.interaction.load(ref.id);
    },
    handleTime: (i: InteractionRecord) => handleTimeOf(i),
    metadata: (i: InteractionRecord) => metadataOf(i),
    subject: (i: InteractionRecord) => i.subject ?? (metadataOf(i)?.subject as string | undefined) ?? null,
    participants: (i: InteractionRecord) => participantsOf(i),
    parent: (i: InteractionRecord, _: unknown, ctx: RequestContext) => (i.parentId ? ctx.loaders.interaction.load(i.parentId) : null),
    /** Siblings by start. Primed for every interaction of a walked thread; batched otherwise. */
    children: (i: InteractionRecord, _: unknown, ctx: RequestContext) => ctx.loaders.children.load(i.id),
    thread: (i: InteractionRecord, _: unknown, ctx: RequestContext) => ctx.loaders.thread.load(i.threadId),
  },
};
