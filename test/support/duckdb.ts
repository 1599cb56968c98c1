import { DuckDBInstance } from '@duckdb/node-api';

/**
 * Reads files back with DuckDB, as an analyst would (`SELECT * FROM 'file.csv'`, no options):
 * the proof that exports open in a BI tool as they are. Values come back as JSON.
 */
export async function duckdb(sql: string): Promise<Record<string, unknown>[]> {
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  try {
    return (await connection.runAndReadAll(sql)).getRowObjectsJson();
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

/** The column types DuckDB inferred for a file. */
export async function duckdbTypes(file: string): Promise<Record<string, string>> {
  const rows = await duckdb(`DESCRIBE SELECT * FROM '${file}'`);
  return Object.fromEntries(rows.map((r) => [String(r.column_name), String(r.column_type)]));
}
