import { Logger } from '../log';
import { Database, TenantDb } from '../neo4j';
import { KeyLock } from '../stitching';
import { dropStitchLocks } from './stitchLocks';

export interface RetentionSettings {
  idempotencyTtlSeconds: number;
  /** null keeps closed threads forever. */
  retentionDays: number | null;
  /** The most one transaction deletes: keys, or interactions of whole threads. */
  batchSize: number;
}

export interface SweepCounts {
  idempotencyKeys: number;
  threads: number;
  interactions: number;
  stitchLocks: number;
  /** Delete transactions run (each bounded by the batch size). */
  batches: number;
}

const TENANTS_PER_LOOKUP = 100;
/** A marked lock is left this long to the drop that follows its transaction before a sweep drops it. */
const STALE_LOCK_GRACE_MS = 60_000;

/**
 * One retention sweep: expires idempotency keys (and their stored first answers) older than the TTL,
 * and deletes threads closed longer ago than retentionDays with everything in them, tenant by tenant,
 * in transactions of at most batchSize keys or interactions each (never one huge transaction), then
 * the StitchLocks of keys nothing carries any more. Every batch locks what it deletes and reads it
 * again, so a sweep is safe beside creates and beside the sweeps of other replicas (what another
 * deleted is gone; the transaction that lost the race runs again). `tenants` limits it (tests).
 * Events: each deleted thread records thread.deleted in the batch's statement, beside the scrubbing
 * of the events that copied the deleted interactions' keys.
 */
export async function sweepRetention(
  db: Database,
  settings: RetentionSettings,
  options: { now?: Date; tenants?: readonly string[] } = {},
): Promise<SweepCounts> {
  const now = (options.now ?? new Date()).getTime();
  const keysBefore = new Date(now - settings.idempotencyTtlSeconds * 1000).toISOString();
  const locksBefore = new Date(now - STALE_LOCK_GRACE_MS).toISOString();
  const threadsBefore = settings.retentionDays === null ? null : new Date(now - settings.retentionDays * 86_400_000).toISOString();
  const counts: SweepCounts = { idempotencyKeys: 0, threads: 0, interactions: 0, stitchLocks: 0, batches: 0 };
  const done = { keys: new Set<string>(), threads: new Set<string>(), locks: new Set<string>() };
  for (;;) {
    // The tenants with work, a hundred at a time (those done in this sweep are not done again).
    const [due] = options.tenants
      ? [{ keyTenants: [...options.tenants], threadTenants: [...options.tenants], lockTenants: [...options.tenants] }]
      : await db
          .forJobs()
          .read((tx) => tx.run('retention/due-tenants', { keysBefore, threadsBefore, locksBefore, limit: TENANTS_PER_LOOKUP }));
    const pending = (list: string[] | undefined, seen: Set<string>) => (list ?? []).filter((t) => !seen.has(t));
    const keyTenants = pending(due?.keyTenants, done.keys);
    const threadTenants = threadsBefore ? pending(due?.threadTenants, done.threads) : [];
    const lockTenants = pending(due?.lockTenants, done.locks);
    if (keyTenants.length === 0 && threadTenants.length === 0 && lockTenants.length === 0) return counts;
    for (const tenant of keyTenants) {
      await expireKeys(db.forTenant(tenant), keysBefore, settings.batchSize, counts);
      done.keys.add(tenant);
    }
    for (const tenant of threadTenants) {
      await deleteThreads(db.forTenant(tenant), threadsBefore!, settings.batchSize, counts);
      done.threads.add(tenant);
    }
    // After the threads (whose batches drop their own locks): what an erasure or a batch marked and
    // never dropped.
    for (const tenant of lockTenants) {
      await dropStaleLocks(db.forTenant(tenant), locksBefore, settings.batchSize, counts);
      done.locks.add(tenant);
    }
  }
}

async function expireKeys(h: TenantDb, before: string, limit: number, counts: SweepCounts): Promise<void> {
  for (;;) {
    const deleted = await h.write(async (tx) => (await tx.one('retention/expire-idempotency-keys', { before, limit }))?.deleted ?? 0);
    counts.batches += 1;
    counts.idempotencyKeys += deleted;
    if (deleted < limit) return;
  }
}

