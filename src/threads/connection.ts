import { CursorKind, encodeCursor } from './cursor';

/** A row of a page as the Cypher returns it: the node and its exact sort key for the cursor. */
export interface Positioned<T> {
  node: T;
  sortKey: string;
}

export interface PageInfo {
  hasNextPage: boolean;
  hasPreviousPage: boolean;
  startCursor: string | null;
  endCursor: string | null;
}

export interface Connection<T> {
  edges: { cursor: string; node: T }[];
  pageInfo: PageInfo;
}

/**
 * A Relay connection from rows fetched with one extra row: that row only says a next page exists.
 * A page that starts after a cursor always has a previous page (at least the cursor's own row).
 */
export function connectionOf<T extends { id: string }>(
  kind: CursorKind,
  rows: Positioned<T>[],
  first: number,
  after: string | null,
): Connection<T> {
  const edges = rows.slice(0, first).map((r) => ({ cursor: encodeCursor(kind, r.sortKey, r.node.id), node: r.node }));
  return {
    edges,
    pageInfo: {
      hasNextPage: rows.length > first,
      hasPreviousPage: after !== null,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges[edges.length - 1]?.cursor ?? null,
    },
  };
}
