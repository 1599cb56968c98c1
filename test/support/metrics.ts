import { Metrics } from '../../src/metrics';
import { eventually } from './events';

/** Samples of a Prometheus text scrape, by series (`name{label="v",...}`). */
export function parseScrape(text: string): Map<string, number> {
  const samples = new Map<string, number>();
  for (const line of text.split('\n')) {
    const m = /^([a-zA-Z_:][\w:]*(?:\{[^}]*\})?) (\S+)$/.exec(line);
    if (m) samples.set(m[1]!, Number(m[2]));
  }
  return samples;
}

/** What holds a registry: an app (its database's), or a database of a test's own. */
type Metered = { db: { metrics: Metrics } };

/** An app's metrics now, as /metrics serves them (its own registry: no process metrics). */
export async function samplesOf(app: Metered): Promise<Map<string, number>> {
  return parseScrape(await app.db.metrics.registry.metrics());
}

/** What an app's metrics did since a reading: counters compared with it, gauges as they are. */
export interface Meter {
  /** How much a series moved since the meter was made (a series never seen counts as 0). */
  delta(series: string): Promise<number>;
  /**
   * Polls (bounded) until a series moved by at least `n`, and answers how much it moved: the
   * background jobs count just after they commit what a test waits for, so a test polls, then
   * asserts the exact count.
   */
  atLeast(series: string, n: number, ms?: number): Promise<number>;
  /** Polls (bounded) until a gauge reads `value`, and answers it (or times out naming the series). */
  reads(series: string, value: number, ms?: number): Promise<number>;
  /** A series' value now (0 when not there yet). */
  now(series: string): Promise<number>;
  /** How much each series moved, read from one scrape (so they agree with each other). */
  deltas(series: string[]): Promise<number[]>;
}

export async function meter(app: Metered): Promise<Meter> {
  const before = await samplesOf(app);
  const now = async (series: string) => (await samplesOf(app)).get(series) ?? 0;
  const delta = async (series: string) => (await now(series)) - (before.get(series) ?? 0);
  return {
    delta,
    now,
    deltas: async (series) => {
      const after = await samplesOf(app);
      return series.map((name) => (after.get(name) ?? 0) - (before.get(name) ?? 0));
    },
    atLeast: (series, n, ms = 15_000) =>
      eventually(
        async () => {
          const d = await delta(series);
          return d >= n ? d : undefined;
        },
        ms,
        `${series} to move by ${n}`,
      ),
    reads: (series, value, ms = 15_000) =>
      eventually(async () => ((await now(series)) === value ? value : undefined), ms, `${series} to read ${value}`),
  };
}
