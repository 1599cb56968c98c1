import fs from 'node:fs';
import { once } from 'node:events';
import path from 'node:path';
import {
  countExportThreads,
  DEFAULT_EXPORT_PAGE,
  EXPORT_COLUMNS,
  EXPORT_KINDS,
  ExportKind,
  exportPages,
  FileFormat,
  FRACTIONAL_COLUMNS,
  headerOf,
  lineOf,
} from '../analytics';
import { cliSetup, Command, intOption, parseOptions, UsageError, withDatabase } from './command';
import { PERIOD_HELP, PERIOD_OPTIONS, queryOf } from './periodOptions';
import { startProgress } from './progress';

export const exportCommand: Command = {
  name: 'export',
  summary: 'write the threads, interactions or edges of a period to a CSV or NDJSON file',
  help: `Usage: threadgraph export threads|interactions|edges --from <when> --to <when> --format csv|ndjson --out FILE [options]

Writes what the threads that started in [--from, --to) hold, for BI tools (DuckDB, Spark, a
spreadsheet), reading them in keyset pages of threads so memory stays flat however large the period:
  threads       one row per thread: size, depth, handle time, span, transfers, journey
  interactions  one row per interaction: thread, parent, channel, times, handle time, stitch reason, agents
  edges         one row per PARENT_OF edge: both ends, both channels, stitch reason
CSV has a header row; NDJSON is one JSON object per line. Instants are ISO-8601 UTC
(2026-03-27T09:00:00.000Z); lists are joined with "|" in CSV. The file is written beside FILE first
and renamed when complete, so FILE is never half-written. Progress goes to stderr: a bar with rate
and ETA on a terminal, a line every 2 seconds otherwise.

Options:
${PERIOD_HELP}
  --format <f>        csv or ndjson (required)
  --out <file>        where to write (required)
  --page-size <n>     threads per round trip, 1..10000 (default ${DEFAULT_EXPORT_PAGE})

Example:
  threadgraph export interactions --from 2026-03-01 --to 2026-04-01 --tz Europe/Berlin --format csv --out march.csv
  duckdb -c "SELECT channel, count(*), avg(handleTimeSeconds) FROM 'march.csv' GROUP BY ALL"`,
  async run(args, io) {
    const { values, positionals } = parseOptions(
      args,
      { ...PERIOD_OPTIONS, format: { type: 'string' }, out: { type: 'string' }, 'page-size': { type: 'string' } },
      true,
    );
    const [kind, ...extra] = positionals;
    if (kind === undefined || !(EXPORT_KINDS as readonly string[]).includes(kind)) {
      throw new UsageError(`name what to export: ${EXPORT_KINDS.join(', ')}${kind === undefined ? '' : `; got "${kind}"`}`);
    }
    if (extra.length > 0) throw new UsageError(`unexpected argument "${extra[0]}"`);
    const format = values.format;
    if (format !== 'csv' && format !== 'ndjson')
      throw new UsageError(`--format must be csv or ndjson, got ${JSON.stringify(format ?? null)}`);
    if (!values.out) throw new UsageError('--out is required: the file to write');
    const pageSize = intOption(values['page-size'], 'page-size', DEFAULT_EXPORT_PAGE, 1, 10_000);
    const { config, logger } = cliSetup(io);
    const { tenant, query } = queryOf(values, config);
    const out = path.resolve(values.out);

    return withDatabase(config, logger, async (db) => {
      const h = db.forTenant(tenant, { logger });
      const columns: readonly string[] = EXPORT_COLUMNS[kind as ExportKind];
      const total = await countExportThreads(h, query);
      const partial = `${out}.partial`;
      const file = fs.createWriteStream(partial);
      const progress = startProgress(io.stderr, `export ${kind}`, total, 'threads');
      const started = Date.now();
      let threads = 0;
      let rows = 0;
      let completed = false;
      try {
        await write(file, headerOf(format, columns));
        for await (const page of exportPages(h, kind as ExportKind, query, pageSize)) {
          if (io.signal.aborted) break;
          await write(file, page.rows.map((r) => lineOf(format as FileFormat, r, columns, FRACTIONAL_COLUMNS)).join(''));
          threads += page.threads;
          rows += page.rows.length;
          progress.update(threads, rows);
        }
        completed = !io.signal.aborted;
      } finally {
        progress.stop();
        file.end();
        await once(file, 'close');
        if (completed) fs.renameSync(partial, out);
        else fs.rmSync(partial, { force: true });
      }
      if (!completed) {
        logger.warn({ kind, file: out }, 'export interrupted: no file written');
        return 130;
      }
      const seconds = (Date.now() - started) / 1000;
      logger.info(
        {
          kind,
          format,
          file: out,
          threads,
          rows,
          seconds,
          rowsPerSecond: Math.round(rows / Math.max(seconds, 0.001)),
          roundTrips: h.counter.count,
          maxRssMB: Math.round(process.resourceUsage().maxRSS / 1024),
        },
        'export written',
      );
      return 0;
    });
  },
};

/** Writes `chunk`, waiting while the file's buffer is full: the export never holds more than a page. */
async function write(stream: fs.WriteStream, chunk: string): Promise<void> {
  if (chunk === '') return;
  if (!stream.write(chunk)) await once(stream, 'drain');
}
