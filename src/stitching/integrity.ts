import { StatementName } from '../cypher';
import { IntegrityCheck } from '../model';
import { TenantDb } from '../neo4j';
import { readPolicy } from './policyStore';

/** The five checks of the graph's invariants (docs/data-model.md), as Query.integrityReport returns them. */
export interface IntegrityReport {
  cycles: IntegrityCheck;
  secondParents: IntegrityCheck;
  depthViolations: IntegrityCheck;
  orphans: IntegrityCheck;
  threadMembership: IntegrityCheck;
}

export const DEFAULT_SAMPLE_SIZE = 10;

const CHECKS = {
  cycles: 'audit-cycles',
  secondParents: 'audit-second-parents',
  depthViolations: 'audit-depth-violations',
  orphans: 'audit-orphans',
  threadMembership: 'audit-thread-membership',
} as const satisfies Record<keyof IntegrityReport, StatementName>;

/**
 * Runs every audit query for the tenant. Depth is judged against the tenant's maxDepth today.
 * Each check is its own read transaction, so the report is a consistent picture only of a graph
 * nobody is writing to: a stress test calls it after its writers have finished.
 */
export async function integrityReport(h: TenantDb, options: { sampleSize?: number } = {}): Promise<IntegrityReport> {
  const sampleSize = options.sampleSize ?? DEFAULT_SAMPLE_SIZE;
  if (!Number.isInteger(sampleSize) || sampleSize < 0) throw new RangeError(`sampleSize must be a non-negative integer, got ${sampleSize}`);
  const { maxDepth } = await readPolicy(h);
  const check = async (name: (typeof CHECKS)[keyof IntegrityReport]): Promise<IntegrityCheck> => {
    const row = await h.readOne(name, { sampleSize, maxDepth });
    return { count: row?.count ?? 0, sampleIds: row?.sampleIds ?? [] };
  };
  const [cycles, secondParents, depthViolations, orphans, threadMembership] = await Promise.all([
    check(CHECKS.cycles),
    check(CHECKS.secondParents),
    check(CHECKS.depthViolations),
    check(CHECKS.orphans),
    check(CHECKS.threadMembership),
  ]);
  return { cycles, secondParents, depthViolations, orphans, threadMembership };
}
