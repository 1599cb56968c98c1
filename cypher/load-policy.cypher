// The tenant's stitching policy as stored, or null when the tenant never set one (defaults apply).
// One plain read returning one row: the write path runs it inside its own write transaction too.
OPTIONAL MATCH (p:StitchingPolicy {tenant: $tenant})
RETURN CASE WHEN p IS NULL THEN null
            ELSE p {.key, .windowSeconds, .gracePeriodSeconds, .crossChannel, .maxDepth, .rejectOrphans, .compositePattern, .updatedAt}
       END AS policy
