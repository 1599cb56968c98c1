import { ThreadgraphError } from '../errors';

/**
 * Every event a thread change records, in the transaction of the change. The names are the
 * payload's `type`; a consumer subscribes to (or filters on) these.
 */
export const EVENT_TYPES = [
  'interaction.created',
  'interaction.transferred',
  'interaction.linked',
  'interaction.ended',
  'thread.reopened',
  'thread.closed',
  'thread.continued',
  'interaction.detached',
  'thread.erased',
  'thread.deleted',
] as const;

export type EventType = (typeof EVENT_TYPES)[number];

/** The payload version this code writes: a consumer checks it before reading `data`. */
export const EVENT_VERSION = 1;

/** One event as consumers receive it (feed, webhook body, CLI): versioned and self-describing. */
export interface ThreadEvent {
  /** `evt_...`: the webhook-id of every delivery of this event, so consumers deduplicate on it. */
  id: string;
  type: EventType;
  version: number;
  /** When the change committed (the database's clock). */
  occurredAt: string;
  tenant: string;
  /** Strictly increasing per tenant, without gaps: where a consumer resumes. */
  sequence: number;
  data: Record<string, unknown>;
}

const KNOWN = new Set<string>(EVENT_TYPES);

export function isEventType(type: string): type is EventType {
  return KNOWN.has(type);
}

/** The given types, checked: UNKNOWN_EVENT_TYPE names the first that is not an event type. */
export function eventTypesOf(types: readonly string[]): EventType[] {
  const unknown = types.filter((t) => !isEventType(t));
  if (unknown.length > 0) {
    throw new ThreadgraphError(
      'UNKNOWN_EVENT_TYPE',
      `Unknown event type ${JSON.stringify(unknown[0])}; the event types are ${EVENT_TYPES.join(', ')}.`,
    );
  }
  return [...new Set(types)].filter(isEventType);
}
