import { ThreadgraphError } from '../errors';

const OFFSET_DATETIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/i;

/**
 * Parses an ISO-8601 instant that carries its offset and returns it in UTC. A time without an
 * offset is refused: a local time is not an instant, and stitching windows compare instants.
 */
export function parseInstant(value: unknown, field = 'DateTime'): string {
  if (typeof value !== 'string' || !OFFSET_DATETIME.test(value)) {
    throw new ThreadgraphError(
      'BAD_USER_INPUT',
      `${field} must be an ISO-8601 date-time with an offset (e.g. 2026-11-21T09:30:00+01:00), got ${JSON.stringify(value)}`,
    );
  }
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) throw new ThreadgraphError('BAD_USER_INPUT', `${field} is not a valid date-time: ${JSON.stringify(value)}`);
  return new Date(ms).toISOString();
}
