// The tenant's stitching policy as stored (with its version), or null when the tenant never set one
// (defaults apply). A plain read: updatePolicy runs it inside its own write transaction too.
OPTIONAL MATCH (p:StitchingPolicy {tenant: $tenant})
RETURN CASE WHEN p IS NULL THEN null
            ELSE p {.key, .windowSeconds, .gracePeriodSeconds, .crossChannel, .maxDepth, .rejectOrphans, .compositePattern,
                    .atMaxDepth, .maxThreadSize, .version, .updatedAt}
       END AS policy
