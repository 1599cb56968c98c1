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
}

/** A scenario over the floor it is compared with: p50 and p99 ratios (lower is better), throughput ratio (higher is better). */
export interface Ratio {
  dataset: string;
  scenario: string;
  floor: string;
  p50: number;
  p99: number;
  perSecond: number;
}

const ms = (v: number) => (Number.isFinite(v) ? v.toFixed(2) : '-');
const times = (v: number) => (Number.isFinite(v) ? `${v.toFixed(2)}×` : '-');
const kb = (bytes: number) => (bytes > 0 ? (bytes / 1024).toFixed(2) : '-');

/** The ratio of every untagged row whose scenario names a floor measured on the same dataset. */
export function ratiosOf(rows: readonly Row[], floors: ReadonlyMap<string, string>): Ratio[] {
  return rows.flatMap((r) => {
    const floorName = floors.get(r.scenario);
    if (r.tag !== null || !floorName) return [];
    const floor = rows.find((f) => f.dataset === r.dataset && f.scenario === floorName && f.tag === null)?.summary;
    if (!floor) return [];
    return [
      {
        dataset: r.dataset,
        scenario: r.scenario,
        floor: floorName,
        p50: r.summary.p50 / floor.p50,
        p99: r.summary.p99 / floor.p99,
        perSecond: r.summary.perSecond / floor.perSecond,
      },
    ];
  });
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
        `${s.perSecond.toFixed(0)} | ${ms(s.p50)} | ${ms(s.p99)} | ${kb(s.meanBytes)} |`
      );
    }),
  ];
  if (ratios.length > 0) {
    lines.push(
      '',
      'Each scenario over its floor, same run (p50 and p99: lower is better; req/s: higher is better):',
      '',
      '| dataset | scenario | over | p50 | p99 | req/s |',
      '|---|---|---|---:|---:|---:|',
      ...ratios.map((q) => `| ${q.dataset} | ${q.scenario} | ${q.floor} | ${times(q.p50)} | ${times(q.p99)} | ${times(q.perSecond)} |`),
    );
  }
  return lines.join('\n');
}
