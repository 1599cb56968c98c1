import { QueryName } from '../cypher';
import { Database, QueryCounter } from '../neo4j';
import { readPolicyForRead } from './policyStore';

/** One audit check: how many nodes break the rule, and the smallest of their ids. */
export interface IntegrityCheck {
  count: number;
  sampleIds: string[];
}

/** The five checks of the graph's invariants (docs/data-model.md), as Query.integrityReport returns them. */
export interface IntegrityReport {
  cycles: IntegrityCheck;
  secondParents: IntegrityCheck;
  depthViolations: IntegrityCheck;
  orphans: IntegrityCheck;
  threadMembership: IntegrityCheck;
}

export const DEFAULT_SAMPLE_SIZE = 10;

const CHECKS: Readonly<Record<keyof IntegrityReport, QueryName>> = {
  cycles: 'audit-cycles',
  secondParents: 'audit-second-parents',
  depthViolations: 'audit-depth-violations',
  orphans: 'audit-orphans',
  threadMembership: 'audit-thread-membership',
};

/**
 * Runs every audit query for `tenant`. Depth is judged against the tenant's maxDepth today.
 * Each check is its own read transaction, so the report is a consistent picture only of a graph
 * nobody is writing to: a stress test calls it after its writers have finished.
 */
export async function integrityReport(
  db: Database,
  tenant: string,
  options: { sampleSize?: number; counter?: QueryCounter } = {},
): Promise<IntegrityReport> {
  const sampleSize = options.sampleSize ?? DEFAULT_SAMPLE_SIZE;
  if (!Number.isInteger(sampleSize) || sampleSize < 0) throw new RangeError(`sampleSize must be a non-negative integer, got ${sampleSize}`);
  const { maxDepth } = await readPolicyForRead(db, tenant, options.counter);
  const params = { tenant, sampleSize, maxDepth };
  const entries = await Promise.all(
    Object.entries(CHECKS).map(async ([check, query]) => {
      const [row] = await db.read(query, params, options.counter);
      return [check, { count: Number(row?.count ?? 0), sampleIds: (row?.sampleIds as string[] | undefined) ?? [] }] as const;
    }),
  );
  return Object.fromEntries(entries) as unknown as IntegrityReport;
}
