/**
 * RFC 4180 CSV, as much as history files need: comma-separated fields, quoted with double quotes
 * when they hold a comma, a quote (doubled) or a line break; CRLF or LF line ends. A record may span
 * several lines inside quotes; it is numbered by its first line.
 */

/** Splits one record's text into fields; null when a quote is still open (the record goes on). */
export function splitCsv(text: string): string[] | null {
  if (!text.includes('"')) return text.split(',');
  const fields: string[] = [];
  let field = '';
  let quoted = false;
  for (let k = 0; k < text.length; k++) {
    const ch = text[k]!;
    if (quoted) {
      if (ch === '"') {
        if (text[k + 1] === '"') {
          field += '"';
          k++;
        } else {
          quoted = false;
        }
      } else {
        field += ch;
      }
    } else if (ch === '"' && field.length === 0) {
      quoted = true;
    } else if (ch === ',') {
      fields.push(field);
      field = '';
    } else {
      field += ch;
    }
  }
  if (quoted) return null;
  fields.push(field);
  return fields;
}

/** One CSV record as read: its fields, its first line's number, its text. */
export interface CsvRecord {
  fields: string[];
  line: number;
  raw: string;
}

/** How many lines a record may span before it is refused as an unterminated quote. */
const MAX_LINES_PER_RECORD = 1000;

/**
 * Groups the lines of a CSV file into records (joining the lines of a quoted field that holds line
 * breaks). A quote left open for MAX_LINES_PER_RECORD lines yields a record with `fields: null`, so
 * one bad quote costs one rejected record rather than the rest of the file.
 */
export async function* csvRecords(lines: AsyncIterable<string>): AsyncGenerator<CsvRecord | { fields: null; line: number; raw: string }> {
  let pending: string | null = null;
  let first = 0;
  let count = 0;
  let n = 0;
  for await (const line of lines) {
    n++;
    const text: string = pending === null ? line : `${pending}\n${line}`;
    if (pending === null) first = n;
    const fields = splitCsv(text);
    if (fields !== null) {
      pending = null;
      count = 0;
      if (text.trim().length > 0) yield { fields, line: first, raw: text };
      continue;
    }
    pending = text;
    if (++count >= MAX_LINES_PER_RECORD) {
      yield { fields: null, line: first, raw: text };
      pending = null;
      count = 0;
    }
  }
  if (pending !== null) yield { fields: null, line: first, raw: pending };
}

/** One field, quoted when it must be. */
export function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

export const csvLine = (fields: readonly string[]): string => fields.map(csvField).join(',');
