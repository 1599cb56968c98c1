import { Summary } from './stats';

export interface Row {
  dataset: string;
  interactions: number;
  scenario: string;
  summary: Summary;
}

const ms = (v: number) => (Number.isFinite(v) ? v.toFixed(2) : '-');

/** The results as a Markdown table, and the GraphQL/raw ratios of the thread fetch per dataset. */
export function renderTable(rows: readonly Row[]): string {
  const lines = [
    '| dataset | interactions | scenario | requests | errors | req/s | p50 ms | p99 ms |',
    '|---|---:|---|---:|---:|---:|---:|---:|',
    ...rows.map(
      (r) =>
        `| ${r.dataset} | ${r.interactions.toLocaleString('en-US')} | ${r.scenario} | ${r.summary.requests.toLocaleString('en-US')} | ${r.summary.errors} | ` +
        `${r.summary.perSecond.toFixed(0)} | ${ms(r.summary.p50)} | ${ms(r.summary.p99)} |`,
    ),
  ];
  const ratios = [...new Set(rows.map((r) => r.dataset))].flatMap((dataset) => {
    const gql = rows.find((r) => r.dataset === dataset && r.scenario === THREAD_GRAPHQL)?.summary;
    const raw = rows.find((r) => r.dataset === dataset && r.scenario === THREAD_RAW)?.summary;
    if (!gql || !raw) return [];
    return [
      `| ${dataset} | ${(gql.p50 / raw.p50).toFixed(2)}× | ${(gql.p99 / raw.p99).toFixed(2)}× | ${(gql.perSecond / raw.perSecond).toFixed(2)}× |`,
    ];
  });
  if (ratios.length > 0) {
    lines.push('', 'Thread fetch, GraphQL / raw Cypher:', '', '| dataset | p50 | p99 | req/s |', '|---|---:|---:|---:|', ...ratios);
  }
  return lines.join('\n');
}

export const THREAD_GRAPHQL = 'thread (GraphQL)';
export const THREAD_RAW = 'thread (raw walk-threads)';
export const CREATE_GRAPHQL = 'createInteraction (GraphQL)';
