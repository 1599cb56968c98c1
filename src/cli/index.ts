import { ConfigError } from '../config';
import { CliIO, Command, UsageError } from './command';
import { eventsCommand } from './events';
import { generateCommand } from './generate';
import { importCommand } from './import';
import { migrateCommand } from './migrate';
import { analyticsCommand } from './analytics';
import { exportCommand } from './export';

/** Every subcommand of `threadgraph`, each also an `npm run` script. */
const COMMANDS: readonly Command[] = [migrateCommand, eventsCommand, analyticsCommand, exportCommand, importCommand, generateCommand];

const overview = () =>
  [
    'Usage: threadgraph <command> [options]',
    '',
    'Commands:',
    ...COMMANDS.map((c) => `  ${c.name.padEnd(12)} ${c.summary}`),
    '',
    '`threadgraph <command> --help` says more. Every command reads the same environment as the service',
    '(NEO4J_URI, NEO4J_USER, NEO4J_PASSWORD, NEO4J_DATABASE; see the README). Data goes to stdout,',
    'progress and logs to stderr.',
  ].join('\n');

/** Runs the command line `args` (without node and the script); resolves to the exit code. */
export async function runCli(args: string[], io: CliIO): Promise<number> {
  const [name, ...rest] = args;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    io.stdout.write(`${overview()}\n`);
    return name === undefined ? 2 : 0;
  }
  const command = COMMANDS.find((c) => c.name === name);
  if (!command) {
    io.stderr.write(`threadgraph: unknown command "${name}"\n\n${overview()}\n`);
    return 2;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    io.stdout.write(`${command.help}\n`);
    return 0;
  }
  try {
    return await command.run(rest, io);
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr.write(`threadgraph ${name}: ${error.message}\n\n${command.help}\n`);
      return 2;
    }
    if (error instanceof ConfigError) {
      io.stderr.write(`${error.message}\n`);
      return 1;
    }
    io.stderr.write(`threadgraph ${name}: ${(error as Error).stack ?? String(error)}\n`);
    return 1;
  }
}

/** The process entry point (bin/threadgraph.js). */
export function main(): void {
  const controller = new AbortController();
  process.once('SIGINT', () => controller.abort());
  runCli(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, env: process.env, signal: controller.signal }).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      process.stderr.write(`${String(error)}\n`);
      process.exitCode = 1;
    },
  );
}
