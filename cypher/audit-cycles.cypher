// Integrity audit: interactions that are their own ancestor through PARENT_OF (invariant 2).
// Neo4j Browser:
// :param tenant => 'acme'
// :param sampleSize => 10
// The walk goes up (towards parents): with at most one parent each it is a single chain, whereas a
// walk down would fan out over every descendant. It is bounded at 25 edges, above the largest
// maxDepth (20); a longer cycle also breaks the depth and thread-membership checks, so it still shows.
// Returns one row: how many interactions of $tenant lie on a cycle, and the first $sampleSize ids.
MATCH (i:Interaction {tenant: $tenant})
WHERE EXISTS { (i)<-[:PARENT_OF*1..25]-(i) }
WITH i.id AS id
ORDER BY id
WITH collect(id) AS ids
RETURN size(ids) AS count, ids[0..toInteger($sampleSize)] AS sampleIds
