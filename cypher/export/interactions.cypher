// One page of the interaction export: the interactions of up to $limit threads of one tenant that
// started in [$from, $to), taken in (startedAt, id) order after the keyset position ($afterStartedAt,
// $afterId; both null for the first page). One row per thread, holding its interactions in TREE
// order (depth-first, siblings by start), each with its thread, parent, channel, times, handle-time
// parts and handle time (the rule of cypher/analytics/handle-time.cypher), stitch reason and agents (by id).
// Phone numbers, email addresses, subjects and metadata are not exported.
// The (tenant, startedAt) index is sought from the position on; each thread is walked from its root
// (bounded: 19 hops).
:param tenant => 'bench-large';
:param from => '2026-10-01T00:00:00Z';
:param to => '2026-10-08T00:00:00Z';
:param channels => null;
:param externalId => null;
:param afterStartedAt => null;
:param afterId => null;
:param limit => 1000;
MATCH (t:Thread {tenant: $tenant})
WHERE t.startedAt >= datetime(coalesce($afterStartedAt, $from)) AND t.startedAt < datetime($to)
  AND ($afterStartedAt IS NULL OR t.startedAt > datetime($afterStartedAt) OR t.id > $afterId)
  AND ($channels IS NULL OR any(c IN t.channels WHERE c IN $channels))
  AND ($externalId IS NULL OR t.externalId = $externalId)
// Ordering by t.tenant first lets the planner read the index in order and stop after $limit threads
// (PartialTop), rather than sort the rest of the period on every page.
WITH t ORDER BY t.tenant, t.startedAt, t.id LIMIT toInteger($limit)
CALL {
  WITH t
  MATCH p = (:Interaction {tenant: $tenant, id: t.rootId})-[:PARENT_OF*0..19]->(i:Interaction)
  WHERE i.tenant = $tenant
  WITH t, i, p, [n IN nodes(p) | [n.startedAt, n.id]] AS treeKey,
       CASE
         WHEN i.endedAt IS NULL THEN 0.0
         WHEN i.talkSeconds IS NULL AND i.holdSeconds IS NULL AND i.afterCallWorkSeconds IS NULL
           THEN CASE WHEN i.endedAt > i.startedAt THEN duration.inSeconds(i.startedAt, i.endedAt).milliseconds / 1000.0 ELSE 0.0 END
         ELSE toFloat(coalesce(i.talkSeconds, 0) + coalesce(i.holdSeconds, 0) + coalesce(i.afterCallWorkSeconds, 0))
       END AS seconds
  ORDER BY treeKey
  RETURN collect(i { .id, threadId: t.id, parentId: CASE WHEN length(p) = 0 THEN null ELSE nodes(p)[-2].id END, .depth,
                     channel: i.type, .state, .externalId, .startedAt, .endedAt, .talkSeconds, .holdSeconds,
                     .afterCallWorkSeconds, handleTimeSeconds: seconds, .stitchReason,
                     agentIds: COLLECT { MATCH (a:Agent)-[:HANDLED]->(i) WHERE a.tenant = $tenant RETURN a.id ORDER BY a.id } }) AS rows
}
RETURN toString(t.startedAt) AS sortKey, t.id AS id, rows
ORDER BY t.startedAt, t.id
