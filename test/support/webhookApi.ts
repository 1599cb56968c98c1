import { App } from '../../src/app';
import { gql, GqlResponse } from './app';

export const CREATE_ENDPOINT =
  'mutation($i: CreateWebhookEndpointInput!) { createWebhookEndpoint(input: $i) { secret endpoint { id url status eventTypes description } } }';
export const ENDPOINT =
  'query($id: ID!) { webhookEndpoint(id: $id) { id url status disabledReason eventTypes previousSecretExpiresAt health { pending delivered failed lastSuccessAt lastFailureAt failingSince lastError position } } }';
export const DELIVERIES =
  'query($id: ID!, $status: WebhookDeliveryStatus, $first: Int, $after: String) { webhookEndpoint(id: $id) { deliveries(status: $status, first: $first, after: $after) { edges { cursor node { id eventId eventType sequence threadId status attempts nextAttemptAt firstAttemptAt lastAttemptAt lastStatusCode lastLatencyMs lastError deliveredAt createdAt replay } } pageInfo { hasNextPage endCursor } } } }';

/** The GraphQL calls of the webhook tests, for one tenant's token. */
export function webhookApi(app: App, token: string) {
  const call = async (query: string, variables: Record<string, unknown> = {}): Promise<GqlResponse> => gql(app, query, variables, token);
  const ok = async (query: string, variables: Record<string, unknown> = {}) => {
    const res = await call(query, variables);
    if (res.errors) throw new Error(JSON.stringify(res.errors));
    return res.data!;
  };
  return {
    call,
    ok,
    async createEndpoint(url: string, eventTypes: string[], extra: Record<string, unknown> = {}): Promise<{ id: string; secret: string }> {
      const data = await ok(CREATE_ENDPOINT, { i: { url, eventTypes, ...extra } });
      return { id: data.createWebhookEndpoint.endpoint.id, secret: data.createWebhookEndpoint.secret };
    },
    async endpoint(id: string) {
      return (await ok(ENDPOINT, { id })).webhookEndpoint;
    },
    async deliveries(id: string, status?: string) {
      return (await ok(DELIVERIES, { id, status: status ?? null, first: 100 })).webhookEndpoint.deliveries.edges.map(
        (e: { node: Record<string, any> }) => e.node,
      );
    },
    /** Deletes every endpoint of the tenant (tests leave none behind for other runs to deliver to). */
    async deleteAll() {
      const list = (await ok('{ webhookEndpoints { id } }')).webhookEndpoints as { id: string }[];
      for (const e of list) await ok('mutation($id: ID!) { deleteWebhookEndpoint(id: $id) }', { id: e.id });
    },
    async create(input: Record<string, unknown>): Promise<{ id: string; threadId: string }> {
      const data = await ok('mutation($i: CreateInteractionInput!) { createInteraction(input: $i) { interaction { id } thread { id } } }', {
        i: input,
      });
      return { id: data.createInteraction.interaction.id, threadId: data.createInteraction.thread.id };
    },
    async end(id: string) {
      await ok('mutation($id: ID!) { endInteraction(id: $id) { id } }', { id });
    },
  };
}
