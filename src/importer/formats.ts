import { ThreadgraphError } from '../errors';
import { csvLine, splitCsv } from './csv';
import { RecordJson } from './record';

export const FORMATS = ['ndjson', 'csv'] as const;
export type Format = (typeof FORMATS)[number];

/** The format a file's name says (`.csv`, else NDJSON), unless one was given. */
export function formatOf(file: string, given: Format | undefined): Format {
  return given ?? (/\.csv$/i.test(file) ? 'csv' : 'ndjson');
}

/**
 * The CSV header, in the order `threadgraph generate` writes it. Columns may come in any order;
 * `id`, `type` and `startedAt` are required. Each names the payload field it fills: `participants`
 * is a `;`-separated list of `id:ROLE` (the role after the last colon), `metadata` a JSON object,
 * and any `metadata.<name>` column adds one string field to it.
 */
export const CSV_COLUMNS = [
  'id',
  'type',
  'externalId',
  'phoneNumber',
  'email',
  'threading.parentInteractionId',
  'threading.threadId',
  'participants',
  'metadata',
  'startedAt',
  'endedAt',
  'talkSeconds',
  'holdSeconds',
  'afterCallWorkSeconds',
] as const;

/** The columns a rejects file appends; an import ignores them, so a fixed rejects file imports as it is. */
export const REJECT_COLUMNS = ['rejectLine', 'rejectCode', 'rejectMessage'] as const;
/** The field a rejects file adds to each NDJSON record, ignored on import for the same reason. */
export const REJECT_FIELD = '_reject';

const REQUIRED = ['id', 'type', 'startedAt'];
const NUMBERS = new Set(['talkSeconds', 'holdSeconds', 'afterCallWorkSeconds']);

/** A CSV header, checked: unknown columns are refused (a typo would silently drop a field). */
export function csvHeader(fields: string[]): string[] {
  const header = fields.map((f) => f.trim());
  const unknown = header.filter(
    (h) =>
      !(CSV_COLUMNS as readonly string[]).includes(h) &&
      !(REJECT_COLUMNS as readonly string[]).includes(h) &&
      !/^metadata\.[A-Za-z0-9_]+$/.test(h),
  );
  const problems = [
    ...unknown.map((h) => `unknown column "${h}"`),
    ...REQUIRED.filter((r) => !header.includes(r)).map((r) => `missing column "${r}"`),
    ...header.filter((h, i) => header.indexOf(h) !== i).map((h) => `column "${h}" appears twice`),
  ];
  if (problems.length > 0) {
    throw new Error(`the CSV header is not one threadgraph reads (${problems.join('; ')}); expected: ${CSV_COLUMNS.join(',')}`);
  }
  return header;
}

function bad(message: string): never {
  throw new ThreadgraphError('BAD_USER_INPUT', message);
}

/** `agent-7:AGENT;cust-1:CUSTOMER` → participants (state left out). */
function participantsCell(cell: string): RecordJson['participants'] {
  return cell
    .split(';')
    .map((p) => p.trim())
    .filter((p) => p.length > 0)
    .map((p) => {
      const colon = p.lastIndexOf(':');
      if (colon <= 0) bad(`participants must be a ;-separated list of id:ROLE, got "${p}"`);
      return { id: p.slice(0, colon), role: p.slice(colon + 1) };
    });
}

/** One CSV row as the record (payload) it stands for; empty cells are absent fields. */
export function recordFromCsv(header: readonly string[], fields: readonly string[]): RecordJson {
  const payloadColumns = header.filter((h) => !(REJECT_COLUMNS as readonly string[]).includes(h));
  if (fields.length !== header.length && fields.length !== payloadColumns.length) {
    bad(`the row has ${fields.length} fields, the header ${header.length}`);
  }
  const r: Record<string, unknown> = {};
  const threading: Record<string, string> = {};
  let metadata: Record<string, unknown> | null = null;
  header.forEach((column, k) => {
    const cell = fields[k];
    if (cell === undefined || cell === '') return;
    if (column === 'participants') r.participants = participantsCell(cell);
    else if (column === 'metadata') {
      let parsed: unknown;
      try {
        parsed = JSON.parse(cell);
      } catch {
        bad('metadata must be a JSON object');
      }
      if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) bad('metadata must be a JSON object');
      metadata = { ...(parsed as Record<string, unknown>), ...(metadata ?? {}) };
    } else if (column.startsWith('metadata.')) {
      metadata = { ...(metadata ?? {}), [column.slice('metadata.'.length)]: cell };
    } else if (column.startsWith('threading.')) threading[column.slice('threading.'.length)] = cell;
    else if (NUMBERS.has(column)) {
      const n = Number(cell);
      if (!Number.isFinite(n)) bad(`${column} must be a number, got "${cell}"`);
      r[column] = n;
    } else if (!(REJECT_COLUMNS as readonly string[]).includes(column)) r[column] = cell;
  });
  if (Object.keys(threading).length > 0) r.threading = threading;
  if (metadata) r.metadata = metadata;
  return r as unknown as RecordJson;
}

/** A record as a CSV row under CSV_COLUMNS (what `threadgraph generate --format csv` writes). */
export function csvRowOf(r: RecordJson): string {
  const cells: Record<(typeof CSV_COLUMNS)[number], string> = {
    id: r.id,
    type: r.type,
    externalId: r.externalId ?? '',
    phoneNumber: r.phoneNumber ?? '',
    email: r.email ?? '',
    'threading.parentInteractionId': r.threading?.parentInteractionId ?? '',
    'threading.threadId': r.threading?.threadId ?? '',
    participants: (r.participants ?? []).map((p) => `${p.id}:${p.role}`).join(';'),
    metadata: r.metadata ? JSON.stringify(r.metadata) : '',
    startedAt: r.startedAt,
    endedAt: r.endedAt ?? '',
    talkSeconds: r.talkSeconds === null || r.talkSeconds === undefined ? '' : String(r.talkSeconds),
    holdSeconds: r.holdSeconds === null || r.holdSeconds === undefined ? '' : String(r.holdSeconds),
    afterCallWorkSeconds: r.afterCallWorkSeconds === null || r.afterCallWorkSeconds === undefined ? '' : String(r.afterCallWorkSeconds),
  };
  return csvLine(CSV_COLUMNS.map((c) => cells[c]));
}

export const csvHeaderLine = (): string => csvLine(CSV_COLUMNS);

/** The fields of a CSV record's text (for a rejects file), or the text alone when it does not split. */
export function csvFieldsOf(raw: string): string[] {
  return splitCsv(raw) ?? [raw];
}
