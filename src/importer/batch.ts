import { BatchRowVerdict, RowOf } from '../cypher';
import { ErrorCode, RetryableConflict } from '../errors';
import { TenantDb } from '../neo4j';
import { assertPolicyCurrent, knownPolicy, learnPolicy, policyParams } from '../stitching';
import { decodeClaim } from './claim';
import { Refusal } from './record';
import { BatchInput, BatchOutcome, claimParamsOf, simulateBatch } from './simulate';

/** Where a batch's time went (summed over its attempts), for the summary and the benchmark. */
export interface BatchTimes {
  /** claim-batch: the locks and the reads under them. */
  claimMs: number;
  /** The replay in JavaScript (simulateBatch) and the write's parameters. */
  planMs: number;
  /** write-batch: the checks and the write. */
  writeMs: number;
  /** Transaction attempts (more than the batches when some ran again). */
  attempts: number;
}

export const newBatchTimes = (): BatchTimes => ({ claimMs: 0, planMs: 0, writeMs: 0, attempts: 0 });

/** The database refused some rows of a batch on a rule: the batch runs again without them. */
class RowsRefused extends Error {
  constructor(readonly refused: Map<string, Refusal>) {
    super(`the database refused ${refused.size} row(s) of an import batch`);
  }
}

/** Row verdicts that refuse the record (a rule says no), with the code a client would get. */
const RULE_CODES: Partial<Record<BatchRowVerdict, ErrorCode>> = {
  PARENT_NOT_FOUND: 'PARENT_NOT_FOUND',
  MAX_DEPTH: 'MAX_DEPTH_EXCEEDED',
  CROSS_CHANNEL: 'CROSS_CHANNEL_DISABLED',
  ENDS_BEFORE_START: 'BAD_USER_INPUT',
};
/** Row verdicts that say the batch decided on facts that changed meanwhile: it runs again. */
const RETRY: ReadonlySet<string> = new Set(['ID_TAKEN', 'MOVED', 'NOT_FOUND', 'ALREADY_ENDED', 'THREAD_ID_TAKEN']);

/**
 * Writes one batch in one write transaction: claim-batch (the locks, then the reads), the replay
 * (simulateBatch, pure), write-batch (the guarded write). The transaction runs again, from its
 * locks, when it lost a race (RetryableConflict: the database retries it), and without the refused
 * rows when write-batch refused some on a rule (which writes nothing): the database is the last word.
 */
export async function writeBatch(h: TenantDb, input: BatchInput, time: BatchTimes = newBatchTimes()): Promise<BatchOutcome> {
  const excluded = new Map<string, Refusal>();
  let batch = input;
  for (;;) {
    try {
      return await h.write(async (tx) => {
        time.attempts++;
        const known = knownPolicy(h);
        let t = performance.now();
        const row = await tx.one('import/claim-batch', claimParamsOf(batch, known.policy));
        if (!row) throw new Error('claim-batch returned no row');
        const claim = decodeClaim(row);
        time.claimMs += performance.now() - t;
        const mayExist = batch.mayExist;
        if (mayExist !== undefined && claim.existing.some((x) => !mayExist.has(x.id))) {
          // One of the ids the import took for new is in the graph (a live create, a record the file
          // repeats): its end, if any, was neither locked nor read. Run again locking every one.
          batch = { ...batch, mayExist: undefined };
          throw new RetryableConflict('an interaction of the import batch is in the graph already');
        }
        t = performance.now();
        assertPolicyCurrent(h, known, claim.policy);
        const outcome = simulateBatch(known.policy, claim, batch, excluded);
        const params = outcome.world.writeParams();
        time.planMs += performance.now() - t;
        if (params.rows.length + params.updates.length === 0) return outcome;
        t = performance.now();
        const written = await tx.one('import/write-batch', { ...policyParams(known), ...params });
        if (!written) throw new Error('write-batch returned no row');
        time.writeMs += performance.now() - t;
        if (written.verdict === 'OK') return outcome;
        if (written.verdict === 'POLICY_CHANGED') {
          learnPolicy(h, written.policy);
          throw new RetryableConflict('the stitching policy changed while an import batch was being decided');
        }
        throw refusalsOf(written, params.rows, known.policy.maxThreadSize);
      });
    } catch (error) {
      if (!(error instanceof RowsRefused)) throw error;
      for (const [id, r] of error.refused) excluded.set(id, r);
    }
  }
}

type Written = RowOf<'import/write-batch'>;

/** What write-batch's refusal means: rows refused on a rule, a race to run again, or a bug in the import. */
function refusalsOf(written: Written, rows: { id: string; threadId: string }[], maxThreadSize: number): Error {
  const bugs = [
    ...(written.distinctIds ? [] : ['the same id twice']),
    ...written.rows.filter((r) => !RULE_CODES[r.verdict] && !RETRY.has(r.verdict)).map((r) => `row ${rows[r.index]?.id}: ${r.verdict}`),
    ...[...written.threads, ...written.threadUpdates, ...written.updates].filter((r) => !RETRY.has(r.verdict)).map((r) => r.verdict),
  ];
  if (bugs.length > 0)
    return new Error(`write-batch refused what the import planned (${bugs.slice(0, 5).join('; ')}): a bug in the import`);
  const races = [...written.rows, ...written.threads, ...written.threadUpdates, ...written.updates].filter((r) => RETRY.has(r.verdict));
  if (races.length > 0) return new RetryableConflict(`an import batch lost a race (${races[0]!.verdict})`);
  const refused = new Map<string, Refusal>();
  const at = (index: number) => rows[index];
  for (const r of written.rows) {
    const row = at(r.index);
    if (row) refused.set(row.id, refusal(row.id, RULE_CODES[r.verdict]!, `The database refused it: ${r.verdict}.`));
  }
  for (const full of written.fullThreads) {
    // The rows beyond the thread's room: the ones the plan should have sent elsewhere.
    const into = rows.filter((r) => r.threadId === full.threadId);
    for (const row of into.slice(Math.max(0, maxThreadSize - full.present))) {
      refused.set(
        row.id,
        refusal(row.id, 'THREAD_SIZE_EXCEEDED', `The database refused it: thread "${full.threadId}" would exceed its maximum size.`),
      );
    }
  }
  return new RowsRefused(refused);
}

function refusal(id: string, code: ErrorCode, message: string): Refusal {
  // The source is filled in by the simulation when it meets the excluded record again.
  return { source: { file: -1, line: 0, raw: '' }, code, message, id };
}
