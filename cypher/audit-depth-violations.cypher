// Integrity audit: interactions whose depth is missing, above the tenant's maxDepth, or inconsistent
// with the tree (invariant 3): a root (no parent) must have depth 1, a child its parent's depth + 1.
// Neo4j Browser:
// :param tenant => 'acme'
// :param maxDepth => 5
// :param sampleSize => 10
// $maxDepth is the tenant's policy today (5 when it never set one): lowering it makes deeper
// interactions that were legal when written show up here.
// Returns one row: how many interactions of $tenant break the rule, and the first $sampleSize ids.
MATCH (i:Interaction {tenant: $tenant})
WHERE i.depth IS NULL
   OR i.depth > $maxDepth
   OR (i.depth <> 1 AND NOT EXISTS { (i)<-[:PARENT_OF]-() })
   OR EXISTS { MATCH (p)-[:PARENT_OF]->(i) WHERE p.depth IS NULL OR i.depth <> p.depth + 1 }
WITH i.id AS id
ORDER BY id
WITH collect(id) AS ids
RETURN size(ids) AS count, ids[0..toInteger($sampleSize)] AS sampleIds
