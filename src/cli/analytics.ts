import {
  agents,
  AnalyticsQuery,
  channelTransitions,
  checkInt,
  csvLine,
  FullReport,
  handleTime,
  journeys,
  MAX_TOP,
  MAX_WITHIN_DAYS,
  ReportOptions,
  repeatContact,
  stitchingQuality,
  timeSeries,
  volume,
  inTurns,
  REPORT_CONCURRENCY,
} from '../analytics';
import { TenantDb } from '../neo4j';
import { cliSetup, Command, parseOptions, UsageError, withDatabase } from './command';
import { asUsage, PERIOD_HELP, PERIOD_OPTIONS, queryOf } from './periodOptions';
import { renderTable, Table, TABLES } from './reportTables';

/** Each report is one figure group (one Cypher statement, cypher/analytics/<report>.cypher), or all of them. */
const REPORTS = {
  volume: 'volume',
  'handle-time': 'handleTime',
  'time-series': 'timeSeries',
  'stitching-quality': 'stitchingQuality',
  'repeat-contact': 'repeatContact',
  'channel-transitions': 'channelTransitions',
  journeys: 'journeys',
  agents: 'agents',
} as const satisfies Record<string, keyof FullReport>;
type ReportName = keyof typeof REPORTS;

const FORMATS = ['table', 'csv', 'json'] as const;

/** One figure group's figures (the GraphQL field's shape, for JSON) and its tables (for people and CSV). */
async function runGroup(
  h: TenantDb,
  q: AnalyticsQuery,
  name: ReportName,
  o: ReportOptions,
): Promise<{ figures: unknown; tables: Table[] }> {
  const both = <F>(figures: F, tables: (f: F) => Table[]) => ({ figures, tables: tables(figures) });
  switch (name) {
    case 'volume':
      return both(await volume(h, q), TABLES.volume);
    case 'handle-time':
      return both(await handleTime(h, q), TABLES.handleTime);
    case 'time-series':
      return both(await timeSeries(h, q, o.bucket), TABLES.timeSeries);
    case 'stitching-quality':
      return both(await stitchingQuality(h, q), TABLES.stitchingQuality);
    case 'repeat-contact':
      return both(await repeatContact(h, q, o.withinDays), TABLES.repeatContact);
    case 'channel-transitions':
      return both(await channelTransitions(h, q), TABLES.channelTransitions);
    case 'journeys':
      return both(await journeys(h, q, o.top), TABLES.journeys);
    case 'agents':
      return both(await agents(h, q, o.top), TABLES.agents);
  }
}

