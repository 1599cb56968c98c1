import { EdgeExportRow, InteractionExportRow, ThreadExportRow } from '../model';
import { TenantDb } from '../neo4j';
import { periodParams } from './figures';
import { AnalyticsQuery } from './period';

/**
 * Exports for BI tools: the period's threads, their interactions or their PARENT_OF edges, read in
 * keyset pages of threads (cypher/export/<kind>.cypher), so memory stays flat however large the
 * period: each page seeks the (tenant, startedAt) index from where the last one ended. Pages are
 * separate read transactions: a thread written during an export is in it or not, never half.
 */
export const EXPORT_KINDS = ['threads', 'interactions', 'edges'] as const;
export type ExportKind = (typeof EXPORT_KINDS)[number];

export type ExportRow = ThreadExportRow | InteractionExportRow | EdgeExportRow;

/** The columns of each export, in file order; the README lists them. */
export const EXPORT_COLUMNS = {
  threads: [
    'id',
    'rootId',
    'externalId',
    'externalThreadId',
    'status',
    'startedAt',
    'closedAt',
    'channels',
    'interactions',
    'depth',
    'handleTimeSeconds',
    'spanSeconds',
    'transfers',
    'journey',
  ],
  interactions: [
    'id',
    'threadId',
    'parentId',
    'depth',
    'channel',
    'state',
    'externalId',
    'startedAt',
    'endedAt',
    'talkSeconds',
    'holdSeconds',
    'afterCallWorkSeconds',
    'handleTimeSeconds',
    'stitchReason',
    'agentIds',
  ],
  edges: ['parentId', 'childId', 'threadId', 'reason', 'parentChannel', 'childChannel', 'createdAt'],
} as const satisfies {
  threads: readonly (keyof ThreadExportRow)[];
  interactions: readonly (keyof InteractionExportRow)[];
  edges: readonly (keyof EdgeExportRow)[];
};

/** Columns of seconds: fractional, so the files always write them with a decimal point. */
export const FRACTIONAL_COLUMNS: ReadonlySet<string> = new Set([
  'handleTimeSeconds',
  'spanSeconds',
  'talkSeconds',
  'holdSeconds',
  'afterCallWorkSeconds',
]);

export const DEFAULT_EXPORT_PAGE = 1000;

/** How many threads the export will read: what its progress counts towards. One round trip. */
export async function countExportThreads(h: TenantDb, q: AnalyticsQuery): Promise<number> {
  return (await h.readOne('export/count-threads', periodParams(q)))?.threads ?? 0;
}

export interface ExportPage {
  /** Threads read for this page. */
  threads: number;
  rows: ExportRow[];
}

/** The export's pages, one round trip each, until the period is exhausted. */
export async function* exportPages(
  h: TenantDb,
  kind: ExportKind,
  q: AnalyticsQuery,
  pageSize = DEFAULT_EXPORT_PAGE,
): AsyncGenerator<ExportPage> {
  let after: { afterStartedAt: string | null; afterId: string | null } = { afterStartedAt: null, afterId: null };
  for (;;) {
    const params = { ...periodParams(q), ...after, limit: pageSize };
    const page = await readPage(h, kind, params);
    if (page.length === 0) return;
    yield { threads: page.length, rows: page.flatMap((p) => p.rows) };
    if (page.length < pageSize) return;
    const last = page[page.length - 1]!;
    after = { afterStartedAt: last.sortKey, afterId: last.id };
  }
}

type PageParams = ReturnType<typeof periodParams> & { afterStartedAt: string | null; afterId: string | null; limit: number };

async function readPage(h: TenantDb, kind: ExportKind, params: PageParams): Promise<{ sortKey: string; id: string; rows: ExportRow[] }[]> {
  switch (kind) {
    case 'threads':
      return h.read('export/threads', params);
    case 'interactions':
      return h.read('export/interactions', params);
    case 'edges':
      return h.read('export/edges', params);
  }
}