async function deleteThreads(h: TenantDb, before: string, limit: number, counts: SweepCounts): Promise<void> {
  for (let emptyInARow = 0; ;) {
    const row = await h.write((tx) => tx.one('retention/delete-closed-threads', { before, limit }));
    counts.batches += 1;
    // A batch that deleted none of what it picked (reopened, or deleted by another replica's sweep)
    // does not mean nothing is due: only a batch that picked nothing does. (A race takes the threads
    // it lost out of the next pick; a few empty batches in a row would be threads that look due and
    // are not, which the sweep leaves rather than spin on.)
    if (!row || row.picked === 0) return;
    emptyInARow = row.threads === 0 ? emptyInARow + 1 : 0;
    if (emptyInARow >= 3) return;
    counts.threads += row.threads;
    counts.interactions += row.interactions;
    const locks: KeyLock[] = [...new Map(row.locks.map((l) => [l.key, l])).values()];
    try {
      counts.stitchLocks += await dropStitchLocks(h, locks);
    } catch (error) {
      // The batch committed and marked its locks (StaleStitchLock): a later sweep drops them.
      h.logger?.warn({ err: error, locks: locks.length }, 'thread batch deleted; its stale StitchLocks are left to a later sweep');
    }
  }
}

/**
 * The StitchLocks an erasure or a thread batch marked (StaleStitchLock, in its own transaction) and
 * whose drop after that transaction never ran, in batches: each dropped once nothing carries its key.
 * drop-stitch-locks takes only StitchLocks, in key order, as creates do, so it waits for a create
 * holding one and never in a circle.
 */
async function dropStaleLocks(h: TenantDb, before: string, limit: number, counts: SweepCounts): Promise<void> {
  for (;;) {
    const locks = (await h.readOne('retention/stale-stitch-locks', { before, limit }))?.locks ?? [];
    if (locks.length === 0) return;
    counts.batches += 1;
    counts.stitchLocks += await dropStitchLocks(h, locks);
    if (locks.length < limit) return;
  }
}

/**
 * The background job: a sweep every `intervalSeconds`, one at a time, logged and counted in /metrics.
 * An interval of 0 runs no sweep at all (RETENTION_INTERVAL=0: benchmarks on a shared database).
 */
export interface RetentionJob {
  /** Waits for a sweep in flight, and runs no more. */
  stop(): Promise<void>;
}

export function startRetention(db: Database, settings: RetentionSettings & { intervalSeconds: number }, logger: Logger): RetentionJob {
  if (settings.intervalSeconds === 0) {
    logger.info('retention sweep off (RETENTION_INTERVAL=0)');
    return { stop: async () => {} };
  }
  let running: Promise<void> | undefined;
  let stopped = false;
  const sweep = async () => {
    const started = Date.now();
    try {
      const counts = await sweepRetention(db, settings);
      const m = db.metrics;
      m.retentionSweeps.inc({ outcome: 'ok' });
      m.retentionDeleted.inc({ kind: 'idempotency_keys' }, counts.idempotencyKeys);
      m.retentionDeleted.inc({ kind: 'threads' }, counts.threads);
      m.retentionDeleted.inc({ kind: 'interactions' }, counts.interactions);
      m.retentionDeleted.inc({ kind: 'stitch_locks' }, counts.stitchLocks);
      const deletedAny = counts.idempotencyKeys + counts.threads + counts.stitchLocks > 0;
      logger[deletedAny ? 'info' : 'debug']({ ...counts, ms: Date.now() - started }, 'retention sweep');
    } catch (error) {
      db.metrics.retentionSweeps.inc({ outcome: 'failed' });
      logger.warn({ err: error }, 'retention sweep failed; the next one tries again');
    }
  };
  const timer = setInterval(() => {
    if (stopped || running) return;
    running = sweep().finally(() => (running = undefined));
  }, settings.intervalSeconds * 1000);
  timer.unref();
  return {
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running;
    },
  };
}
