import { CHANNELS, InteractionRecord, isoOf, ThreadSummary } from '../model';
import { ThreadHandleTime, threadEndedAt, threadHandleTime } from './handleTime';

/** What the Thread fields size, depth, endedAt and handleTime show, from a walk or from a summary alike. */
export interface ThreadAggregates {
  size: number;
  depth: number;
  endedAt: string | null;
  handleTime: ThreadHandleTime;
}

/** The aggregates of a walked thread, from its interactions (TREE order). */
export function aggregatesOfWalk(tree: readonly InteractionRecord[], now: Date): ThreadAggregates {
  return {
    size: tree.length,
    depth: Math.max(0, ...tree.map((i) => i.depth)),
    endedAt: threadEndedAt(tree),
    handleTime: threadHandleTime(tree, now),
  };
}

/**
 * The same aggregates from what the database counted (summarize-threads.cypher): the same rules as
 * aggregatesOfWalk, so a thread reads alike whichever way it was loaded (the tests compare both).
 */
export function aggregatesOfSummary(s: ThreadSummary, now: Date): ThreadAggregates {
  const ended = s.size > 0 && s.ended === s.size && s.lastEnd !== null;
  let spanSeconds = 0;
  if (s.size > 0 && s.firstStart !== null) {
    const last = ended ? s.lastEnd! : now.getTime();
    const span = (last - s.firstStart) / 1000;
    spanSeconds = Number.isFinite(span) ? Math.max(0, span) : 0;
  }
  const byChannel = new Map(s.byChannel.map((c) => [c.channel, c]));
  return {
    size: s.size,
    depth: Math.max(0, s.depth ?? 0),
    endedAt: ended ? isoOf(s.lastEnd!) : null,
    handleTime: {
      totalSeconds: s.totalSeconds,
      spanSeconds,
      byChannel: CHANNELS.flatMap((ch) => {
        const c = byChannel.get(ch);
        return c ? [{ channel: ch, seconds: c.seconds, interactions: c.interactions }] : [];
      }),
    },
  };
}
