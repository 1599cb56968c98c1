import { FullReport } from '../analytics';
import { Stats } from '../model';

/** One table of a report: what `--format table` prints and `--format csv` writes. */
export interface Table {
  name: string;
  columns: string[];
  rows: unknown[][];
}

const statsColumns = ['count', 'sum', 'mean', 'p50', 'p90', 'max'];
const statsRow = (s: Stats) => [s.count, s.sum, s.mean, s.p50, s.p90, s.max];

/** How each figure group reads as tables: a summary of its single figures, then its breakdowns. */
export const TABLES: { [K in keyof FullReport]: (figures: FullReport[K]) => Table[] } = {
  volume: (v) => [
    {
      name: 'summary',
      columns: ['threads', 'interactions', 'customers', 'interactionsPerThreadMean', 'p50', 'p90', 'max'],
      rows: [
        [
          v.threads,
          v.interactions,
          v.customers,
          v.interactionsPerThread.mean,
          v.interactionsPerThread.p50,
          v.interactionsPerThread.p90,
          v.interactionsPerThread.max,
        ],
      ],
    },
    { name: 'by-depth', columns: ['depth', 'threads'], rows: v.byDepth.map((d) => [d.depth, d.threads]) },
    {
      name: 'by-size',
      columns: ['size', 'threads'],
      rows: v.bySize.map((b) => [b.max === null ? `${b.min}+` : b.min === b.max ? `${b.min}` : `${b.min}-${b.max}`, b.threads]),
    },
  ],
  handleTime: (h) => [
    {
      name: 'summary',
      columns: ['figure', ...statsColumns],
      rows: [
        ['handleTimePerThread', ...statsRow(h.perThread)],
        ['spanOfClosedThreads', ...statsRow(h.span)],
      ],
    },
    {
      name: 'by-channel',
      columns: ['channel', 'interactions', 'seconds', 'meanSeconds'],
      rows: h.byChannel.map((c) => [c.channel, c.interactions, c.seconds, c.meanSeconds]),
    },
    {
      name: 'by-depth',
      columns: ['depth', 'interactions', 'seconds', 'meanSeconds'],
      rows: h.byDepth.map((c) => [c.depth, c.interactions, c.seconds, c.meanSeconds]),
    },
  ],
  timeSeries: (points) => [
    {
      name: 'series',
      columns: [
        'date',
        'start',
        'end',
        'hours',
        'threads',
        'interactions',
        'customers',
        'handleTimeSeconds',
        'meanHandleTimeSeconds',
        'p50HandleTimeSeconds',
        'p90HandleTimeSeconds',
        'closedThreads',
        'meanSpanSeconds',
      ],
      rows: points.map((p) => [
        p.date,
        p.start,
        p.end,
        p.hours,
        p.threads,
        p.interactions,
        p.customers,
        p.handleTimeSeconds,
        p.meanHandleTimeSeconds,
        p.p50HandleTimeSeconds,
        p.p90HandleTimeSeconds,
        p.closedThreads,
        p.meanSpanSeconds,
      ]),
    },
  ],
  stitchingQuality: (s) => [
    {
      name: 'summary',
      columns: [
        'interactions',
        'orphans',
        'orphanRate',
        'keyedInteractions',
        'keyedWithoutParent',
        'nullParentRate',
        'ambiguousKeyRefusals',
        'ambiguousKeyRate',
        'followUpThreads',
        'followUpRate',
      ],
      rows: [
        [
          s.interactions,
          s.orphans,
          s.orphanRate,
          s.keyedInteractions,
          s.keyedWithoutParent,
          s.nullParentRate,
          s.ambiguousKeyRefusals,
          s.ambiguousKeyRate,
          s.followUpThreads,
          s.followUpRate,
        ],
      ],
    },
    { name: 'by-reason', columns: ['reason', 'interactions', 'share'], rows: s.byReason.map((r) => [r.reason, r.interactions, r.share]) },
  ],
  repeatContact: (r) => [
    {
      name: 'summary',
      columns: [
        'withinDays',
        'closedThreads',
        'repeatThreads',
        'repeatRate',
        'firstContactResolutionRate',
        'laterContactThreads',
        'noNextContactThreads',
        'windowOpenThreads',
      ],
      rows: [
        [
          r.withinDays,
          r.closedThreads,
          r.repeatThreads,
          r.repeatRate,
          r.firstContactResolutionRate,
          r.laterContactThreads,
          r.noNextContactThreads,
          r.windowOpenThreads,
        ],
      ],
    },
    { name: 'days-to-next-contact', columns: ['days', 'threads'], rows: r.daysToNextContact.map((d) => [d.days, d.threads]) },
  ],
  channelTransitions: (c) => [
    { name: 'summary', columns: ['threads', 'transfers', 'transfersPerThread'], rows: [[c.threads, c.transfers, c.transfersPerThread]] },
    { name: 'transitions', columns: ['from', 'to', 'reason', 'edges'], rows: c.transitions.map((t) => [t.from, t.to, t.reason, t.edges]) },
  ],
  journeys: (j) => [
    { name: 'summary', columns: ['threads', 'journeys'], rows: [[j.threads, j.journeys]] },
    {
      name: 'top',
      columns: ['path', 'threads', 'share', 'meanHandleTimeSeconds'],
      rows: j.top.map((x) => [x.path, x.threads, x.share, x.meanHandleTimeSeconds]),
    },
  ],
  agents: (a) => [
    { name: 'summary', columns: ['agents'], rows: [[a.agents]] },
    {
      name: 'top',
      columns: ['agentId', 'interactions', 'threads', 'handleTimeSeconds', 'meanHandleTimeSeconds'],
      rows: a.top.map((x) => [x.agentId, x.interactions, x.threads, x.handleTimeSeconds, x.meanHandleTimeSeconds]),
    },
  ],
};

/** A number for people: thousands separated, at most 2 decimals (4 below 1, where rates live). */
function human(value: unknown): string {
  if (value === null || value === undefined) return '-';
  if (typeof value === 'number') {
    return value.toLocaleString('en-US', { maximumFractionDigits: Math.abs(value) < 1 && value !== 0 ? 4 : 2 });
  }
  return String(value);
}

/** A table for a terminal: a title, aligned columns (numbers to the right). */
export function renderTable(table: Table, title: string): string {
  const cells = table.rows.map((r) => r.map(human));
  const widths = table.columns.map((c, k) => Math.max(c.length, ...cells.map((r) => r[k]!.length)));
  const numeric = table.columns.map((_, k) => table.rows.length > 0 && table.rows.every((r) => typeof r[k] === 'number' || r[k] === null));
  const line = (values: string[]) =>
    values
      .map((v, k) => (numeric[k] ? v.padStart(widths[k]!) : v.padEnd(widths[k]!)))
      .join('  ')
      .trimEnd();
  return [title, line(table.columns), line(widths.map((w) => '-'.repeat(w))), ...cells.map(line), ''].join('\n');
}
