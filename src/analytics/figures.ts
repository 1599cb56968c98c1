import { ParamsOf, RowOf, StatementName } from '../cypher';
import { ThreadgraphError } from '../errors';
import {
  AgentFigures,
  ChannelTransitionFigures,
  HandleTimeFigures,
  JourneyFigures,
  RepeatContactFigures,
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
  return single(h, 'analytics/repeat-contact', { ...periodParams(q), withinDays });
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

/** Every figure group: eight round trips, run side by side as a GraphQL query selecting them all would. */
export async function fullReport(h: TenantDb, q: AnalyticsQuery, opts: ReportOptions = {}): Promise<FullReport> {
  checkInt(opts.withinDays ?? DEFAULT_WITHIN_DAYS, 'withinDays', 1, MAX_WITHIN_DAYS);
  checkInt(opts.top ?? DEFAULT_TOP, 'top', 1, MAX_TOP);
  const [v, ht, ts, sq, rc, ct, j, a] = await Promise.all([
    volume(h, q),
    handleTime(h, q),
    timeSeries(h, q, opts.bucket),
    stitchingQuality(h, q),
    repeatContact(h, q, opts.withinDays),
    channelTransitions(h, q),
    journeys(h, q, opts.top),
    agents(h, q, opts.top),
  ]);
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
