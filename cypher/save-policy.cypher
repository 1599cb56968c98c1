// Stores a tenant's whole stitching policy (already validated by applyPolicyPatch), stamps updatedAt
// and bumps its version: every write statement compares the version it was decided with to this one.
// toInteger: the driver sends JavaScript numbers as floats, and these are counts of seconds and levels.
MERGE (p:StitchingPolicy {tenant: $tenant})
SET p.key = $key,
    p.windowSeconds = toInteger($windowSeconds),
    p.gracePeriodSeconds = toInteger($gracePeriodSeconds),
    p.crossChannel = $crossChannel,
    p.maxDepth = toInteger($maxDepth),
    p.rejectOrphans = $rejectOrphans,
    p.compositePattern = $compositePattern,
    p.atMaxDepth = $atMaxDepth,
    p.maxThreadSize = toInteger($maxThreadSize),
    p.version = coalesce(p.version, 0) + 1,
    p.updatedAt = datetime()
RETURN p {.key, .windowSeconds, .gracePeriodSeconds, .crossChannel, .maxDepth, .rejectOrphans, .compositePattern,
          .atMaxDepth, .maxThreadSize, .version, .updatedAt} AS policy
