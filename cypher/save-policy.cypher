// Stores a tenant's whole stitching policy (already validated by applyPolicyPatch) and stamps updatedAt.
// toInteger: the driver sends JavaScript numbers as floats, and these are counts of seconds and levels.
MERGE (p:StitchingPolicy {tenant: $tenant})
SET p.key = $key,
    p.windowSeconds = toInteger($windowSeconds),
    p.gracePeriodSeconds = toInteger($gracePeriodSeconds),
    p.crossChannel = $crossChannel,
    p.maxDepth = toInteger($maxDepth),
    p.rejectOrphans = $rejectOrphans,
    p.compositePattern = $compositePattern,
    p.updatedAt = datetime()
RETURN p {.key, .windowSeconds, .gracePeriodSeconds, .crossChannel, .maxDepth, .rejectOrphans, .compositePattern, .updatedAt} AS policy
