// Integrity audit: interactions with more than one incoming PARENT_OF (invariant 1).
// Neo4j Browser:
// :param tenant => 'acme'
// :param sampleSize => 10
// Counts relationships, not distinct parents: two edges from the same parent break the rule as well.
// Returns one row: how many interactions of $tenant have two or more parents, and the first $sampleSize ids.
MATCH (i:Interaction {tenant: $tenant})
WHERE COUNT { (i)<-[:PARENT_OF]-() } > 1
WITH i.id AS id
ORDER BY id
WITH collect(id) AS ids
RETURN size(ids) AS count, ids[0..toInteger($sampleSize)] AS sampleIds
