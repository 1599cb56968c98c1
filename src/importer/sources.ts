import fs from 'node:fs';
import readline from 'node:readline';
import { csvRecords } from './csv';
import { csvHeader, Format, recordFromCsv, REJECT_FIELD } from './formats';
import { ImportRecord, recordFrom, Refusal, refusalOf, RecordSource } from './record';

/** One input file of an import. */
export interface InputFile {
  path: string;
  format: Format;
}

/** What reading a file says besides its records: its size, bytes read so far, and a CSV file's header. */
export interface ReadState {
  bytes: number;
  size: number;
  header: string[] | null;
}

/** The id a record meant to have, for the rejects file and the summary (null when unreadable). */
function idOf(value: unknown): string | null {
  return value && typeof value === 'object' && typeof (value as { id?: unknown }).id === 'string' ? (value as { id: string }).id : null;
}

function lineReader(file: string, state: ReadState): AsyncIterable<string> {
  const stream = fs.createReadStream(file, { highWaterMark: 1 << 20 });
  stream.on('data', (chunk) => {
    state.bytes += chunk.length;
  });
  return readline.createInterface({ input: stream, crlfDelay: Infinity });
}

/**
 * Reads one file, record by record in file order, with constant memory: each record is checked and
 * normalized (recordFrom) or refused with its line number and code. A CSV header that is not one we
 * read stops the import (every row would be misread), with the reason.
 */
export async function* readRecords(input: InputFile, fileIndex: number, state: ReadState): AsyncGenerator<ImportRecord | Refusal> {
  state.size = fs.statSync(input.path).size;
  if (input.format === 'ndjson') {
    let line = 0;
    for await (const text of lineReader(input.path, state)) {
      line++;
      if (text.trim().length === 0) continue;
      const source: RecordSource = { file: fileIndex, line, raw: text };
      let value: unknown;
      try {
        value = JSON.parse(text);
      } catch (error) {
        yield { source, code: 'BAD_USER_INPUT', message: `line ${line} is not valid JSON: ${(error as Error).message}`, id: null };
        continue;
      }
      if (value && typeof value === 'object' && REJECT_FIELD in value) delete (value as Record<string, unknown>)[REJECT_FIELD];
      try {
        yield recordFrom(value, source);
      } catch (error) {
        yield refusalOf(error, source, idOf(value));
      }
    }
    return;
  }
  for await (const rec of csvRecords(lineReader(input.path, state))) {
    const source: RecordSource = { file: fileIndex, line: rec.line, raw: rec.raw };
    if (state.header === null) {
      if (rec.fields === null) throw new Error(`${input.path}: the CSV header has an unterminated quote`);
      state.header = csvHeader(rec.fields);
      continue;
    }
    if (rec.fields === null) {
      yield { source, code: 'BAD_USER_INPUT', message: `the record starting on line ${rec.line} has an unterminated quote`, id: null };
      continue;
    }
    let value: unknown = null;
    try {
      value = recordFromCsv(state.header, rec.fields);
      yield recordFrom(value, source);
    } catch (error) {
      yield refusalOf(error, source, idOf(value) ?? rec.fields[state.header.indexOf('id')] ?? null);
    }
  }
}
