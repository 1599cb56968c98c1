// The graph floor (bench/graphFloor.ts): one batch of the graph an import wrote, written again as
// it stands into another tenant, with no rule: the StitchLocks first met in the batch, the threads
// its interactions root, the interactions (final state, with their agents' HANDLED edges) and their
// PARENT_OF edges, a parent in the batch by position as write-batch finds it, else by id (each node's
// tenant is already the target's: bench/graphFloor.ts sets it; each map's times come apart, as ISO
// strings, as write-batch takes them; numbers arrive as floats, as in write-batch, so the depth goes
// through toInteger). No read, no lock order, no check, no later update.
CALL () {
  UNWIND $locks AS key
  CREATE (:StitchLock {tenant: $tenant, key: key})
}
CALL () {
  UNWIND $threads AS th
  CREATE (t:Thread)
  SET t = th.props,
      t.startedAt = datetime(th.times.startedAt),
      t.closedAt = datetime(th.times.closedAt),
      t.reopenedAt = datetime(th.times.reopenedAt),
      t.createdAt = datetime(th.times.createdAt),
      t.updatedAt = datetime(th.times.updatedAt)
}
CALL () {
  CALL () {
    UNWIND range(0, size($rows) - 1) AS k
    WITH k, $rows[k] AS r
    CREATE (i:Interaction)
    SET i = r.props,
        i.startedAt = datetime(r.times.startedAt),
        i.endedAt = datetime(r.times.endedAt),
        i.createdAt = datetime(r.times.createdAt),
        i.depth = toInteger(r.props.depth)
    FOREACH (agentId IN r.agentIds |
      MERGE (agent:Agent {tenant: $tenant, id: agentId})
      CREATE (agent)-[:HANDLED]->(i)
    )
    WITH k, i ORDER BY k
    RETURN collect(i) AS created
  }
  UNWIND range(0, size($rows) - 1) AS k
  WITH created, k, $rows[k] AS r
    WHERE r.parentId IS NOT NULL
  OPTIONAL MATCH (dbp:Interaction {tenant: $tenant, id: r.parentId})
    WHERE r.parentIndex < 0
  WITH created[k] AS c, r, CASE WHEN r.parentIndex >= 0 THEN created[toInteger(r.parentIndex)] ELSE dbp END AS p
  CREATE (p)-[e:PARENT_OF]->(c)
  SET e = r.edge.props,
      e.createdAt = datetime(r.edge.times.createdAt)
}
