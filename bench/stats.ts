/** What one scenario measured: every request's latency and how long the measurement lasted. */
export interface Sample {
  latenciesMs: number[];
  errors: number;
  seconds: number;
}

export interface Summary {
  requests: number;
  errors: number;
  perSecond: number;
  p50: number;
  p99: number;
}

/** Joins the rounds of one scenario into one sample. */
export function merge(samples: readonly Sample[]): Sample {
  return {
    latenciesMs: samples.flatMap((s) => s.latenciesMs),
    errors: samples.reduce((n, s) => n + s.errors, 0),
    seconds: samples.reduce((n, s) => n + s.seconds, 0),
  };
}

/** Nearest-rank percentile of sorted values (p in 0..100). */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1]!;
}

/** Throughput and latency percentiles, computed the same way for autocannon's and the raw harness's samples. */
export function summarize(sample: Sample): Summary {
  const sorted = [...sample.latenciesMs].sort((a, b) => a - b);
  return {
    requests: sorted.length,
    errors: sample.errors,
    perSecond: sample.seconds > 0 ? sorted.length / sample.seconds : 0,
    p50: percentile(sorted, 50),
    p99: percentile(sorted, 99),
  };
}
