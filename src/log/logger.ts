import pino, { DestinationStream, Logger } from 'pino';

export type { Logger };

/** Structured JSON logs on stdout; each request gets a child logger carrying its request id. */
export function createLogger(level: string, destination?: DestinationStream): Logger {
  const options = {
    level,
    base: { service: 'threadgraph' },
    timestamp: pino.stdTimeFunctions.isoTime,
    redact: { paths: ['req.headers.authorization', 'authorization', 'password'], censor: '[redacted]' },
  };
  return destination ? pino(options, destination) : pino(options);
}
