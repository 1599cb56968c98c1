// One page of the interactions each agent handled, newest first (startedAt DESC, then id), for the
// caller's tenant. $limit is one more than the largest page asked for (see list-threads.cypher).
// The parent id comes from a pattern comprehension so the rows keep their order.
UNWIND $requests AS r
CALL {
  WITH r
  MATCH (:Agent {tenant: $tenant, id: r.agentId})-[:HANDLED]->(i:Interaction {tenant: $tenant})
  WHERE i.tenant = $tenant
    AND (r.afterStartedAt IS NULL OR i.startedAt < datetime(r.afterStartedAt)
         OR (i.startedAt = datetime(r.afterStartedAt) AND i.id > r.afterId))
  WITH i ORDER BY i.startedAt DESC, i.id ASC LIMIT toInteger($limit)
  RETURN collect({
    interaction: i {
      .id, .tenant, .type, .externalId, .phoneNumber, .email, .state, .talkSeconds, .holdSeconds, .afterCallWorkSeconds,
      .subject, .metadata, .participants, .depth, .stitchReason, .threadId, .requestedParentId,
      startedAt: i.startedAt.epochMillis, endedAt: i.endedAt.epochMillis,
      parentId: head([(p:Interaction {tenant: $tenant})-[:PARENT_OF]->(i) | p.id])
    },
    sortKey: toString(i.startedAt)
  }) AS page
}
RETURN r.key AS key, page
