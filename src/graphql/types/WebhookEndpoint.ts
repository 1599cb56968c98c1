import { ThreadgraphError } from '../../errors';
import {
  createEndpoint,
  deleteEndpoint,
  getEndpoint,
  listDeliveries,
  listEndpoints,
  replayEvents,
  rotateSecret,
  setEndpointEnabled,
  TargetPolicy,
  WebhookDeliveryRecord,
} from '../../events';
import { MutationResolvers, QueryResolvers, WebhookDeliveryResolvers, WebhookEndpointResolvers } from '../resolvers-types';
import { firstOf } from '../selection';

/** A page of an endpoint's delivery log. */
export interface DeliveryConnection {
  edges: { cursor: string; node: WebhookDeliveryRecord }[];
  pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null };
}

export const WebhookEndpoint: WebhookEndpointResolvers = {
  health: (w) => ({
    pending: Math.max(0, w.pendingCount),
    delivered: w.deliveredCount,
    failed: w.failedCount,
    lastSuccessAt: w.lastSuccessAt,
    lastFailureAt: w.lastFailureAt,
    failingSince: w.failingSince,
    lastError: w.lastError,
    position: w.cursor,
  }),
  deliveries: async (w, args, ctx, info) => {
    const h = ctx.require('webhook:admin');
    const first = firstOf(args.first, info, ctx.config.graphql.maxPageSize);
    const page = await listDeliveries(h, w.id, { first, after: args.after, status: args.status, eventId: args.eventId });
    const edges = page.deliveries.map(({ cursor, ...node }) => ({ cursor, node }));
    return {
      edges,
      pageInfo: {
        hasNextPage: page.hasNextPage,
        hasPreviousPage: Boolean(args.after),
        startCursor: edges[0]?.cursor ?? null,
        endCursor: edges[edges.length - 1]?.cursor ?? null,
      },
    };
  },
};

export const WebhookDelivery: WebhookDeliveryResolvers = {
  nextAttemptAt: (d) => d.due,
};

export const WebhookQuery: Pick<QueryResolvers, 'webhookEndpoints' | 'webhookEndpoint'> = {
  webhookEndpoints: (_, __, ctx) => listEndpoints(ctx.require('webhook:admin')),
  webhookEndpoint: (_, args, ctx) => getEndpoint(ctx.require('webhook:admin'), args.id),
};

export const WebhookMutation: Pick<
  MutationResolvers,
  | 'createWebhookEndpoint'
  | 'rotateWebhookSecret'
  | 'disableWebhookEndpoint'
  | 'enableWebhookEndpoint'
  | 'deleteWebhookEndpoint'
  | 'replayWebhookEvents'
> = {
  createWebhookEndpoint: (_, { input }, ctx) =>
    createEndpoint(ctx.require('webhook:admin'), new TargetPolicy(ctx.config.webhooks.allowedNetworks), input),
  rotateWebhookSecret: (_, args, ctx) => rotateSecret(ctx.require('webhook:admin'), args.id, args.secret),
  disableWebhookEndpoint: async (_, args, ctx) => {
    const { endpoint, changed } = await setEndpointEnabled(ctx.require('webhook:admin'), args.id, false);
    if (changed) ctx.metrics.webhookEndpointsDisabled.inc({ reason: 'MANUAL' });
    return endpoint;
  },
  enableWebhookEndpoint: async (_, args, ctx) => (await setEndpointEnabled(ctx.require('webhook:admin'), args.id, true)).endpoint,
  deleteWebhookEndpoint: async (_, args, ctx) => {
    await deleteEndpoint(ctx.require('webhook:admin'), args.id);
    return args.id;
  },
  replayWebhookEvents: (_, { input }, ctx) => {
    const h = ctx.require('webhook:admin');
    const { endpointId, eventId, fromSequence, toSequence } = input;
    const byId = eventId !== null && eventId !== undefined;
    const byRange = fromSequence !== null && fromSequence !== undefined && toSequence !== null && toSequence !== undefined;
    if (byId === byRange || (!byRange && (fromSequence != null || toSequence != null))) {
      throw new ThreadgraphError('BAD_USER_INPUT', 'Replay one event (eventId) or a range (fromSequence and toSequence), not both.');
    }
    return replayEvents(h, endpointId, byId ? { eventId } : { fromSequence: fromSequence!, toSequence: toSequence! });
  },
};
