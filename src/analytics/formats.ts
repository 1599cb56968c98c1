/**
 * Files DuckDB, Spark and spreadsheets read without options: CSV (RFC 4180, a header row, LF line
 * ends) and NDJSON (one JSON object per line). Instants are ISO-8601 UTC strings as the rows carry
 * them (2026-03-27T09:00:00.000Z); lists are joined with '|' in CSV and stay arrays in NDJSON.
 */
export type FileFormat = 'csv' | 'ndjson';

/** One CSV field: empty for null (and an empty list), quoted when it holds a comma, quote or line break (or is an empty string). */
export function csvField(value: unknown): string {
  if (value === null || value === undefined || (Array.isArray(value) && value.length === 0)) return '';
  const text = Array.isArray(value)
    ? value.map((v) => String(v)).join('|')
    : typeof value === 'object' && !(value instanceof Decimal)
      ? JSON.stringify(value)
      : String(value);
  return text === '' || /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export function csvLine(values: readonly unknown[]): string {
  return `${values.map(csvField).join(',')}\n`;
}

/** The values of `row` in `columns` order. */
export function valuesOf(row: object, columns: readonly string[]): unknown[] {
  const byName = new Map<string, unknown>(Object.entries(row));
  return columns.map((c) => byName.get(c) ?? null);
}

/** The header line of a file, if its format has one. */
export function headerOf(format: FileFormat, columns: readonly string[]): string {
  return format === 'csv' ? csvLine(columns) : '';
}

/**
 * A number of a fractional column as text that always has a decimal point (1200.0), so a reader
 * that infers types from a sample (DuckDB, Spark) makes the column a double from the first row,
 * even when a fraction first appears a million rows later.
 */
export function decimalText(n: number): string {
  return Number.isInteger(n) && Math.abs(n) < 1e21 ? `${n}.0` : String(n);
}

/** One row as a line of the file, its fields in `columns` order; `fractional` columns always carry a decimal point. */
export function lineOf(format: FileFormat, row: object, columns: readonly string[], fractional: ReadonlySet<string> = new Set()): string {
  const values = valuesOf(row, columns).map((v, k) => (typeof v === 'number' && fractional.has(columns[k]!) ? new Decimal(v) : v));
  if (format === 'csv') return csvLine(values);
  return `{${columns.map((c, k) => `${JSON.stringify(c)}:${values[k] instanceof Decimal ? values[k].toString() : JSON.stringify(values[k])}`).join(',')}}\n`;
}

/** A number that prints with its decimal point, in CSV and in JSON alike. */
class Decimal {
  constructor(private readonly n: number) {}
  toString(): string {
    return decimalText(this.n);
  }
}
