import { ThreadgraphError } from '../errors';
import { INPUT_LIMITS, isNeo4jDateTime, isWellFormed, shown } from '../model';

/**
 * Connection cursors: opaque to clients, but each carries the exact sort key of its row
 * (startedAt as Neo4j prints it, with every fractional digit, then id), so a page starts right
 * after that row even when rows were added meanwhile (keyset pagination, not offsets).
 * The kind keeps a thread cursor from being replayed on an agent's interactions.
 */
export type CursorKind = 'thread' | 'interaction';

export interface Position {
  afterStartedAt: string;
  afterId: string;
}

const VERSION = 1;

export function encodeCursor(kind: CursorKind, sortKey: string, id: string): string {
  return Buffer.from(JSON.stringify([VERSION, kind, sortKey, id]), 'utf8').toString('base64url');
}

/** The position a cursor names; BAD_USER_INPUT for anything this API did not hand out. */
export function decodeCursor(kind: CursorKind, cursor: string): Position {
  let parsed: unknown;
  try {
    parsed = cursor.length <= INPUT_LIMITS.cursorLength ? JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) : null;
  } catch {
    parsed = null;
  }
  // The sort key goes to Neo4j's datetime(): a forged one must be a real instant (a day the
  // calendar has, an offset Neo4j accepts), or Neo4j would fail the read instead of refusing it.
  if (
    Array.isArray(parsed) &&
    parsed.length === 4 &&
    parsed[0] === VERSION &&
    parsed[1] === kind &&
    typeof parsed[2] === 'string' &&
    isNeo4jDateTime(parsed[2]) &&
    typeof parsed[3] === 'string' &&
    isWellFormed(parsed[3])
  ) {
    return { afterStartedAt: parsed[2], afterId: parsed[3] };
  }
  throw new ThreadgraphError('BAD_USER_INPUT', `after must be a cursor returned by this connection, got ${shown(cursor)}`);
}

/**
 * The page size to serve: `first`, or the default when a client sends null. A negative `first`
 * or one above the configured cap is refused (not clamped), so a client never mistakes a short
 * page for the end of the list.
 */
export function pageSize(first: number | null | undefined, max: number, fallback = 20): number {
  const n = first ?? Math.min(fallback, max);
  if (!Number.isInteger(n) || n < 0 || n > max) {
    throw new ThreadgraphError('BAD_USER_INPUT', `first must be an integer from 0 to ${max} (the page size cap, PAGE_SIZE_MAX), got ${n}`, {
      max,
    });
  }
  return n;
}
