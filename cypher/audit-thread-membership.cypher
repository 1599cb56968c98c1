// Integrity audit: thread membership and tenancy (invariants 4 and 5). Flags
//   an interaction of $tenant when
//     - its threadId names no Thread of $tenant (absent, or only another tenant's), or
//     - that thread's rootId is not the interaction's root (the top of its PARENT_OF chain;
//       an interaction on a cycle has no root, so it is flagged too), or
//     - a parent or child of it belongs to another tenant (or to none);
//   a Thread of $tenant when
//     - its rootId names no Interaction of $tenant, or
//     - that root has a parent, or
//     - that root's threadId names another thread.
// Sample ids are interaction ids and thread ids, sorted together; count counts each flagged node once.
// Neo4j Browser:
// :param tenant => 'acme'
// :param sampleSize => 10
// Returns one row: how many nodes of $tenant are flagged, and the first $sampleSize ids.
// `id IS NOT NULL` (always true) lets the planner seek the (tenant, id) index rather than scan every
// tenant's nodes, which inside CALL it otherwise does.
CALL () {
  MATCH (i:Interaction {tenant: $tenant})
  WHERE i.id IS NOT NULL
  OPTIONAL MATCH (t:Thread {tenant: $tenant, id: i.threadId})
  WITH i, t, COLLECT {
    MATCH (r)-[:PARENT_OF*0..25]->(i)
    WHERE NOT EXISTS { ()-[:PARENT_OF]->(r) }
    RETURN r.id
  } AS roots
  WHERE t IS NULL
     OR NOT coalesce(t.rootId IN roots, false)
     OR EXISTS { MATCH (i)-[:PARENT_OF]-(o) WHERE o.tenant IS NULL OR o.tenant <> $tenant }
  RETURN 'Interaction' AS kind, i.id AS id
  UNION
  MATCH (t:Thread {tenant: $tenant})
  WHERE t.id IS NOT NULL
  OPTIONAL MATCH (r:Interaction {tenant: $tenant, id: t.rootId})
  WITH t, r
  WHERE r IS NULL
     OR r.threadId IS NULL OR r.threadId <> t.id
     OR EXISTS { ()-[:PARENT_OF]->(r) }
  RETURN 'Thread' AS kind, t.id AS id
}
WITH id
ORDER BY id
WITH collect(id) AS ids
RETURN size(ids) AS count, ids[0..toInteger($sampleSize)] AS sampleIds
