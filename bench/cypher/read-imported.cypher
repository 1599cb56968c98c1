// The graph floor's reading (bench/graphFloor.ts, not timed): one batch of an imported tenant's
// interactions as they stand, each with its properties, its parent's id and edge, its agents, and the
// thread it roots (if any), so that bench/cypher/graph-floor.cypher can write the same graph again.
UNWIND $ids AS id
MATCH (i:Interaction {tenant: $tenant, id: id})
OPTIONAL MATCH (p:Interaction {tenant: $tenant})-[e:PARENT_OF]->(i)
OPTIONAL MATCH (t:Thread {tenant: $tenant, id: i.threadId})
  WHERE t.rootId = i.id
RETURN i { .* } AS props, p.id AS parentId, e { .* } AS edge, t { .* } AS thread,
       COLLECT { MATCH (a:Agent)-[:HANDLED]->(i) RETURN a.id } AS agentIds
