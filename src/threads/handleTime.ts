import { CHANNELS, Channel, handleTimeOf, InteractionRecord } from '../model';

export interface ChannelHandleTime {
  channel: Channel;
  seconds: number;
  interactions: number;
}

export interface ThreadHandleTime {
  totalSeconds: number;
  spanSeconds: number;
  byChannel: ChannelHandleTime[];
}

/** The last end once every interaction has ended; null while any is live (or for an empty walk). */
export function threadEndedAt(interactions: readonly InteractionRecord[]): string | null {
  if (interactions.length === 0 || interactions.some((i) => !i.endedAt)) return null;
  return interactions.reduce((last, i) => (i.endedAt! > last ? i.endedAt! : last), interactions[0]!.endedAt!);
}

/**
 * Handle time of a whole thread. totalSeconds adds each interaction's own handle time once (a
 * live interaction adds nothing yet), so a transfer chain is not counted twice. spanSeconds is
 * wall-clock time from the first start to the last end; while any interaction is live the span
 * runs to `now`, so an open thread's span grows until it closes. byChannel lists only channels the
 * thread used, in the Channel enum's order, with how many interactions each had (live ones too).
 */
export function threadHandleTime(interactions: readonly InteractionRecord[], now: Date): ThreadHandleTime {
  const perChannel = new Map<Channel, ChannelHandleTime>();
  let totalSeconds = 0;
  for (const i of interactions) {
    const seconds = handleTimeOf(i)?.totalSeconds ?? 0;
    totalSeconds += seconds;
    const c = perChannel.get(i.type) ?? { channel: i.type, seconds: 0, interactions: 0 };
    c.seconds += seconds;
    c.interactions += 1;
    perChannel.set(i.type, c);
  }
  let spanSeconds = 0;
  if (interactions.length > 0) {
    // A reduce, not Math.min(...): a wide thread must not overflow the argument stack.
    const first = interactions.reduce((min, i) => Math.min(min, Date.parse(i.startedAt)), Infinity);
    const ended = threadEndedAt(interactions);
    const last = ended ? Date.parse(ended) : now.getTime();
    const span = (last - first) / 1000;
    // A stored date that does not parse makes the span unknown (0), never NaN: Float cannot carry NaN.
    spanSeconds = Number.isFinite(span) ? Math.max(0, span) : 0;
  }
  return {
    totalSeconds,
    spanSeconds,
    byChannel: CHANNELS.flatMap((ch) => (perChannel.has(ch) ? [perChannel.get(ch)!] : [])),
  };
}
