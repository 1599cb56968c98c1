/**
 * The stitching policy's defaults as the README's policy table documents them, written out as
 * literals: tests compare the service with these, never with `DEFAULT_POLICY` from the code under
 * test (a changed default must fail a test until the README says so too).
 */
export const README_POLICY_DEFAULTS = {
  key: 'EXTERNAL_ID',
  windowSeconds: 604800,
  gracePeriodSeconds: 300,
  crossChannel: true,
  maxDepth: 5,
  rejectOrphans: true,
  compositePattern: '^ACCT-[^-]+-CUST-[^-]+$',
  atMaxDepth: 'REROOT',
  maxThreadSize: 250,
  updatedAt: null,
} as const;
