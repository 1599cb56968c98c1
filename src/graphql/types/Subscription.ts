import { ThreadgraphError } from '../../errors';
import { LiveDelivery, LiveStream, ThreadEvent } from '../../events';
import { RequestContext } from '../context';
import { SubscriptionResolvers } from '../resolvers-types';

type Data = {
  thread?: { id?: unknown; externalId?: unknown };
  interaction?: { externalId?: unknown };
  absorbedThreadId?: unknown;
  fromThread?: { id?: unknown };
};

const dataOf = (e: ThreadEvent): Data => e.data as Data;

/**
 * A thread's own events, the link that absorbs it into another thread, and the detach that takes
 * part of it into a thread of its own (recorded under the new thread, naming this one as fromThread).
 */
export const ofThread =
  (threadId: string) =>
  (e: ThreadEvent): boolean => {
    const d = dataOf(e);
    return (
      d.thread?.id === threadId ||
      (e.type === 'interaction.linked' && d.absorbedThreadId === threadId) ||
      (e.type === 'interaction.detached' && d.fromThread?.id === threadId)
    );
  };

/** Events of the customer's threads, and of the customer's interactions stitched into another's thread. */
export const ofCustomer =
  (externalId: string) =>
  (e: ThreadEvent): boolean => {
    const d = dataOf(e);
    return d.thread?.externalId === externalId || d.interaction?.externalId === externalId;
  };

/** Opens the caller's stream (tenant and scope checked now); only a subscription connection has one. */
function open(ctx: RequestContext, after: number | null | undefined, filter: (e: ThreadEvent) => boolean): Promise<LiveStream> {
  const h = ctx.require('interaction:read');
  if (!ctx.live) {
    throw new ThreadgraphError(
      'BAD_REQUEST',
      'Subscriptions are served over WebSocket (graphql-ws) or Server-Sent Events (Accept: text/event-stream) on /graphql.',
    );
  }
  return ctx.live.open(h.tenant, { filter, after: after ?? null });
}

/** Each event, after the caller's token is checked again: an expired or changed token ends the stream. */
async function deliver(d: LiveDelivery, ctx: RequestContext): Promise<ThreadEvent> {
  if (d.error) throw d.error;
  try {
    await ctx.recheck('interaction:read');
  } catch (error) {
    d.end();
    throw error;
  }
  if (!d.event) throw new Error('a live delivery without an event or an error');
  return d.event;
}

export const Subscription: SubscriptionResolvers<RequestContext> = {
  threadUpdated: {
    subscribe: (_, args, ctx) => open(ctx, args.after, ofThread(args.threadId)),
    resolve: (d: LiveDelivery, _args: unknown, ctx: RequestContext) => deliver(d, ctx),
  },
  customerThreads: {
    subscribe: (_, args, ctx) => open(ctx, args.after, ofCustomer(args.externalId)),
    resolve: (d: LiveDelivery, _args: unknown, ctx: RequestContext) => deliver(d, ctx),
  },
};
