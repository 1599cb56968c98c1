/** Prometheus metrics (prom-client): created once per app, served at /metrics by the HTTP layer. */
export { createMetrics, codeLabel, recordStitch } from './metrics';
export type { Metrics } from './metrics';
