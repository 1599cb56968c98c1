import fs from 'node:fs';
import { FORMATS, Format, formatOf, importHistory } from '../importer';
import { cliSetup, Command, intOption, parseOptions, UsageError, withDatabase } from './command';
import { importProgress, summaryLines } from './importProgress';

export const importCommand: Command = {
  name: 'import',
  summary: "import history files (NDJSON or CSV), stitched by the tenant's policy; resumable",
  help: `Usage: threadgraph import FILE... [--format ndjson|csv] [--tenant T] [--dry-run]
                          [--batch N] [--rejects DIR] [--tmp DIR] [--progress S]

Imports interactions from history files into a tenant, stitched by the tenant's stitching policy
exactly as if each had been sent to createInteraction at its start and ended at its end. Each record
is the REST payload plus id, startedAt and, optionally, endedAt and the handle-time seconds (README,
"Importing history"). The files are read and sorted by start first (an external sort: constant
memory, run files in --tmp), then written in batches of many customers, one transaction each, under
the same locks as live writes, so the service can keep running.

Resumable: an interaction whose id is already in the tenant is skipped (and reported if its content
differs), so after Ctrl-C (which stops after the batch being written) or a crash, run the same
command again. Refused records go to a rejects file beside each input (NAME.rejects.ndjson or
.csv), in the input's format, with their line number, error code and message; fix and import it.

Progress goes to stderr (a bar on a terminal, plain lines otherwise); the summary is printed to
stderr and, as JSON, to stdout. Exit code 0 when done (refused records or not), 130 when interrupted.

Options:
  --format F    ndjson or csv (default: by the file name: .csv is CSV, anything else NDJSON)
  --tenant T    the tenant to import into (default: AUTH_DEFAULT_TENANT while auth is off)
  --dry-run     read, check and sort every record and write nothing: reports the records refused for
                their content, orphans and composite keys by the policy; what depends on the graph
                (parents, depth, windows) is only known by importing (try a scratch --tenant)
  --batch N     creates per transaction (default 5000; 1000 beside live traffic:
                live creates for the same customers wait less for a batch's locks)
  --rejects DIR where rejects files go (default: beside each input)
  --tmp DIR     where the sort's run files go (default: the system's temporary folder)
  --progress S  without a terminal, a progress line every S seconds (default 5; 0: after every batch)`,
  async run(args, io) {
    const { values, positionals } = parseOptions(
      args,
      {
        format: { type: 'string' },
        tenant: { type: 'string' },
        'dry-run': { type: 'boolean' },
        batch: { type: 'string' },
        rejects: { type: 'string' },
        tmp: { type: 'string' },
        progress: { type: 'string' },
      },
      true,
    );
    if (positionals.length === 0) throw new UsageError('name at least one FILE to import');
    const given = values.format as Format | undefined;
    if (given !== undefined && !FORMATS.includes(given))
      throw new UsageError(`--format must be one of ${FORMATS.join(', ')}, got "${given}"`);
    for (const file of positionals) {
      if (!fs.existsSync(file) || !fs.statSync(file).isFile()) throw new UsageError(`no such file: ${file}`);
    }
    const batchSize = intOption(values.batch, 'batch', 5000, 1, 100_000);
    const { config, logger } = cliSetup(io);
    const tenant = values.tenant ?? (config.auth.mode === 'off' ? config.auth.defaultTenant : undefined);
    if (!tenant) throw new UsageError('--tenant is required when auth is configured');
    const inputs = positionals.map((path) => ({ path, format: formatOf(path, given) }));
    const everySeconds = intOption(values.progress, 'progress', 5, 0, 3600);
    const progress = importProgress(io.stderr, everySeconds * 1000);
    const summary = await withDatabase(config, logger, async (db) => {
      try {
        return await importHistory(db.forTenant(tenant, { logger, actor: 'import' }), inputs, {
          batchSize,
          dryRun: values['dry-run'] ?? false,
          rejectsDir: values.rejects,
          tmpDir: values.tmp,
          signal: io.signal,
          onProgress: (p) => progress.update(p),
        });
      } finally {
        progress.stop();
      }
    });
    io.stderr.write(`${summaryLines(summary).join('\n')}\n`);
    io.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
    return summary.interrupted ? 130 : 0;
  },
};
