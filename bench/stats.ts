/** What one group of requests measured: every response's latency, the failures, the bytes received. */
export interface Measured {
  latenciesMs: number[];
  errors: number;
  /** Bytes of every response, headers included (0 where no HTTP is involved). */
  bytes: number;
}

/** What one run of one scenario measured (a round, or the warm-up), whichever process sent the requests. */
export interface Sample {
  seconds: number;
  all: Measured;
  /** The same requests split by their tag, when the scenario tags them. */
  tags: Record<string, Measured>;
  /** The first failure, for the log: status and the start of the body, or the error's message. */
  firstError: string | null;
}

export interface Summary {
  requests: number;
  errors: number;
  perSecond: number;
  p50: number;
  p99: number;
  /** Mean response size in bytes (headers included). */
  meanBytes: number;
}

export const emptyMeasured = (): Measured => ({ latenciesMs: [], errors: 0, bytes: 0 });

/** Adds one response to a group. */
export function record(m: Measured, latencyMs: number, ok: boolean, bytes: number): void {
  m.latenciesMs.push(latencyMs);
  if (!ok) m.errors += 1;
  m.bytes += bytes;
}

function mergeMeasured(parts: readonly Measured[]): Measured {
  return {
    latenciesMs: parts.flatMap((p) => p.latenciesMs),
    errors: parts.reduce((n, p) => n + p.errors, 0),
    bytes: parts.reduce((n, p) => n + p.bytes, 0),
  };
}

/** Joins the rounds of one scenario into one sample. */
export function merge(samples: readonly Sample[]): Sample {
  const tagNames = [...new Set(samples.flatMap((s) => Object.keys(s.tags)))];
  return {
    seconds: samples.reduce((n, s) => n + s.seconds, 0),
    all: mergeMeasured(samples.map((s) => s.all)),
    tags: Object.fromEntries(tagNames.map((t) => [t, mergeMeasured(samples.flatMap((s) => (s.tags[t] ? [s.tags[t]] : [])))])),
    firstError: samples.find((s) => s.firstError !== null)?.firstError ?? null,
  };
}

/** Nearest-rank percentile of sorted values (p in 0..100). */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1]!;
}

/** Throughput and latency percentiles of a group measured over `seconds`, the same way for every target. */
export function summarize(m: Measured, seconds: number): Summary {
  const sorted = [...m.latenciesMs].sort((a, b) => a - b);
  return {
    requests: sorted.length,
    errors: m.errors,
    perSecond: seconds > 0 ? sorted.length / seconds : 0,
    p50: percentile(sorted, 50),
    p99: percentile(sorted, 99),
    meanBytes: sorted.length > 0 ? m.bytes / sorted.length : 0,
  };
}
