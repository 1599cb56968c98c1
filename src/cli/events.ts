import { EventType, eventTypesOf, followEvents, latestSequence, readEvents } from '../events';
import { cliSetup, Command, parseOptions, UsageError, withDatabase } from './command';

const HELP = `Usage: threadgraph events tail --tenant <tenant> [--after <sequence> | --last <n>] [--types <a,b>] [--follow]

Prints a tenant's thread events, one JSON payload per line (the body a webhook would carry), in
sequence order. Only numbered events are shown, so a consumer that saves the last sequence it
printed and passes it as --after later misses nothing.

  --tenant <tenant>    the tenant whose events to print (required)
  --after <sequence>   start after this sequence (0: from the first event)
  --last <n>           without --after: start with the last n events (default 10)
  --types <a,b>        only these types (interaction.created, interaction.transferred,
                       interaction.linked, interaction.ended, thread.reopened, thread.closed,
                       thread.continued, interaction.detached, thread.erased,
                       thread.deleted)
  --follow, -f         keep printing events as they are numbered (every EVENTS_POLL_MS),
                       until interrupted (Ctrl-C)

Reads the same environment as the service (NEO4J_URI, ...). Events are numbered by a running
service; this command only reads them.`;

function wholeNumber(value: string | undefined, name: string): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(Number(value))) throw new UsageError(`${name} must be a whole number, got "${value}"`);
  return Number(value);
}

export const eventsCommand: Command = {
  name: 'events',
  summary: 'print a tenant’s thread events (events tail [--follow])',
  help: HELP,
  async run(args, io) {
    const { values, positionals } = parseOptions(
      args,
      {
        tenant: { type: 'string' },
        after: { type: 'string' },
        last: { type: 'string' },
        types: { type: 'string' },
        follow: { type: 'boolean', short: 'f' },
      },
      true,
    );
    if (positionals.length !== 1 || positionals[0] !== 'tail') throw new UsageError('the only subcommand is "tail"');
    if (!values.tenant) throw new UsageError('--tenant is required');
    const after = wholeNumber(values.after, '--after');
    const last = wholeNumber(values.last, '--last') ?? 10;
    if (after !== undefined && values.last !== undefined) throw new UsageError('give --after or --last, not both');
    let types: EventType[] | null = null;
    try {
      types = values.types ? eventTypesOf(values.types.split(',').map((t) => t.trim())) : null;
    } catch (error) {
      throw new UsageError((error as Error).message);
    }
    const { config, logger } = cliSetup(io);
    const tenant = values.tenant;
    await withDatabase(config, logger, async (db) => {
      const h = db.forTenant(tenant, { logger });
      const start = after ?? Math.max(0, (await latestSequence(h)) - last);
      logger.info({ tenant, after: start, follow: Boolean(values.follow) }, 'printing thread events');
      const print = (event: unknown) => io.stdout.write(`${JSON.stringify(event)}\n`);
      if (values.follow) {
        for await (const event of followEvents(h, { after: start, types, signal: io.signal, pollMs: config.events.pollMs })) print(event);
        return;
      }
      const end = await latestSequence(h);
      for (let position = start; position < end;) {
        const page = await readEvents(h, { after: position, first: 500, types });
        page.events.forEach(print);
        if (page.position === position) break;
        position = page.position;
      }
    });
    return 0;
  },
};
