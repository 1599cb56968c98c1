import { Summary } from './stats';

/** One line of the results: a scenario on a dataset, or one tag of it. */
export interface Row {
  dataset: string;
  interactions: number;
  scenario: string;
  title: string;
  target: string;
  /** Set on the lines of a tagged scenario's groups (`read`, `create`). */
  tag: string | null;
  summary: Summary;
  /** The p50 of each round, in the order the rounds ran. */
  roundP50s: number[];
}

/** A scenario over the floor it is compared with: p50 and p99 ratios (lower is better), throughput ratio (higher is better). */
export interface Ratio {
  dataset: string;
  scenario: string;
  floor: string;
  p50: number;
  p99: number;
  perSecond: number;
  /**
   * The p50 ratio of each round taken alone (scenario and floor ran next to each other): its
   * median and range say how much the machine's load moved the ratio during the run.
   */
  p50ByRound: { median: number; min: number; max: number } | null;
}

const ms = (v: number) => (Number.isFinite(v) ? v.toFixed(2) : '-');
const times = (v: number) => (Number.isFinite(v) ? `${v.toFixed(2)}×` : '-');
const perSecond = (v: number) => v.toFixed(v < 10 ? 1 : 0);
const kb = (bytes: number) => (bytes > 0 ? (bytes / 1024).toFixed(2) : '-');

/**
 * The ratio of every row whose scenario names a floor measured on the same dataset; a tagged row
 * (a mixed scenario's `read` or `create`) is compared with the floor's row of the same tag.
 */
export function ratiosOf(rows: readonly Row[], floors: ReadonlyMap<string, string>): Ratio[] {
  return rows.flatMap((r) => {
    const floorName = floors.get(r.scenario);
    if (!floorName) return [];
    const floor = rows.find((f) => f.dataset === r.dataset && f.scenario === floorName && f.tag === r.tag);
    if (!floor) return [];
    return [
      {
        dataset: r.dataset,
        scenario: r.tag === null ? r.scenario : `${r.scenario} [${r.tag}]`,
        floor: floorName,
        p50: r.summary.p50 / floor.summary.p50,
        p99: r.summary.p99 / floor.summary.p99,
        perSecond: r.summary.perSecond / floor.summary.perSecond,
        p50ByRound: spread(r.roundP50s.map((p, k) => p / (floor.roundP50s[k] ?? Number.NaN)).filter(Number.isFinite)),
      },
    ];
  });
}

function spread(values: readonly number[]): Ratio['p50ByRound'] {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length / 2;
  const median = sorted.length % 2 === 1 ? sorted[Math.floor(mid)]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
  return { median, min: sorted[0]!, max: sorted[sorted.length - 1]! };
}

/** The results as Markdown tables: every row, then every ratio. */
export function renderTables(rows: readonly Row[], ratios: readonly Ratio[]): string {
  const lines = [
    '| dataset | scenario | what | requests | errors | req/s | p50 ms | p99 ms | KB/response |',
    '|---|---|---|---:|---:|---:|---:|---:|---:|',
    ...rows.map((r) => {
      const s = r.summary;
      const name = r.tag === null ? r.scenario : `${r.scenario} [${r.tag}]`;
      return (
        `| ${r.dataset} | ${name} | ${r.title} | ${s.requests.toLocaleString('en-US')} | ${s.errors} | ` +
        `${perSecond(s.perSecond)} | ${ms(s.p50)} | ${ms(s.p99)} | ${kb(s.meanBytes)} |`
      );
    }),
  ];
  if (ratios.length > 0) {
    lines.push(
      '',
      'Each scenario over its floor, same run (p50 and p99: lower is better; req/s: higher is better):',
      '',
      '| dataset | scenario | over | p50 | p99 | req/s | p50 round by round: median (range) |',
      '|---|---|---|---:|---:|---:|---:|',
      ...ratios.map(
        (q) =>
          `| ${q.dataset} | ${q.scenario} | ${q.floor} | ${times(q.p50)} | ${times(q.p99)} | ${times(q.perSecond)} | ` +
          `${q.p50ByRound ? `${times(q.p50ByRound.median)} (${times(q.p50ByRound.min)}-${times(q.p50ByRound.max)})` : '-'} |`,
      ),
    );
  }
  return lines.join('\n');
}
