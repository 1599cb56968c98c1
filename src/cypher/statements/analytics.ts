import {
  AgentFigures,
  ChannelTransitionFigures,
  EdgeExportRow,
  HandleTimeFigures,
  InteractionExportRow,
  JourneyFigures,
  RepeatContactFigures,
  StitchingQuality,
  StitchKeyField,
  StitchKeyKind,
  ThreadExportRow,
  TimeBucket,
  TimeSeriesPoint,
  VolumeFigures,
} from '../../model';
import { statement } from '../statement';

/**
 * What every analytics and export statement takes: the period of thread start [from, to) as
 * instants, and the filters (null: none).
 */
export interface PeriodParams {
  from: string;
  to: string;
  channels: string[] | null;
  externalId: string | null;
}

/** A keyset page of an export: after the thread at (afterStartedAt, afterId), at most `limit` threads. */
export interface ExportPageParams extends PeriodParams {
  afterStartedAt: string | null;
  afterId: string | null;
  limit: number;
}

/** One row per thread of the page, in (startedAt, id) order; sortKey keeps startedAt's full precision. */
interface ExportPageRow<R> {
  sortKey: string;
  id: string;
  rows: R[];
}

/** Analysts' figures (cypher/analytics/, one statement per figure group) and the exports (cypher/export/). */
export const ANALYTICS_STATEMENTS = {
  'analytics/volume': statement<PeriodParams, VolumeFigures>(),
  'analytics/handle-time': statement<PeriodParams, HandleTimeFigures>(),
  'analytics/time-series': statement<PeriodParams & { timeZone: string; bucket: TimeBucket }, TimeSeriesPoint>(),
  'analytics/stitching-quality': statement<PeriodParams, StitchingQuality>(),
  /** keyFields: STITCH_KEY_FIELD, the customer's field for each policy key. */
  'analytics/repeat-contact': statement<
    PeriodParams & { withinDays: number; keyFields: Record<StitchKeyKind, StitchKeyField> },
    RepeatContactFigures
  >(),
  'analytics/channel-transitions': statement<PeriodParams, ChannelTransitionFigures>(),
  'analytics/journeys': statement<PeriodParams & { top: number }, JourneyFigures>(),
  'analytics/agents': statement<PeriodParams & { top: number }, AgentFigures>(),
  'export/count-threads': statement<PeriodParams, { threads: number }>(),
  'export/threads': statement<ExportPageParams, ExportPageRow<ThreadExportRow>>(),
  'export/interactions': statement<ExportPageParams, ExportPageRow<InteractionExportRow>>(),
  'export/edges': statement<ExportPageParams, ExportPageRow<EdgeExportRow>>(),
};
