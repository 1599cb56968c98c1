import { randomUUID } from 'node:crypto';
import { WebhookEndpointRecord } from '../../cypher';
import { ThreadgraphError } from '../../errors';
import { TenantDb } from '../../neo4j';
import { eventTypesOf } from '../types';
import { checkSecret, newSecret } from './secrets';
import { TargetPolicy } from './targets';

export type { WebhookEndpointRecord };

/** How long a rotated-out secret still signs deliveries. */
export const SECRET_OVERLAP_HOURS = 24;
const DESCRIPTION_LIMIT = 500;

export interface NewEndpoint {
  url: string;
  eventTypes: readonly string[];
  description?: string | null;
  /** A secret of the caller's own (whsec_...); by default one is generated. */
  secret?: string | null;
}

/** An endpoint with its signing secret: only the answer to the call that made the secret holds it. */
export interface EndpointWithSecret {
  endpoint: WebhookEndpointRecord;
  secret: string;
}

/**
 * Creates a webhook endpoint. Everything is checked before anything is written: the URL (http or
 * https, resolving only to addresses the target policy allows), the event types (known, at least
 * one), the description, the secret.
 */
export async function createEndpoint(h: TenantDb, targets: TargetPolicy, input: NewEndpoint): Promise<EndpointWithSecret> {
  const eventTypes = eventTypesOf(input.eventTypes);
  if (eventTypes.length === 0) throw new ThreadgraphError('UNKNOWN_EVENT_TYPE', 'An endpoint receives at least one event type.');
  const description = input.description ?? null;
  if (description !== null && description.length > DESCRIPTION_LIMIT) {
    throw new ThreadgraphError('BAD_USER_INPUT', `description may be at most ${DESCRIPTION_LIMIT} characters`);
  }
  const secret = input.secret ? checkSecret(input.secret) : newSecret();
  const url = await targets.check(input.url);
  const row = await h.write((tx) =>
    tx.one('webhooks/create-endpoint', { id: `whep_${randomUUID().replace(/-/g, '')}`, url: url.href, description, eventTypes, secret }),
  );
  if (!row) throw new Error('webhooks/create-endpoint returned no row');
  return { endpoint: row.endpoint, secret };
}

export async function listEndpoints(h: TenantDb): Promise<WebhookEndpointRecord[]> {
  return (await h.read('webhooks/list-endpoints', { id: null })).map((r) => r.endpoint);
}

export async function getEndpoint(h: TenantDb, id: string): Promise<WebhookEndpointRecord | null> {
  return (await h.readOne('webhooks/list-endpoints', { id }))?.endpoint ?? null;
}

function found(row: { endpoint: WebhookEndpointRecord } | undefined, id: string): WebhookEndpointRecord {
  if (!row) throw new ThreadgraphError('WEBHOOK_ENDPOINT_NOT_FOUND', `No webhook endpoint "${id}" in this tenant.`);
  return row.endpoint;
}

/** A new secret for the endpoint; the old one still signs (beside it) for SECRET_OVERLAP_HOURS. */
export async function rotateSecret(h: TenantDb, id: string, chosen?: string | null): Promise<EndpointWithSecret> {
  const secret = chosen ? checkSecret(chosen) : newSecret();
  const row = await h.write((tx) => tx.one('webhooks/rotate-secret', { id, secret, overlapHours: SECRET_OVERLAP_HOURS }));
  return { endpoint: found(row, id), secret };
}

/** Enables or disables the endpoint by hand; `changed` is false when it was so already. */
export async function setEndpointEnabled(
  h: TenantDb,
  id: string,
  enabled: boolean,
): Promise<{ endpoint: WebhookEndpointRecord; changed: boolean }> {
  const row = await h.write((tx) =>
    tx.one('webhooks/set-status', { id, status: enabled ? 'ENABLED' : 'DISABLED', reason: enabled ? null : 'MANUAL' }),
  );
  return { endpoint: found(row, id), changed: row!.changed };
}

/** Deletes the endpoint, then its delivery log in batches (a later batch failing leaves log rows no endpoint names). */
export async function deleteEndpoint(h: TenantDb, id: string): Promise<boolean> {
  const deleted = (await h.write((tx) => tx.one('webhooks/delete-endpoint', { id })))?.deleted ?? 0;
  if (deleted === 0) throw new ThreadgraphError('WEBHOOK_ENDPOINT_NOT_FOUND', `No webhook endpoint "${id}" in this tenant.`);
  for (;;) {
    const removed = (await h.write((tx) => tx.one('webhooks/delete-deliveries', { endpointId: id, limit: 10_000 })))?.deleted ?? 0;
    if (removed < 10_000) break;
  }
  return true;
}
