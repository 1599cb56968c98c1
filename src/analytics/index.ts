/**
 * Analysts' figures over many threads (volume, handle time, time series, stitching quality,
 * repeat contact, channel transitions, journeys, agents), each one Cypher round trip over the
 * threads that started in a period, and keyset-paged exports for BI tools. Services take a
 * TenantDb and a checked AnalyticsQuery; nothing here knows GraphQL.
 */
export { parsePeriod, parseFilter, checkTimeZone, checkInt, startOfLocalDate, instantOrLocalDate } from './period';
export type { AnalyticsPeriod, AnalyticsFilter, AnalyticsQuery, PeriodInput, FilterInput } from './period';
export {
  volume,
  handleTime,
  timeSeries,
  stitchingQuality,
  repeatContact,
  channelTransitions,
  journeys,
  agents,
  fullReport,
  inTurns,
  REPORT_CONCURRENCY,
  DEFAULT_WITHIN_DAYS,
  MAX_WITHIN_DAYS,
  DEFAULT_TOP,
  MAX_TOP,
} from './figures';
export type { FullReport, ReportOptions } from './figures';
export { EXPORT_KINDS, EXPORT_COLUMNS, FRACTIONAL_COLUMNS, DEFAULT_EXPORT_PAGE, countExportThreads, exportPages } from './exports';
export type { ExportKind, ExportRow, ExportPage } from './exports';
export { csvField, csvLine, valuesOf, headerOf, lineOf, decimalText } from './formats';
export type { FileFormat } from './formats';
