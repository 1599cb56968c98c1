// Interactions by id, for the caller's tenant only: one row per id found, with what reads need
// (instants as epoch milliseconds; the write path's payloadHash and stitchResult stay behind).
// :param tenant => 'acme'
// :param ids => ['int-1']
UNWIND $ids AS id
MATCH (i:Interaction {tenant: $tenant, id: id})
OPTIONAL MATCH (p:Interaction {tenant: $tenant})-[:PARENT_OF]->(i)
RETURN i {
    .id, .tenant, .type, .externalId, .phoneNumber, .email, .state, .talkSeconds, .holdSeconds, .afterCallWorkSeconds,
    .subject, .metadata, .participants, .depth, .stitchReason, .threadId, .requestedParentId,
    startedAt: i.startedAt.epochMillis, endedAt: i.endedAt.epochMillis, parentId: p.id
  } AS interaction
