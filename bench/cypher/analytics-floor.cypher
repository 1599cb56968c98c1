// The floor the analytics benchmark measures each figure group against: the same threads found the
// same way (the (tenant, startedAt) index) and walked the same way (bounded, from the root), counting
// interactions and reading nothing else.
MATCH (t:Thread {tenant: $tenant})
WHERE t.startedAt >= datetime($from) AND t.startedAt < datetime($to)
MATCH (:Interaction {tenant: $tenant, id: t.rootId})-[:PARENT_OF*0..19]->(i:Interaction)
WHERE i.tenant = $tenant
RETURN count(DISTINCT t) AS threads, count(i) AS interactions
