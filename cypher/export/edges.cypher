// One page of the edge export: the PARENT_OF edges of up to $limit threads of one tenant that
// started in [$from, $to), taken in (startedAt, id) order after the keyset position ($afterStartedAt,
// $afterId; both null for the first page). One row per thread, holding its edges in TREE order of
// their child, each with both ends, both channels, the stitch reason and when the edge was made.
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
  OPTIONAL MATCH p = (:Interaction {tenant: $tenant, id: t.rootId})-[:PARENT_OF*1..19]->(child:Interaction)
  WHERE child.tenant = $tenant
  WITH t, p, child, nodes(p)[-2] AS parent, last(relationships(p)) AS e
  ORDER BY [n IN nodes(p) | [n.startedAt, n.id]]
  RETURN collect(CASE WHEN p IS NULL THEN null ELSE
           {parentId: parent.id, childId: child.id, threadId: t.id, reason: e.reason, parentChannel: parent.type,
            childChannel: child.type, createdAt: e.createdAt} END) AS rows
}
RETURN toString(t.startedAt) AS sortKey, t.id AS id, rows
ORDER BY t.startedAt, t.id
