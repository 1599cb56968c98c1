import fs from 'node:fs';
import path from 'node:path';
import neo4j from 'neo4j-driver';

/**
 * A floor server route: it runs ONE Cypher statement for the request and answers JSON, in the same
 * shape as the GraphQL response it stands for, so response sizes compare and one digest checks
 * both. A write scenario's floor (one raw write statement) is a route with `mode: 'write'`.
 */
export interface FloorRoute {
  /** The request path, e.g. `/thread-view`; requests are POSTs with a JSON body. */
  path: string;
  /** The statement's file, from the repository root: `bench/floor/cypher/...`, or one of the service's `cypher/...`. */
  file: string;
  /** `read` runs in executeRead, `write` in executeWrite. */
  mode: 'read' | 'write';
  /** The statement's parameters, from the request's JSON body. */
  params(body: Record<string, unknown>): Record<string, unknown>;
  /** The response body (JSON-able), from the statement's records. */
  respond(rows: readonly Record<string, unknown>[]): unknown;
}

const REPO = path.resolve(__dirname, '..', '..');

/** A statement's text, its `//` comments and `:param` lines left out of what is sent. */
export function statementText(route: FloorRoute): string {
  return fs
    .readFileSync(path.join(REPO, route.file), 'utf8')
    .split('\n')
    .filter((line) => !line.trimStart().startsWith('//'))
    .join('\n')
    .trim();
}

/** A string field of a request body, or a clear error. */
export const str = (v: unknown): string => {
  if (typeof v !== 'string') throw new Error(`expected a string, got ${JSON.stringify(v)}`);
  return v;
};
/** A list-of-strings field of a request body, or a clear error. */
export const strings = (v: unknown): string[] => {
  if (!Array.isArray(v)) throw new Error(`expected a list of strings, got ${JSON.stringify(v)}`);
  return v.map(str);
};

/** Neo4j temporal values as ISO strings, nodes as their properties; the rest as it is. */
export function plain(value: unknown): unknown {
  if (value === null || value === undefined) return null;
  if (Array.isArray(value)) return value.map(plain);
  if (neo4j.isDateTime(value as never)) return (value as { toStandardDate(): Date }).toStandardDate().toISOString();
  if (typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) out[k] = plain(v);
    return out;
  }
  return value;
}

/**
 * A route's rows, typed by its statement's RETURN clause: the one place the floor trusts a
 * statement's shape, as a hand-written endpoint would.
 */
export const rowsOf = <T>(rows: readonly Record<string, unknown>[]): T[] => rows as unknown as T[];
