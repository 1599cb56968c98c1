// The import benchmark's floor: one batch of history records written as they are, each an
// interaction node with the properties an import stores (and its agents' HANDLED edges): no
// sorting, no stitching, no thread, no edge, no lock, no check.
UNWIND $rows AS r
CREATE (i:Interaction)
SET i = r.props,
    i.tenant = $tenant,
    i.startedAt = datetime(r.startedAt),
    i.endedAt = datetime(r.endedAt),
    i.createdAt = datetime()
FOREACH (agentId IN r.agentIds |
  MERGE (agent:Agent {tenant: $tenant, id: agentId})
  CREATE (agent)-[:HANDLED]->(i)
)
