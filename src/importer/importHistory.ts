import os from 'node:os';
import { ErrorCode, WarningCode } from '../errors';
import { StitchReason } from '../model';
import { TenantDb } from '../neo4j';
import { assertComposite, claimTargetOf, planAlone, readPolicy, StitchingPolicy } from '../stitching';
import { newBatchTimes, writeBatch } from './batch';
import { batchesOf, BatchOfCreates } from './batches';
import { ImportRecord, Refusal, refusalOf } from './record';
import { RejectsFile, rejectsPathOf } from './rejects';
import { foundNone, noneImported, withoutImported } from './resume';
import { BatchOutcome, PendingEnd } from './simulate';
import { ExternalSorter, Heap } from './sort';
import { InputFile, ReadState, readRecords } from './sources';

export interface ImportOptions {
  /** Creates per write transaction. */
  batchSize?: number;
  /** Records per sorted run of the external sort (what it holds in memory at once). */
  chunkSize?: number;
  /** Where the sort's run files go (removed at the end). */
  tmpDir?: string;
  /** Where rejects files go (default: beside each input). */
  rejectsDir?: string;
  /** Check and sort every record, but write nothing. */
  dryRun?: boolean;
  /** Aborted (Ctrl-C): the import stops after the batch it is writing. */
  signal?: AbortSignal;
  onProgress?: (progress: ImportProgress) => void;
}

export type ImportPhase = 'reading' | 'importing' | 'done';

/** What the import has done so far, for a progress bar or progress lines. */
export interface ImportProgress {
  phase: ImportPhase;
  /** Reading: bytes read of all files. */
  bytesRead: number;
  bytesTotal: number;
  /** Records read so far (all of them once reading is done). */
  read: number;
  /** Importing: records replayed so far (created, already in, or refused by the stitching rules). */
  processed: number;
  /** Records the reading kept, to be replayed. */
  total: number;
  written: number;
  alreadyIn: number;
  refused: number;
  elapsedMs: number;
}

export interface ImportSummary {
  tenant: string;
  files: string[];
  dryRun: boolean;
  /** Stopped by Ctrl-C after a batch: run the same import again to continue. */
  interrupted: boolean;
  records: number;
  created: number;
  /** Records whose interaction was already in the graph with the same content (a resumed import). */
  alreadyIn: number;
  ended: number;
  stitched: Partial<Record<StitchReason, number>>;
  warnings: Partial<Record<WarningCode, number>>;
  threads: number;
  refused: Partial<Record<ErrorCode, number>>;
  rejects: { file: string; path: string; count: number }[];
  batches: number;
  sortRuns: number;
  seconds: number;
  perSecond: number;
  peakRssMiB: number;
  /** Where the time went, in seconds: what to look at when the import is slow. */
  timing: ImportTiming;
}

export interface ImportTiming {
  /** Pass 1: reading, checking and sorting the files. */
  read: number;
  /** find-imported: the lock-free look-up of each batch's ids (what makes a resumed import cheap). */
  find: number;
  /** claim-batch: the locks and the reads under them. */
  claim: number;
  /** The replay in JavaScript. */
  plan: number;
  /** write-batch: the checks and the write. */
  write: number;
  /** The rest of the batches' time: commits, the driver, waiting for the next batch's records. */
  other: number;
  /** Write transactions run (more than the batches when some ran again). */
  attempts: number;
}

const add = <K extends string>(into: Partial<Record<K, number>>, from: Partial<Record<K, number>>) => {
  for (const [k, v] of Object.entries(from) as [K, number][]) into[k] = (into[k] ?? 0) + v;
};

/**
 * Imports history files into the tenant of `h`, by the tenant's stitching policy, so that the graph
 * is the one createInteraction and endInteraction would have built had each record been sent at its
 * start and ended at its end. Two passes: the first reads, checks and sorts every record by start
 * (an external sort, constant memory), refusing bad input into the rejects files; the second cuts
 * the sorted records into batches of `batchSize` creates and writes each in one transaction
 * (writeBatch), under the live path's locks. Records whose interaction is already in are skipped, so
 * an interrupted import run again continues where it stopped.
 */
