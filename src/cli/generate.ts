import { once } from 'node:events';
import { csvHeaderLine, csvRowOf, FORMATS, Format, generateHistory, HistoryItem } from '../importer';
import { Command, intOption, parseOptions, UsageError } from './command';

/** One history item as a line of `format`. */
function lineOf(item: HistoryItem, format: Format): string {
  if (item.kind === 'malformed') return format === 'csv' ? `${item.id},VOICE` : `{"id":"${item.id}","type":"VOICE","startedAt":`;
  return format === 'csv' ? csvRowOf(item.record) : JSON.stringify(item.record);
}

export const generateCommand: Command = {
  name: 'generate',
  summary: 'write a seeded synthetic contact-centre history (NDJSON or CSV) to stdout',
  help: `Usage: threadgraph generate [--interactions N] [--days D] [--seed S] [--format ndjson|csv] [--invalid P]

Writes a synthetic history for \`threadgraph import\` to stdout, one record per line, customer by
customer (not in time order). The same options always write the same file. It is drawn from the
benchmark's seeded journeys, with what real history holds besides: transfers that name their parent
(some warm: the new leg starts before the old one ends), customers bounced past maxDepth,
follow-ups inside the 7-day window, in its 5-minute grace period and outside it, callbacks that name
their parent, CRM cases (threading.threadId) that come back weeks later, family plans sharing a
phone number, B2B composite keys (ACCT-a-CUST-c, and a few account-only ones), anonymous contacts
(orphans), rare runaway flows with more interactions than a thread may hold, and interactions still
live at the end. The record format is the README's "Importing history".

Options:
  --interactions N   at least this many interactions (whole customers; default 10000)
  --days D           the history's length in days, ending 2026-11-21 (default 120)
  --seed S           the generator's seed (default 42)
  --format F         ndjson (default) or csv
  --invalid P        after each record, a broken one with probability P (default 0): a malformed
                     line, an unknown channel, a date without offset, a parent that never appears,
                     an end before its start`,
  async run(args, io) {
    const { values } = parseOptions(args, {
      interactions: { type: 'string' },
      days: { type: 'string' },
      seed: { type: 'string' },
      format: { type: 'string' },
      invalid: { type: 'string' },
    });
    const format = (values.format ?? 'ndjson') as Format;
    if (!FORMATS.includes(format)) throw new UsageError(`--format must be one of ${FORMATS.join(', ')}, got "${values.format}"`);
    const invalid = values.invalid === undefined ? 0 : Number(values.invalid);
    if (!Number.isFinite(invalid) || invalid < 0 || invalid > 1)
      throw new UsageError(`--invalid must be a probability in 0..1, got "${values.invalid}"`);
    const opts = {
      seed: intOption(values.seed, 'seed', 42, 0, 2 ** 31),
      interactions: intOption(values.interactions, 'interactions', 10_000, 1, 1_000_000_000),
      days: intOption(values.days, 'days', 120, 1, 3650),
      invalid,
    };
    const out = io.stdout;
    let buffer = format === 'csv' ? `${csvHeaderLine()}\n` : '';
    for (const item of generateHistory(opts)) {
      buffer += `${lineOf(item, format)}\n`;
      if (buffer.length > 1 << 16) {
        if (!out.write(buffer)) await once(out, 'drain');
        buffer = '';
        if (io.signal.aborted) return 130;
      }
    }
    if (buffer.length > 0) out.write(buffer);
    return 0;
  },
};
