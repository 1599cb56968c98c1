import fs from 'node:fs';
import path from 'node:path';
import { csvLine } from './csv';
import { csvFieldsOf, CSV_COLUMNS, REJECT_COLUMNS, REJECT_FIELD } from './formats';
import { Refusal } from './record';
import { InputFile } from './sources';

/** `calls.ndjson` → `calls.rejects.ndjson`, beside it or in `dir`. */
export function rejectsPathOf(file: string, dir?: string): string {
  const ext = path.extname(file);
  const base = path.basename(file, ext);
  return path.join(dir ?? path.dirname(file), `${base}.rejects${ext || '.ndjson'}`);
}

/**
 * The refused records of one input file, in the file's own format, each with its line number, its
 * typed code and the message: NDJSON lines carry them in a `_reject` field, CSV rows in three more
 * columns. An import ignores both, so an operator can fix a rejects file and import it as it is.
 * The file is written only when something is refused (an old one is removed at the start).
 */
export class RejectsFile {
  private fd: number | null = null;
  count = 0;

  constructor(
    readonly input: InputFile,
    readonly path: string,
    private readonly header: () => string[] | null,
  ) {
    fs.rmSync(path, { force: true });
  }

  write(refusal: Refusal): void {
    if (this.fd === null) {
      fs.mkdirSync(path.dirname(this.path), { recursive: true });
      this.fd = fs.openSync(this.path, 'w');
      if (this.input.format === 'csv') fs.writeSync(this.fd, `${csvLine(this.csvHeader())}\n`);
    }
    fs.writeSync(this.fd, `${this.input.format === 'csv' ? this.csvRow(refusal) : this.jsonLine(refusal)}\n`);
    this.count++;
  }

  close(): void {
    if (this.fd !== null) fs.closeSync(this.fd);
    this.fd = null;
  }

  private jsonLine(r: Refusal): string {
    const reject = { line: r.source.line, code: r.code, message: r.message };
    let value: unknown;
    try {
      value = JSON.parse(r.source.raw);
    } catch {
      value = null;
    }
    if (value && typeof value === 'object' && !Array.isArray(value)) {
      return JSON.stringify({ ...(value as Record<string, unknown>), [REJECT_FIELD]: reject });
    }
    return JSON.stringify({ [REJECT_FIELD]: reject, _raw: r.source.raw });
  }

  /** The input's own header, without the reject columns a previous rejects file may have carried. */
  private payloadHeader(): string[] {
    return (this.header() ?? [...CSV_COLUMNS]).filter((h) => !(REJECT_COLUMNS as readonly string[]).includes(h));
  }

  private csvHeader(): string[] {
    return [...this.payloadHeader(), ...REJECT_COLUMNS];
  }

  private csvRow(r: Refusal): string {
    const width = this.payloadHeader().length;
    const fields = csvFieldsOf(r.source.raw);
    const cells = fields.length >= width ? fields.slice(0, width) : [...fields, ...Array<string>(width - fields.length).fill('')];
    return csvLine([...cells, String(r.source.line), r.code, r.message]);
  }
}
