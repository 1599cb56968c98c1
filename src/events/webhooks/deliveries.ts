import { WebhookDeliveryRecord } from '../../cypher';
import { ThreadgraphError } from '../../errors';
import { TenantDb } from '../../neo4j';
import { getEndpoint } from './endpoints';

export type { WebhookDeliveryRecord };

export interface DeliveryPage {
  deliveries: (WebhookDeliveryRecord & { cursor: string })[];
  hasNextPage: boolean;
}

export type DeliveryStatus = WebhookDeliveryRecord['status'];

/** The most events one replay may queue. */
export const REPLAY_LIMIT = 10_000;

/** A log cursor: the row's exact sort key (createdAt as Neo4j prints it, every digit kept; sequence; id). */
const cursorOf = (d: { sortKey: string; sequence: number; id: string }) =>
  Buffer.from(JSON.stringify([1, 'delivery', d.sortKey, d.sequence, d.id])).toString('base64url');

function positionOf(cursor: string): { afterCreatedAt: string; afterSequence: number; afterId: string } {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(parsed) && parsed.length === 5 && parsed[0] === 1 && parsed[1] === 'delivery') {
      const [, , at, sequence, id] = parsed as unknown[];
      const instant = typeof at === 'string' ? Date.parse(at.replace(/\[.*\]$/, '')) : NaN;
      if (typeof at === 'string' && !Number.isNaN(instant) && typeof sequence === 'number' && typeof id === 'string') {
        return { afterCreatedAt: at, afterSequence: sequence, afterId: id };
      }
    }
  } catch {
    // not ours: refused below
  }
  throw new ThreadgraphError('BAD_USER_INPUT', `after must be a cursor returned by this connection, got ${JSON.stringify(cursor)}`);
}

/** One endpoint's delivery log, newest first: each delivery with its attempts, last status, latency and error. */
export async function listDeliveries(
  h: TenantDb,
  endpointId: string,
  opts: { first: number; after?: string | null; status?: DeliveryStatus | null; eventId?: string | null },
): Promise<DeliveryPage> {
  const position = opts.after ? positionOf(opts.after) : { afterCreatedAt: null, afterSequence: null, afterId: null };
  const rows = await h.read('webhooks/list-deliveries', {
    endpointId,
    status: opts.status ?? null,
    eventId: opts.eventId ?? null,
    ...position,
    limit: opts.first + 1,
  });
  const page = rows.slice(0, opts.first).map((r) => {
    const { sortKey, ...delivery } = r.delivery;
    return { ...delivery, cursor: cursorOf({ sortKey, sequence: delivery.sequence, id: delivery.id }) };
  });
  return { deliveries: page, hasNextPage: rows.length > opts.first };
}

export type ReplayRequest = { eventId: string } | { fromSequence: number; toSequence: number };

/**
 * Sends events to one endpoint again: one event by id (EVENT_NOT_FOUND when the tenant has no such
 * numbered event), or a range of sequence numbers (the endpoint's event types only, at most
 * REPLAY_LIMIT). A disabled endpoint keeps them queued until it is enabled.
 */
export async function replayEvents(
  h: TenantDb,
  endpointId: string,
  request: ReplayRequest,
): Promise<{ queued: number; eventIds: string[] }> {
  let range: { from: number | null; to: number | null } = { from: null, to: null };
  if ('fromSequence' in request) {
    const { fromSequence: from, toSequence: to } = request;
    if (!Number.isSafeInteger(from) || !Number.isSafeInteger(to) || from < 1 || to < from) {
      throw new ThreadgraphError('BAD_USER_INPUT', `A replay range is 1 <= fromSequence <= toSequence, got ${from}..${to}`);
    }
    if (to - from + 1 > REPLAY_LIMIT) {
      throw new ThreadgraphError('BAD_USER_INPUT', `A replay covers at most ${REPLAY_LIMIT} sequence numbers; split ${from}..${to}.`);
    }
    range = { from, to };
  }
  const eventId = 'eventId' in request ? request.eventId : null;
  const row = await h.write((tx) => tx.one('webhooks/replay', { endpointId, eventId, ...range, limit: REPLAY_LIMIT }));
  if (!row) throw new Error('webhooks/replay returned no row');
  if (!row.found) {
    if (!(await getEndpoint(h, endpointId))) {
      throw new ThreadgraphError('WEBHOOK_ENDPOINT_NOT_FOUND', `No webhook endpoint "${endpointId}" in this tenant.`);
    }
    throw new ThreadgraphError('EVENT_NOT_FOUND', `No event "${eventId}" in this tenant (or it is not numbered yet).`);
  }
  return { queued: row.queued, eventIds: row.eventIds };
}
