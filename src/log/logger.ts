import pino, { Logger } from 'pino';

export type { Logger };

/** Structured JSON logs on stdout; each request gets a child logger carrying its request id. */
export function createLogger(level: string): Logger {
  return pino({
    level,
    base: { service: 'threadgraph' },
    timestamp: pino.stdTimeFunctions.isoTime,
    redact: { paths: ['req.headers.authorization', 'authorization', 'password'], censor: '[redacted]' },
  });
}
