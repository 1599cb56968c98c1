import { IntegrityCheck } from '../../model';
import { statement } from '../statement';

/** The integrity audit: one statement per invariant, each returning one row. */
type AuditParams = { sampleSize: number; maxDepth: number };

export const AUDIT_STATEMENTS = {
  'audit-cycles': statement<AuditParams, IntegrityCheck>(),
  'audit-second-parents': statement<AuditParams, IntegrityCheck>(),
  'audit-depth-violations': statement<AuditParams, IntegrityCheck>(),
  'audit-orphans': statement<AuditParams, IntegrityCheck>(),
  'audit-thread-membership': statement<AuditParams, IntegrityCheck>(),
};
