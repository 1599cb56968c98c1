import { StoredEvent } from '../cypher';
import { CHANNELS, handleTimeOf, parseJson } from '../model';
import { EVENT_VERSION, EventType, isEventType, ThreadEvent } from './types';

/**
 * The versioned payload of a stored event: the envelope, and `data` built from the facts its
 * write recorded (never from the graph as it is now, so an event says what happened then).
 * Version 1; a change to a payload's shape gets a new version, and this renders each version a
 * stored event may hold.
 */
export function renderEvent(e: StoredEvent & { sequence: number }): ThreadEvent {
  if (!isEventType(e.type)) throw new Error(`stored event ${e.id} has unknown type ${e.type}`);
  if (e.version !== EVENT_VERSION) throw new Error(`stored event ${e.id} has version ${e.version}, this code renders ${EVENT_VERSION}`);
  return {
    id: e.id,
    type: e.type,
    version: e.version,
    occurredAt: e.occurredAt,
    tenant: e.tenant,
    sequence: e.sequence,
    data: dataOf(e.type, e),
  };
}

const n = <T>(v: T | null | undefined): T | null => (v === undefined ? null : v);

/** What every event says of its thread: which, its root, its status after the change, its customer. */
function threadOf(e: StoredEvent): Record<string, unknown> {
  return { id: e.threadId, rootId: n(e.threadRootId), status: n(e.threadStatus), externalId: n(e.threadExternalId) };
}

function dataOf(type: EventType, e: StoredEvent): Record<string, unknown> {
  switch (type) {
    case 'interaction.created':
      return {
        interaction: {
          id: e.interactionId,
          type: n(e.channel),
          externalId: n(e.externalId),
          state: n(e.state),
          startedAt: n(e.startedAt),
          depth: n(e.depth),
          parentId: n(e.parentId),
          requestedParentId: n(e.requestedParentId),
          threadId: e.threadId,
          subject: n(e.subject),
          participants: parseJson<unknown[]>(n(e.participants), []),
        },
        thread: {
          ...threadOf(e),
          externalThreadId: n(e.externalThreadId),
          continuesThreadId: n(e.continuesThreadId),
          created: e.threadCreated === true,
        },
        stitch: parseJson<unknown>(n(e.stitch), null),
      };
    case 'interaction.transferred':
      return {
        interaction: { id: e.interactionId, type: n(e.channel), state: n(e.state), threadId: e.threadId },
        to: { id: n(e.toInteractionId), type: n(e.toChannel) },
        thread: threadOf(e),
      };
    case 'interaction.detached':
      return {
        interaction: { id: e.interactionId, type: n(e.channel), parentId: null, depth: n(e.depth), threadId: e.threadId },
        thread: { ...threadOf(e), externalThreadId: n(e.externalThreadId) },
        formerParentId: n(e.formerParentId),
        fromThread: { id: n(e.fromThreadId), status: n(e.fromThreadStatus) },
        movedInteractionIds: e.movedIds ?? [],
      };
    case 'interaction.linked':
      return {
        interaction: { id: e.interactionId, type: n(e.channel), parentId: n(e.parentId), depth: n(e.depth), threadId: e.threadId },
        thread: { ...threadOf(e), externalThreadId: n(e.externalThreadId) },
        absorbedThreadId: n(e.absorbedThreadId),
        movedInteractionIds: e.movedIds ?? [],
      };
    case 'interaction.ended': {
      const times = {
        startedAt: e.startedAt ?? '',
        endedAt: n(e.endedAt),
        talkSeconds: n(e.talkSeconds),
        holdSeconds: n(e.holdSeconds),
        afterCallWorkSeconds: n(e.afterCallWorkSeconds),
      };
      return {
        interaction: {
          id: e.interactionId,
          type: n(e.channel),
          externalId: n(e.externalId),
          state: n(e.state),
          startedAt: n(e.startedAt),
          endedAt: n(e.endedAt),
          threadId: e.threadId,
          handleTime: handleTimeOf(times),
        },
        completedInteractionIds: e.completedIds ?? [],
        thread: { ...threadOf(e), closed: e.threadClosed === true },
      };
    }
    case 'thread.closed':
      return {
        thread: {
          ...threadOf(e),
          externalThreadId: n(e.externalThreadId),
          startedAt: n(e.threadStartedAt),
          closedAt: n(e.threadClosedAt),
          size: n(e.threadSize),
        },
        handleTime: handleTimeAtClose(e),
        completedInteractionIds: e.completedIds ?? [],
        closedByInteractionId: n(e.closedById),
      };
    case 'thread.reopened':
      return {
        thread: {
          ...threadOf(e),
          externalThreadId: n(e.externalThreadId),
          previousClosedAt: n(e.previousClosedAt),
        },
        reopenedByInteractionId: n(e.reopenedById),
        cause: n(e.cause),
      };
    case 'thread.continued':
      return {
        thread: { ...threadOf(e), externalThreadId: n(e.externalThreadId) },
        continuedBy: { threadId: n(e.continuedByThreadId), interactionId: n(e.continuedByInteractionId) },
        handedOverExternalThreadId: n(e.handedOverThreadId),
      };
    case 'thread.erased':
      // No personal data: the thread's keys went with the erasure.
      return { thread: threadOf(e), erasedInteractions: e.erasedCount ?? 0 };
    case 'thread.deleted':
      return { thread: { ...threadOf(e), closedAt: n(e.threadClosedAt) }, deletedInteractions: e.threadSize ?? 0 };
  }
}

const channelOrder = (channel: string): number => (CHANNELS as readonly string[]).indexOf(channel);

/**
 * The thread's handle time when it closed, as the read path computes it (threads/handleTime.ts):
 * each interaction counted once, per channel in the Channel enum's order, and the span from the
 * thread's first start to its close.
 */
function handleTimeAtClose(e: StoredEvent): Record<string, unknown> {
  const channels = e.htChannels ?? [];
  const byChannel = channels
    .map((channel, k) => ({ channel, seconds: e.htSeconds?.[k] ?? 0, interactions: e.htCounts?.[k] ?? 0 }))
    .sort((a, b) => channelOrder(a.channel) - channelOrder(b.channel));
  const span =
    e.threadStartedAt && e.threadClosedAt ? Math.max(0, (Date.parse(e.threadClosedAt) - Date.parse(e.threadStartedAt)) / 1000) : 0;
  return {
    totalSeconds: byChannel.reduce((sum, c) => sum + c.seconds, 0),
    spanSeconds: span,
    byChannel,
  };
}
