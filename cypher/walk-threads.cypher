// Whole threads by id, for the caller's tenant only: one row per thread found, with every
// interaction reachable from its root and the PARENT_OF edge that reached it. In a tree each
// interaction is the end of exactly one path, so the last relationship of its path is its edge.
// The path is bounded: 19 hops is a thread of depth 20, the largest maxDepth a policy allows.
// Reads project only what reads need (never the write path's payloadHash or stitchResult), with
// instants as epoch milliseconds (model/rows.ts).
// :param tenant => 'acme'
// :param ids => ['thr-1']
UNWIND $ids AS id
MATCH (t:Thread {tenant: $tenant, id: id})
OPTIONAL MATCH path = (:Interaction {tenant: $tenant, id: t.rootId})-[:PARENT_OF*0..19]->(i:Interaction)
WHERE i.tenant = $tenant
WITH t, i, last(relationships(path)) AS e
WITH t,
     collect(i {
       .id, .tenant, .type, .externalId, .phoneNumber, .email, .state, .talkSeconds, .holdSeconds, .afterCallWorkSeconds,
       .subject, .metadata, .participants, .depth, .stitchReason, .threadId, .requestedParentId,
       startedAt: i.startedAt.epochMillis, endedAt: i.endedAt.epochMillis, parentId: startNode(e).id
     }) AS interactions,
     collect(CASE WHEN e IS NULL THEN null ELSE { parentId: startNode(e).id, childId: i.id, reason: e.reason } END) AS edges
RETURN t {
    .id, .tenant, .externalId, .externalThreadId, .status, .rootId, .channels, .continuesThreadId,
    startedAt: t.startedAt.epochMillis, closedAt: t.closedAt.epochMillis
  } AS thread, interactions, edges
