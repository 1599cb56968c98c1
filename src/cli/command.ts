import { parseArgs, ParseArgsConfig } from 'node:util';
import { Config, loadConfig } from '../config';
import { createLogger, Logger } from '../log';
import { Database, openDatabase } from '../neo4j';

/**
 * One subcommand of the `threadgraph` CLI. Data goes to `io.stdout`, progress and logs to
 * `io.stderr`; it returns the exit code. Usage errors throw UsageError (exit 2, with the help).
 */
export interface Command {
  readonly name: string;
  /** One line, for `threadgraph --help`. */
  readonly summary: string;
  /** The whole help text, for `threadgraph <name> --help`. */
  readonly help: string;
  run(args: string[], io: CliIO): Promise<number>;
}

export interface CliIO {
  readonly stdout: NodeJS.WritableStream;
  readonly stderr: NodeJS.WritableStream & { isTTY?: boolean };
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Aborted on Ctrl-C: long commands stop cleanly at their next safe point. */
  readonly signal: AbortSignal;
}

export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** An integer option in min..max (`fallback` when absent), or a UsageError that names it. */
export function intOption(raw: string | undefined, name: string, fallback: number, min: number, max: number): number {
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (raw.trim() === '' || !Number.isInteger(n) || n < min || n > max) {
    throw new UsageError(`--${name} must be an integer in ${min}..${max}, got "${raw}"`);
  }
  return n;
}

/** node:util's parseArgs, with its errors as UsageError. */
export function parseOptions<T extends NonNullable<ParseArgsConfig['options']>>(args: string[], options: T, allowPositionals = false) {
  try {
    return parseArgs({ args, options, allowPositionals, strict: true });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

/** The service's configuration and a logger on stderr (info by default: a command says what it does). */
export function cliSetup(io: CliIO): { config: Config; logger: Logger } {
  const config = loadConfig(io.env);
  const level = config.logLevel === 'warn' && io.env.LOG_LEVEL === undefined ? 'info' : config.logLevel;
  return { config, logger: createLogger(level, { write: (line: string) => io.stderr.write(line) }) };
}

/** Opens the configured database (the embedded one unless NEO4J_URI is set), runs `work`, and closes it. */
export async function withDatabase<T>(config: Config, logger: Logger, work: (db: Database) => Promise<T>): Promise<T> {
  const { db, local } = await openDatabase(config, (m) => logger.info(m));
  try {
    return await work(db);
  } finally {
    await db.close();
    await local?.stop();
  }
}
