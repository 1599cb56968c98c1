import neo4j from 'neo4j-driver';
import { Database } from '../src/neo4j';
import { agentIds, Batch, generateBatches, GENERATOR_VERSION } from './generate';
import { BenchQueries } from './queries';

/** One generated dataset in a tenant of its own. */
export interface DatasetSpec {
  name: string;
  tenant: string;
  seed: number;
  /** At least this many interactions (whole customers, so a few more). */
  interactions: number;
  /** Interactions per write transaction. */
  batchSize: number;
}

export interface LoadReport {
  skipped: boolean;
  interactions: number;
  threads: number;
  customers: number;
  seconds: number;
}

interface Marker {
  version: number;
  seed: number;
  target: number;
  interactions: number;
  threads: number;
  customers: number;
}

/**
 * Loads `spec` into Neo4j with UNWIND batches, one write transaction per batch, unless the tenant
 * already holds this exact dataset (same generator version, seed and size, completely loaded):
 * then it only reports what is there, so a rerun of the benchmark is cheap. Anything else in the
 * tenant (an interrupted load, an older generator) is deleted first. The interactions the
 * benchmark's own createInteraction run adds later do not count against "already loaded".
 */
export async function loadDataset(
  db: Database,
  queries: BenchQueries,
  spec: DatasetSpec,
  log: (line: string) => void,
): Promise<LoadReport> {
  const started = Date.now();
  const [state] = await db.runRaw(queries['read-dataset'], { tenant: spec.tenant });
  const marker = (state?.marker ?? null) as Marker | null;
  const present = Number(state?.interactions ?? 0);
  if (
    marker &&
    marker.version === GENERATOR_VERSION &&
    marker.seed === spec.seed &&
    marker.target === spec.interactions &&
    present >= marker.interactions
  ) {
    log(
      `[${spec.name}] tenant ${spec.tenant} already holds the dataset (${fmt(marker.interactions)} interactions loaded, ${fmt(present)} now): load skipped`,
    );
    return {
      skipped: true,
      interactions: marker.interactions,
      threads: marker.threads,
      customers: marker.customers,
      seconds: (Date.now() - started) / 1000,
    };
  }
  if (present > 0 || marker) {
    log(`[${spec.name}] tenant ${spec.tenant} holds ${fmt(present)} interactions of another or incomplete load: deleting them first`);
    await db.runRaw(queries['wipe-tenant'], { tenant: spec.tenant });
  }

  await db.runRaw(queries['load-agents'], { tenant: spec.tenant, ids: agentIds(spec.interactions) });
  const totals = { interactions: 0, threads: 0, customers: 0 };
  let lastReport = 0;
  const session = db.driver.session({ database: db.name, defaultAccessMode: neo4j.session.WRITE });
  try {
    for (const batch of generateBatches(spec)) {
      await session.executeWrite(async (tx) => {
        for (const [name, rows] of statementsOf(batch)) await tx.run(queries[name], { tenant: spec.tenant, rows });
      });
      totals.interactions += batch.interactions.length;
      totals.threads += batch.threads.length;
      totals.customers = Number(batch.interactions[batch.interactions.length - 1]!.externalId.slice('CUST-'.length));
      const now = Date.now();
      if (now - lastReport > 10_000 || totals.interactions >= spec.interactions) {
        lastReport = now;
        const seconds = (now - started) / 1000;
        const rate = totals.interactions / seconds;
        const eta = Math.max(0, (spec.interactions - totals.interactions) / rate);
        log(
          `[${spec.name}] loaded ${fmt(totals.interactions)} / ${fmt(spec.interactions)} interactions ` +
            `(${Math.min(100, Math.floor((100 * totals.interactions) / spec.interactions))}%), ${fmt(Math.round(rate))}/s, ` +
            `${seconds.toFixed(0)} s so far, eta ${eta.toFixed(0)} s`,
        );
      }
    }
  } finally {
    await session.close();
  }
  await db.runRaw(queries['mark-dataset'], {
    tenant: spec.tenant,
    version: GENERATOR_VERSION,
    seed: spec.seed,
    target: spec.interactions,
    ...totals,
  });
  const seconds = (Date.now() - started) / 1000;
  log(
    `[${spec.name}] loaded ${fmt(totals.interactions)} interactions in ${fmt(totals.threads)} threads for ${fmt(totals.customers)} customers in ${seconds.toFixed(1)} s`,
  );
  return { skipped: false, ...totals, seconds };
}

/** Parents before children, interactions before the edges that join them. */
function statementsOf(batch: Batch): [keyof BenchQueries & `load-${string}`, unknown[]][] {
  return [
    ['load-threads', batch.threads],
    ['load-interactions', batch.interactions],
    ['load-edges', batch.edges],
    ['load-handled', batch.handled],
  ];
}

export const fmt = (n: number): string => n.toLocaleString('en-US');
