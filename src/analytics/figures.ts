import { ParamsOf, RowOf, StatementName } from '../cypher';
import { ThreadgraphError } from '../errors';
import {
  AgentFigures,
  ChannelTransitionFigures,
  HandleTimeFigures,
  JourneyFigures,
  RepeatContactFigures,
  STITCH_KEY_FIELD,
  StitchingQuality,
  TimeBucket,
  TimeSeriesPoint,
  VolumeFigures,
} from '../model';
import { TenantDb } from '../neo4j';
import { AnalyticsQuery, checkInt } from './period';

/**
 * One function per figure group, each one Cypher round trip (cypher/analytics/<group>.cypher)
 * over the threads that started in the query's period. Arguments are checked before the round
 * trip, so a bad one costs nothing.
 */

export const DEFAULT_WITHIN_DAYS = 7;
export const MAX_WITHIN_DAYS = 90;
export const DEFAULT_TOP = 10;
export const MAX_TOP = 100;

/** The parameters every analytics statement takes besides its own. */
export function periodParams(q: AnalyticsQuery) {
  return {
    from: q.period.from,
    to: q.period.to,
    channels: q.filter.channels ? [...q.filter.channels] : null,
    externalId: q.filter.externalId,
  };
}

/** The one row an aggregating statement returns (always one, even over no threads). */
async function single<N extends StatementName>(h: TenantDb, name: N, params: ParamsOf<N>): Promise<RowOf<N>> {
  const row = await h.readOne(name, params);
  if (!row) throw new Error(`${name} returned no row`);
  return row;
}

export const volume = (h: TenantDb, q: AnalyticsQuery): Promise<VolumeFigures> => single(h, 'analytics/volume', periodParams(q));

export const handleTime = (h: TenantDb, q: AnalyticsQuery): Promise<HandleTimeFigures> =>
  single(h, 'analytics/handle-time', periodParams(q));

export async function timeSeries(h: TenantDb, q: AnalyticsQuery, bucket: TimeBucket = 'DAY'): Promise<TimeSeriesPoint[]> {
  if (bucket !== 'DAY' && bucket !== 'WEEK') {
    throw new ThreadgraphError('BAD_USER_INPUT', `bucket must be DAY or WEEK, got ${JSON.stringify(bucket)}.`);
  }
  return h.read('analytics/time-series', { ...periodParams(q), timeZone: q.period.timeZone, bucket });
}

export const stitchingQuality = (h: TenantDb, q: AnalyticsQuery): Promise<StitchingQuality> =>
  single(h, 'analytics/stitching-quality', periodParams(q));

export async function repeatContact(h: TenantDb, q: AnalyticsQuery, withinDays = DEFAULT_WITHIN_DAYS): Promise<RepeatContactFigures> {
  checkInt(withinDays, 'withinDays', 1, MAX_WITHIN_DAYS);
  return single(h, 'analytics/repeat-contact', { ...periodParams(q), withinDays, keyFields: STITCH_KEY_FIELD });
}

export const channelTransitions = (h: TenantDb, q: AnalyticsQuery): Promise<ChannelTransitionFigures> =>
  single(h, 'analytics/channel-transitions', periodParams(q));

export async function journeys(h: TenantDb, q: AnalyticsQuery, top = DEFAULT_TOP): Promise<JourneyFigures> {
  checkInt(top, 'top', 1, MAX_TOP);
  return single(h, 'analytics/journeys', { ...periodParams(q), top });
}

export async function agents(h: TenantDb, q: AnalyticsQuery, top = DEFAULT_TOP): Promise<AgentFigures> {
  checkInt(top, 'top', 1, MAX_TOP);
  return single(h, 'analytics/agents', { ...periodParams(q), top });
}

/** The options of the figure groups that take any. */
export interface ReportOptions {
  bucket?: TimeBucket;
  withinDays?: number;
  top?: number;
}

export interface FullReport {
  volume: VolumeFigures;
  handleTime: HandleTimeFigures;
  timeSeries: TimeSeriesPoint[];
  stitchingQuality: StitchingQuality;
  repeatContact: RepeatContactFigures;
  channelTransitions: ChannelTransitionFigures;
  journeys: JourneyFigures;
  agents: AgentFigures;
}

/**
 * How many figure groups of one report run at once. Each group is one statement that keeps a
 * core of the database busy for its whole period: eight at once on a small server only share the
 * same cores, and each then runs eight times longer, long enough over a large period to hit the
 * server's transaction timeout (the benchmark saw it on 30 days of 1M interactions). Two at a time
 * finishes as soon, and no statement takes longer than it would alone on a busy machine.
 */
export const REPORT_CONCURRENCY = 2;

/** `work` over `items`, at most `limit` at a time, results in the order of `items`. */
export async function inTurns<T, R>(items: readonly T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const k = next++;
      results[k] = await work(items[k]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

/** Every figure group: eight round trips, REPORT_CONCURRENCY at a time. */
export async function fullReport(h: TenantDb, q: AnalyticsQuery, opts: ReportOptions = {}): Promise<FullReport> {
  checkInt(opts.withinDays ?? DEFAULT_WITHIN_DAYS, 'withinDays', 1, MAX_WITHIN_DAYS);
  checkInt(opts.top ?? DEFAULT_TOP, 'top', 1, MAX_TOP);
  // Each group stores its own figures, so every one keeps its type (no tuple to cast).
  let v!: VolumeFigures, ht!: HandleTimeFigures, ts!: TimeSeriesPoint[], sq!: StitchingQuality;
  let rc!: RepeatContactFigures, ct!: ChannelTransitionFigures, j!: JourneyFigures, a!: AgentFigures;
  const groups: (() => Promise<void>)[] = [
    async () => void (v = await volume(h, q)),
    async () => void (ht = await handleTime(h, q)),
    async () => void (ts = await timeSeries(h, q, opts.bucket)),
    async () => void (sq = await stitchingQuality(h, q)),
    async () => void (rc = await repeatContact(h, q, opts.withinDays)),
    async () => void (ct = await channelTransitions(h, q)),
    async () => void (j = await journeys(h, q, opts.top)),
    async () => void (a = await agents(h, q, opts.top)),
  ];
  await inTurns(groups, REPORT_CONCURRENCY, (g) => g());
  return {
    volume: v,
    handleTime: ht,
    timeSeries: ts,
    stitchingQuality: sq,
    repeatContact: rc,
    channelTransitions: ct,
    journeys: j,
    agents: a,
  };
}
