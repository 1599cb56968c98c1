import { statement } from '../statement';
import { StoredEvent } from './events';

/** A :WebhookEndpoint as the admin statements return it: never its secrets. */
export interface WebhookEndpointRecord {
  id: string;
  tenant: string;
  url: string;
  description: string | null;
  eventTypes: string[];
  status: 'ENABLED' | 'DISABLED';
  /** MANUAL (disableWebhookEndpoint), GONE (the receiver answered 410), FAILING (failed for the whole retry window). */
  disabledReason: string | null;
  disabledAt: string | null;
  createdAt: string;
  updatedAt: string;
  secretRotatedAt: string | null;
  previousSecretExpiresAt: string | null;
  /** The tenant's event sequence up to which events have been queued for this endpoint. */
  cursor: number;
  pendingCount: number;
  deliveredCount: number;
  failedCount: number;
  lastSuccessAt: string | null;
  lastFailureAt: string | null;
  failingSince: string | null;
  lastError: string | null;
}

/** A :WebhookDelivery: one event queued for one endpoint, with its attempts so far. */
export interface WebhookDeliveryRecord {
  id: string;
  endpointId: string;
  eventId: string;
  eventType: string;
  sequence: number;
  threadId: string;
  status: 'PENDING' | 'DELIVERED' | 'FAILED';
  attempts: number;
  /** When the next attempt is due; null once done, and while an earlier event of its thread is pending. */
  due: string | null;
  firstAttemptAt: string | null;
  lastAttemptAt: string | null;
  lastStatusCode: number | null;
  lastLatencyMs: number | null;
  lastError: string | null;
  deliveredAt: string | null;
  createdAt: string;
  replay: boolean;
}

/** The result of one attempt, as the worker records it. */
export interface AttemptRow {
  deliveryId: string;
  ok: boolean;
  gone: boolean;
  status: number | null;
  latencyMs: number;
  error: string | null;
  /** The backoff before the next attempt, should this one have failed. */
  delayMs: number;
}

interface Owned {
  endpointId: string;
  /** This replica's lease id: a statement for an endpoint it no longer holds changes nothing. */
  owner: string;
}

export const WEBHOOK_STATEMENTS = {
  'webhooks/create-endpoint': statement<
    { id: string; url: string; description: string | null; eventTypes: string[]; secret: string },
    { endpoint: WebhookEndpointRecord }
  >(),
  'webhooks/list-endpoints': statement<{ id: string | null }, { endpoint: WebhookEndpointRecord }>(),
  'webhooks/rotate-secret': statement<{ id: string; secret: string; overlapHours: number }, { endpoint: WebhookEndpointRecord }>(),
  'webhooks/set-status': statement<
    { id: string; status: 'ENABLED' | 'DISABLED'; reason: string | null },
    { endpoint: WebhookEndpointRecord; changed: boolean }
  >(),
  'webhooks/delete-endpoint': statement<{ id: string }, { deleted: number }>(),
  'webhooks/delete-deliveries': statement<{ endpointId: string; limit: number }, { deleted: number }>(),
  'webhooks/list-deliveries': statement<
    {
      endpointId: string;
      status: string | null;
      eventId: string | null;
      afterCreatedAt: string | null;
      afterSequence: number | null;
      afterId: string | null;
      limit: number;
    },
    { delivery: WebhookDeliveryRecord & { sortKey: string } }
  >(),
  'webhooks/replay': statement<
    { endpointId: string; eventId: string | null; from: number | null; to: number | null; limit: number },
    { found: boolean; queued: number; eventIds: string[] }
  >(),
  'webhooks/claim-endpoints': statement<{ owner: string; leaseMs: number; claimLimit: number }, { tenant: string; id: string }>(),
  'webhooks/release-endpoints': statement<{ owner: string }, { released: number }>(),
  'webhooks/fanout': statement<Owned & { scan: number }, { scanned: number; queued: number; cursor: number }>(),
  'webhooks/due-deliveries': statement<
    Owned & { limit: number },
    {
      url: string;
      status: string;
      owned: boolean;
      secrets: string[];
      cursor: number;
      /** Deliveries queued and not yet delivered or given up. */
      pending: number;
      latest: number;
      nextDue: string | null;
      due: { delivery: { id: string; eventId: string; attempts: number }; event: StoredEvent }[];
    }
  >(),
  'webhooks/record-attempts': statement<
    Owned & { windowMs: number; attempts: AttemptRow[] },
    {
      recorded: number;
      status: string;
      disabledReason: string | null;
      /** Each recorded attempt's delivery, as it now stands (PENDING: to be retried). */
      outcomes: { deliveryId: string; status: 'PENDING' | 'DELIVERED' | 'FAILED' }[];
    }
  >(),
};
