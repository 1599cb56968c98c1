// Creates the interaction under $parentId (an edge, depth + 1, the parent's thread, reopening it if
// it was CLOSED) or as the root of a new thread, links its agents, and records the result on its
// idempotency keys. Runs after the locks and checks of the same transaction.
OPTIONAL MATCH (parent:Interaction {tenant: $tenant, id: $parentId})
OPTIONAL MATCH (pt:Thread {tenant: $tenant, id: parent.threadId})
CREATE (i:Interaction $props)
SET i.tenant = $tenant,
    i.startedAt = datetime($startedAt),
    i.createdAt = datetime(),
    i.state = 'ACTIVE',
    i.depth = coalesce(parent.depth + 1, 1),
    i.threadId = coalesce(pt.id, $newThreadId),
    i.stitchReason = $reason
FOREACH (_ IN CASE WHEN parent IS NULL THEN [1] ELSE [] END |
  CREATE (:Thread {tenant: $tenant, id: $newThreadId, rootId: i.id, externalId: i.externalId,
                   externalThreadId: $externalThreadId, status: 'OPEN', startedAt: i.startedAt,
                   channels: [i.type], createdAt: datetime(), updatedAt: datetime()})
)
FOREACH (_ IN CASE WHEN parent IS NULL THEN [] ELSE [1] END |
  CREATE (parent)-[:PARENT_OF {reason: $reason, createdAt: datetime()}]->(i)
  SET pt.reopenedAt = CASE WHEN pt.status = 'CLOSED' THEN datetime() ELSE pt.reopenedAt END,
      pt.status = 'OPEN',
      pt.closedAt = null,
      pt.updatedAt = datetime(),
      pt.channels = CASE WHEN i.type IN pt.channels THEN pt.channels ELSE pt.channels + i.type END,
      pt.startedAt = CASE WHEN i.startedAt < pt.startedAt THEN i.startedAt ELSE pt.startedAt END,
      parent.state = CASE WHEN $transfer THEN 'TRANSFERRED' ELSE parent.state END
)
FOREACH (agentId IN $agentIds |
  MERGE (agent:Agent {tenant: $tenant, id: agentId})
  CREATE (agent)-[:HANDLED]->(i)
)
FOREACH (claimKey IN $claimKeys |
  MERGE (k:IdempotencyKey {tenant: $tenant, key: claimKey})
  SET k.hash = $hash, k.result = $result, k.createdAt = datetime()
)
WITH i
MATCH (t:Thread {tenant: $tenant, id: i.threadId})
OPTIONAL MATCH (p:Interaction {tenant: $tenant})-[:PARENT_OF]->(i)
RETURN i { .*, parentId: p.id } AS interaction, t { .* } AS thread
