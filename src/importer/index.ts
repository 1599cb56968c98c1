/**
 * History import: files of past interactions (NDJSON or CSV) stitched by the tenant's policy, as if
 * each had been sent live at its start and ended at its end, in batched transactions; and the seeded
 * synthetic history `threadgraph generate` writes (shared with the benchmark's dataset).
 */
export { mulberry32 } from './synthetic/prng';
export type { Rng } from './synthetic/prng';
export {
  agentCount,
  agentIds,
  benchCustomer,
  DAY,
  HISTORY_END,
  iso,
  NEXT_THREAD_GAP,
  ThreadBuilder,
  THREADS_PER_CUSTOMER,
} from './synthetic/journeys';
export type { InteractionRow, HandledRow, Draft, CustomerIdentity, HistoryShape } from './synthetic/journeys';
export { generateHistory } from './synthetic/history';
export type { HistoryItem, HistoryOptions } from './synthetic/history';
export { importHistory } from './importHistory';
export type { ImportOptions, ImportProgress, ImportSummary, ImportPhase, ImportTiming } from './importHistory';
export { FORMATS, formatOf, csvHeaderLine, csvRowOf, CSV_COLUMNS } from './formats';
export type { Format } from './formats';
export type { InputFile } from './sources';
export type { RecordJson } from './record';
export { rejectsPathOf } from './rejects';