export async function importHistory(h: TenantDb, inputs: InputFile[], opts: ImportOptions = {}): Promise<ImportSummary> {
  const started = Date.now();
  const batchSize = opts.batchSize ?? 5000;
  const signal = opts.signal ?? new AbortController().signal;
  const states: ReadState[] = inputs.map(() => ({ bytes: 0, size: 0, header: null }));
  const rejects = inputs.map((input, k) => new RejectsFile(input, rejectsPathOf(input.path, opts.rejectsDir), () => states[k]!.header));
  const summary: ImportSummary = {
    tenant: h.tenant,
    files: inputs.map((i) => i.path),
    dryRun: opts.dryRun ?? false,
    interrupted: false,
    records: 0,
    created: 0,
    alreadyIn: 0,
    ended: 0,
    stitched: {},
    warnings: {},
    threads: 0,
    refused: {},
    rejects: [],
    batches: 0,
    sortRuns: 0,
    seconds: 0,
    perSecond: 0,
    peakRssMiB: 0,
    timing: { read: 0, find: 0, claim: 0, plan: 0, write: 0, other: 0, attempts: 0 },
  };
  const times = newBatchTimes();
  let findMs = 0;
  let batchesMs = 0;
  let processed = 0;
  let kept = 0;
  const progress = (phase: ImportPhase) =>
    opts.onProgress?.({
      phase,
      bytesRead: states.reduce((n, s) => n + s.bytes, 0),
      bytesTotal: states.reduce((n, s) => n + s.size, 0),
      read: summary.records,
      processed,
      total: kept,
      written: summary.created,
      alreadyIn: summary.alreadyIn,
      refused: Object.values(summary.refused).reduce((n, v) => n + v, 0),
      elapsedMs: Date.now() - started,
    });
  const reject = (r: Refusal) => {
    rejects[r.source.file]!.write(r);
    summary.refused[r.code as ErrorCode] = (summary.refused[r.code as ErrorCode] ?? 0) + 1;
  };

  const sorter = new ExternalSorter(opts.chunkSize ?? 100_000, opts.tmpDir ?? os.tmpdir());
  try {
    // Pass 1: read, check, sort.
    const policy = opts.dryRun ? await readPolicy(h) : null;
    progress('reading'); // the phase starts now: its rate counts from here
    reading: for (let k = 0; k < inputs.length; k++) {
      for await (const item of readRecords(inputs[k]!, k, states[k]!)) {
        summary.records++;
        const refused = 'code' in item ? item : policy ? dryRunRefusal(item, policy) : null;
        if (refused) reject(refused);
        else {
          kept++;
          await sorter.add(item as ImportRecord);
        }
        if (summary.records % 2000 === 0) {
          progress('reading');
          if (signal.aborted) {
            summary.interrupted = true;
            break reading;
          }
        }
      }
    }
    summary.sortRuns = sorter.spilled;
    summary.timing.read = (Date.now() - started) / 1000;
    progress('reading');

    // Pass 2: replay and write, batch by batch.
    if (!summary.interrupted && !opts.dryRun) {
      const ends = new Heap<PendingEnd>((a, b) => a.endMs < b.endMs || (a.endMs === b.endMs && a.order < b.order));
      const batches = batchesOf(sorter.sorted(), batchSize);
      progress('importing'); // the phase starts now, not after the first batch: its rate counts from here
      let next = batches.next();
      let resuming = true;
      for (;;) {
        const { value, done } = await next;
        if (done) break;
        if (signal.aborted) {
          summary.interrupted = true;
          break;
        }
        const batch: BatchOfCreates = value;
        const batchStarted = performance.now();
        next = batches.next(); // read and sort the next batch while this one is written
        // What an interrupted import left in is a prefix of the sorted records: once a batch has none
        // of its records in, the rest are not looked up first (claim-batch still finds any that are,
        // and the batch runs again, reading their ends too).
        const remaining = resuming ? await withoutImported(h, batch) : noneImported(batch);
        if (foundNone(remaining)) resuming = false;
        findMs += performance.now() - batchStarted;
        summary.alreadyIn += remaining.alreadyIn;
        for (const p of remaining.pending) ends.push(p);
        const carried: PendingEnd[] = [];
        while (ends.size > 0 && ends.peek()!.endMs < batch.rangeEndMs) carried.push(ends.pop()!);
        if (remaining.creates.length > 0 || carried.length > 0) {
          const outcome = await writeBatch(
            h,
            { creates: remaining.creates, rangeEndMs: batch.rangeEndMs, carried, mayExist: remaining.mayExist },
            times,
          );
          for (const p of outcome.pending) ends.push(p);
          tally(summary, outcome, reject);
        }
        processed += batch.creates.length;
        batchesMs += performance.now() - batchStarted;
        summary.batches++;
        progress('importing');
      }
      if (summary.interrupted) await batches.return(undefined);
    }
  } finally {
    sorter.close();
    for (const r of rejects) r.close();
  }
  summary.rejects = rejects.filter((r) => r.count > 0).map((r) => ({ file: r.input.path, path: r.path, count: r.count }));
  const sec = (ms: number) => Math.round(ms) / 1000;
  summary.timing = {
    read: summary.timing.read,
    find: sec(findMs),
    claim: sec(times.claimMs),
    plan: sec(times.planMs),
    write: sec(times.writeMs),
    other: sec(batchesMs - findMs - times.claimMs - times.planMs - times.writeMs),
    attempts: times.attempts,
  };
  summary.seconds = (Date.now() - started) / 1000;
  summary.perSecond = summary.seconds > 0 ? Math.round(summary.records / summary.seconds) : 0;
  summary.peakRssMiB = Math.round(process.resourceUsage().maxRSS / 1024);
  progress('done');
  return summary;
}

function tally(summary: ImportSummary, outcome: BatchOutcome, reject: (r: Refusal) => void): void {
  const c = outcome.counts;
  summary.created += c.created;
  summary.alreadyIn += c.alreadyIn;
  summary.ended += c.ended;
  summary.threads += c.threads;
  add(summary.stitched, c.stitched);
  add(summary.warnings, c.warnings);
  for (const r of outcome.refusals) reject(r);
}

/** What a dry run can say of a record without the graph: an orphan, a composite key that does not match. */
function dryRunRefusal(r: ImportRecord, policy: StitchingPolicy): Refusal | null {
  try {
    if (r.input.externalId) assertComposite(r.input.externalId, policy);
    if (claimTargetOf(r.input, policy).mode === 'NONE') planAlone(r.input, policy);
    return null;
  } catch (error) {
    return refusalOf(error, r.source, r.input.id);
  }
}
