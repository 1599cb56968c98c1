import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { ImportRecord } from './record';

/**
 * External merge sort of records by start (then file, then line), with bounded memory: records
 * are gathered in chunks of `chunkSize`, each chunk sorted and written to a temporary run file,
 * and the runs merged (a k-way merge on a heap, at most FAN_IN files open at once; more runs are
 * merged in passes). A file that fits in one chunk never touches the disk. This is what lets an
 * import process history in event-time order whatever order the file is in.
 */

/** Runs merged at once; beyond that, runs are merged into longer runs first. */
const FAN_IN = 64;

export const compareRecords = (a: ImportRecord, b: ImportRecord): number =>
  a.startMs - b.startMs || a.source.file - b.source.file || a.source.line - b.source.line;

interface Stored {
  s: number;
  f: number;
  l: number;
  r: string;
  i: ImportRecord['input'];
  h: string;
  e: ImportRecord['end'];
  n: number | null;
}

const store = (x: ImportRecord): string =>
  JSON.stringify({
    s: x.startMs,
    f: x.source.file,
    l: x.source.line,
    r: x.source.raw,
    i: x.input,
    h: x.hash,
    e: x.end,
    n: x.endMs,
  } satisfies Stored);

function load(line: string): ImportRecord {
  const x = JSON.parse(line) as Stored;
  return { input: x.i, hash: x.h, end: x.e, startMs: x.s, endMs: x.n, source: { file: x.f, line: x.l, raw: x.r } };
}

/** A min-heap on `less`: the merge's and the pending ends' priority queue. */
export class Heap<T> {
  private readonly items: T[] = [];
  constructor(private readonly less: (a: T, b: T) => boolean) {}

  get size(): number {
    return this.items.length;
  }

  peek(): T | undefined {
    return this.items[0];
  }

  push(item: T): void {
    const a = this.items;
    a.push(item);
    let k = a.length - 1;
    while (k > 0) {
      const parent = (k - 1) >> 1;
      if (!this.less(a[k]!, a[parent]!)) break;
      [a[k], a[parent]] = [a[parent]!, a[k]!];
      k = parent;
    }
  }

  pop(): T | undefined {
    const a = this.items;
    const top = a[0];
    const last = a.pop();
    if (a.length > 0 && last !== undefined) {
      a[0] = last;
      let k = 0;
      for (;;) {
        const l = 2 * k + 1;
        const r = l + 1;
        let m = k;
        if (l < a.length && this.less(a[l]!, a[m]!)) m = l;
        if (r < a.length && this.less(a[r]!, a[m]!)) m = r;
        if (m === k) break;
        [a[k], a[m]] = [a[m]!, a[k]!];
        k = m;
      }
    }
    return top;
  }
}

async function* readRun(file: string): AsyncGenerator<ImportRecord> {
  const lines = readline.createInterface({ input: fs.createReadStream(file, { highWaterMark: 256 * 1024 }), crlfDelay: Infinity });
  for await (const line of lines) yield load(line);
}

async function* mergeRuns(sources: AsyncIterator<ImportRecord>[]): AsyncGenerator<ImportRecord> {
  const heap = new Heap<{ record: ImportRecord; from: AsyncIterator<ImportRecord> }>((a, b) => compareRecords(a.record, b.record) < 0);
  for (const from of sources) {
    const first = await from.next();
    if (!first.done) heap.push({ record: first.value, from });
  }
  while (heap.size > 0) {
    const top = heap.pop()!;
    yield top.record;
    const next = await top.from.next();
    if (!next.done) heap.push({ record: next.value, from: top.from });
  }
}

async function writeRun(file: string, records: AsyncIterable<ImportRecord> | Iterable<ImportRecord>): Promise<void> {
  const out = fs.createWriteStream(file, { highWaterMark: 1 << 20 });
  for await (const r of records) {
    if (!out.write(`${store(r)}\n`)) await new Promise<void>((resolve) => out.once('drain', () => resolve()));
  }
  await new Promise<void>((resolve, reject) => out.end((error?: Error | null) => (error ? reject(error) : resolve())));
}

export class ExternalSorter {
  private chunk: ImportRecord[] = [];
  private readonly runs: string[] = [];
  private dir: string | null = null;
  count = 0;

  constructor(
    private readonly chunkSize: number,
    private readonly tmpRoot: string = os.tmpdir(),
  ) {}

  /** How many run files were written (0: the input fitted in memory). */
  get spilled(): number {
    return this.runs.length;
  }

  async add(record: ImportRecord): Promise<void> {
    this.chunk.push(record);
    this.count++;
    if (this.chunk.length >= this.chunkSize) await this.spill();
  }

  private async spill(): Promise<void> {
    this.dir ??= fs.mkdtempSync(path.join(this.tmpRoot, 'threadgraph-import-'));
    const file = path.join(this.dir, `run-${this.runs.length}.ndjson`);
    const sorted = this.chunk.sort(compareRecords);
    this.chunk = [];
    await writeRun(file, sorted);
    this.runs.push(file);
  }

  /** Every record added, in order. Call once, after the last add; `close` removes the run files. */
  async *sorted(): AsyncGenerator<ImportRecord> {
    if (this.runs.length === 0) {
      const chunk = this.chunk.sort(compareRecords);
      this.chunk = [];
      yield* chunk;
      return;
    }
    if (this.chunk.length > 0) await this.spill();
    let generation = 0;
    while (this.runs.length > FAN_IN) {
      const group = this.runs.splice(0, FAN_IN);
      const file = path.join(this.dir!, `merged-${generation++}.ndjson`);
      await writeRun(file, mergeRuns(group.map((f) => readRun(f))));
      for (const f of group) fs.rmSync(f, { force: true });
      this.runs.push(file);
    }
    yield* mergeRuns(this.runs.map((f) => readRun(f)));
  }

  close(): void {
    if (this.dir) fs.rmSync(this.dir, { recursive: true, force: true });
    this.dir = null;
  }
}
