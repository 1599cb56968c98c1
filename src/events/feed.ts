import { ThreadgraphError } from '../errors';
import { TenantDb } from '../neo4j';
import { renderEvent } from './render';
import { EventType, ThreadEvent } from './types';
import { EventSignals, Wakeup } from './wakeup';

export interface EventPage {
  events: ThreadEvent[];
  /** Where the next page starts: the last event returned, or past the events a type filter skipped. */
  position: number;
  /** The tenant's highest number when the page was read. */
  latest: number;
}

/** How far a filtered page may scan past events of other types. */
const FILTERED_SCAN = 1000;

/**
 * The tenant's numbered events after `after`, in sequence order, at most `first`. Only numbered
 * events are served, and only up to the first number not yet visible, so a consumer that resumes
 * from `position` never misses one.
 */
export async function readEvents(
  h: TenantDb,
  opts: { after: number; first: number; types?: readonly EventType[] | null },
): Promise<EventPage> {
  if (!Number.isSafeInteger(opts.after) || opts.after < 0) {
    throw new ThreadgraphError('BAD_USER_INPUT', `after must be an event sequence (an integer from 0), got ${opts.after}`);
  }
  const types = opts.types && opts.types.length > 0 ? [...opts.types] : null;
  if (opts.first === 0) return { events: [], position: opts.after, latest: await latestSequence(h) };
  const row = await h.readOne('events/feed', { after: opts.after, scan: types ? FILTERED_SCAN : opts.first, types });
  if (!row) throw new Error('events/feed returned no row');
  const numbered = row.events.flatMap((e) => (typeof e.sequence === 'number' ? [renderEvent({ ...e, sequence: e.sequence })] : []));
  const events = numbered.slice(0, opts.first);
  const position = numbered.length > opts.first ? events[events.length - 1]!.sequence : row.position;
  return { events, position, latest: row.latest };
}

export async function latestSequence(h: TenantDb): Promise<number> {
  return (await h.readOne('events/latest', {}))?.latest ?? 0;
}

export interface FollowOptions {
  /** Start after this sequence; 'latest' starts with the next event to be numbered. */
  after: number | 'latest';
  types?: readonly EventType[] | null;
  /** Ends the iteration (at its next wait). */
  signal?: AbortSignal;
  /** How often to look for events numbered elsewhere (another replica, or while no wake-up came). */
  pollMs: number;
  /** This process's wake-ups: events numbered here are read at once, not at the next poll. */
  signals?: EventSignals;
  /** Events read per round trip. */
  batch?: number;
}

/**
 * The tenant's events after a position, in sequence order, as they are numbered, until `signal`
 * aborts: the live feed behind `threadgraph events tail --follow`, and what subscriptions follow.
 * It reads a page, yields its events, and waits for this process's wake-up or the poll.
 */
export async function* followEvents(h: TenantDb, opts: FollowOptions): AsyncGenerator<ThreadEvent, void, undefined> {
  const wakeup = new Wakeup();
  const unsubscribe = opts.signals?.onSequenced((tenant) => {
    if (tenant === h.tenant) wakeup.wake();
  });
  try {
    let position = opts.after === 'latest' ? await latestSequence(h) : opts.after;
    const first = opts.batch ?? 100;
    while (!opts.signal?.aborted) {
      const page = await readEvents(h, { after: position, first, types: opts.types });
      for (const event of page.events) {
        if (opts.signal?.aborted) return;
        yield event;
      }
      const moved = page.position !== position;
      position = page.position;
      if (moved && position < page.latest) continue;
      // Stuck before a number whose transaction is still becoming visible: look again soon.
      await wakeup.wait(position < page.latest ? Math.min(opts.pollMs, 50) : opts.pollMs, opts.signal);
    }
  } finally {
    unsubscribe?.();
  }
}
