/**
 * The names of every statement in `cypher/`: one file per name, `cypher/<name>.cypher`.
 * The registry refuses to start if a file is missing or a file has no name here.
 */
export const QUERY_NAMES = [
  'ping',
  'load-interactions',
  'load-threads',
  // write side: stitching
  'claim-create',
  'find-recent-interactions',
  'find-external-thread',
  'lock-thread-of',
  'create-interaction',
  'lock-link-threads',
  'link-threads',
  'end-interaction',
  'complete-claims',
  'lock-stitch-key-of',
  // read side
  'walk-threads',
  'load-children',
  'list-threads',
  'customer-threads',
  'count-threads',
  'count-customer-threads',
  'agent-interactions',
  // policy and audit
  'load-policy',
  'lock-policy',
  'save-policy',
  'audit-cycles',
  'audit-second-parents',
  'audit-depth-violations',
  'audit-orphans',
  'audit-thread-membership',
] as const;

export type QueryName = (typeof QUERY_NAMES)[number];