export const analyticsCommand: Command = {
  name: 'analytics',
  summary: 'figures over the threads of a period: volume, handle time, journeys, ...',
  help: `Usage: threadgraph analytics <report> --from <when> --to <when> [options]

Prints one figure group for the threads that started in [--from, --to), computed in Neo4j by
cypher/analytics/<report>.cypher (one round trip). The README's "For analysts" section defines
every figure.

Reports:
  volume               threads, interactions, customers; size and depth distributions
  handle-time          handle time per thread, by channel and by depth; span of closed threads
  time-series          volume and handle time per calendar day or week in --tz
  stitching-quality    stitch reasons, orphans, null-parent rate, ambiguous-key refusals
  repeat-contact       repeat contacts within --within-days of a close; days to next contact
  channel-transitions  parent -> child channel over PARENT_OF, with reason; transfers per thread
  journeys             the most frequent channel sequences (TREE order)
  agents               handle time and interactions per agent
  all                  every group above (eight round trips, two at a time)

Options:
${PERIOD_HELP}
  --format <f>        table (default: for people), csv or json (for tools)
  --table <name>      csv: only this table of the report (summary, by-depth, ...); without it,
                      each table is a section headed "# <name>", separated by a blank line
  --bucket <b>        time-series: day (default) or week
  --within-days <n>   repeat-contact: the window, 1..90 days (default 7)
  --top <n>           journeys, agents: how many, 1..100 (default 10)

Examples:
  threadgraph analytics journeys --from 2026-03-01 --to 2026-04-01 --tz Europe/Berlin --top 20
  threadgraph analytics time-series --from 2026-03-01 --to 2026-04-01 --tz Europe/Berlin --bucket week --format csv`,
  async run(args, io) {
    const { values, positionals } = parseOptions(
      args,
      {
        ...PERIOD_OPTIONS,
        format: { type: 'string' },
        table: { type: 'string' },
        bucket: { type: 'string' },
        'within-days': { type: 'string' },
        top: { type: 'string' },
      },
      true,
    );
    const [report, ...extra] = positionals;
    if (report === undefined) throw new UsageError(`name a report: ${[...Object.keys(REPORTS), 'all'].join(', ')}`);
    if (extra.length > 0) throw new UsageError(`unexpected argument "${extra[0]}"`);
    if (report !== 'all' && !(report in REPORTS)) {
      throw new UsageError(`unknown report "${report}": expected one of ${[...Object.keys(REPORTS), 'all'].join(', ')}`);
    }
    const name = report as ReportName | 'all';
    const format = values.format ?? 'table';
    if (!(FORMATS as readonly string[]).includes(format)) throw new UsageError(`--format must be table, csv or json, got "${format}"`);
    const bucket = (values.bucket ?? 'day').toUpperCase();
    if (bucket !== 'DAY' && bucket !== 'WEEK') throw new UsageError(`--bucket must be day or week, got "${values.bucket}"`);
    const options: ReportOptions = {
      bucket,
      withinDays: intOption(values['within-days'], '--within-days'),
      top: intOption(values.top, '--top'),
    };
    asUsage(() => {
      if (options.withinDays !== undefined) checkInt(options.withinDays, '--within-days', 1, MAX_WITHIN_DAYS);
      if (options.top !== undefined) checkInt(options.top, '--top', 1, MAX_TOP);
    });
    const { config, logger } = cliSetup(io);
    const { tenant, query } = queryOf(values, config);

    return withDatabase(config, logger, async (db) => {
      const h = db.forTenant(tenant, { logger });
      const groups = name === 'all' ? (Object.keys(REPORTS) as ReportName[]) : [name];
      // One round trip each, REPORT_CONCURRENCY at a time (see there: eight at once can time out).
      const results = await asUsageAsync(() => inTurns(groups, REPORT_CONCURRENCY, (g) => runGroup(h, query, g, options)));
      if (format === 'json') {
        const figures = name === 'all' ? Object.fromEntries(groups.map((g, k) => [REPORTS[g], results[k]!.figures])) : results[0]!.figures;
        io.stdout.write(`${JSON.stringify({ report: name, tenant, ...query.period, filter: query.filter, figures }, null, 2)}\n`);
        return 0;
      }
      const tables = results.flatMap((r, k) =>
        r.tables.map((t) => ({ ...t, name: groups.length > 1 ? `${groups[k]}/${t.name}` : t.name })),
      );
      io.stdout.write(format === 'csv' ? csvOf(tables, values.table) : tableOf(tables, name, query));
      return 0;
    });
  },
};

function tableOf(tables: Table[], name: string, q: AnalyticsQuery): string {
  const head = `${name}: threads started in [${q.period.from}, ${q.period.to}), time zone ${q.period.timeZone}\n\n`;
  return head + tables.map((t) => renderTable(t, `${t.name}`)).join('\n');
}

function csvOf(tables: Table[], only: string | undefined): string {
  const csv = (t: Table) => csvLine(t.columns) + t.rows.map((r) => csvLine(r)).join('');
  if (only !== undefined) {
    const table = tables.find((t) => t.name === only);
    if (!table) throw new UsageError(`--table must be one of ${tables.map((t) => t.name).join(', ')}, got "${only}"`);
    return csv(table);
  }
  if (tables.length === 1) return csv(tables[0]!);
  return tables.map((t) => `# ${t.name}\n${csv(t)}`).join('\n');
}

function intOption(raw: string | undefined, flag: string): number | undefined {
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (!/^-?\d+$/.test(raw) || !Number.isSafeInteger(n)) throw new UsageError(`${flag} must be an integer, got "${raw}"`);
  return n;
}

async function asUsageAsync<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    return asUsage(() => {
      throw error;
    });
  }
}
