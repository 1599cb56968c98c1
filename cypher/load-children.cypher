// The children of interactions by id, for the caller's tenant only: one row per child found, with
// what reads need (instants as epoch milliseconds).
// :param tenant => 'acme'
// :param ids => ['int-1']
UNWIND $ids AS id
MATCH (:Interaction {tenant: $tenant, id: id})-[:PARENT_OF]->(c:Interaction)
WHERE c.tenant = $tenant
RETURN c {
    .id, .tenant, .type, .externalId, .phoneNumber, .email, .state, .talkSeconds, .holdSeconds, .afterCallWorkSeconds,
    .subject, .metadata, .participants, .depth, .stitchReason, .threadId, .requestedParentId,
    startedAt: c.startedAt.epochMillis, endedAt: c.endedAt.epochMillis, parentId: id
  } AS interaction
