// One page of the thread export: up to $limit threads of one tenant that started in [$from, $to),
// in (startedAt, id) order after the keyset position ($afterStartedAt, $afterId; both null for the
// first page), one row each with what a BI tool wants of a thread: its node's properties, size,
// depth, handle time (the rule of cypher/analytics/handle-time.cypher), span (closed threads only),
// transfers, and its journey (channels in TREE order: depth-first, siblings by start).
// The (tenant, startedAt) index is sought from the position on, so each page costs the same however
// far into the period it is; each thread is walked from its root (bounded: 19 hops).
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
  WITH i, last(relationships(p)) AS e, [n IN nodes(p) | [n.startedAt, n.id]] AS treeKey,
       CASE
         WHEN i.endedAt IS NULL THEN 0.0
         WHEN i.talkSeconds IS NULL AND i.holdSeconds IS NULL AND i.afterCallWorkSeconds IS NULL
           THEN CASE WHEN i.endedAt > i.startedAt THEN duration.inSeconds(i.startedAt, i.endedAt).milliseconds / 1000.0 ELSE 0.0 END
         ELSE toFloat(coalesce(i.talkSeconds, 0) + coalesce(i.holdSeconds, 0) + coalesce(i.afterCallWorkSeconds, 0))
       END AS seconds
  ORDER BY treeKey
  RETURN count(i) AS size, max(i.depth) AS depth, sum(seconds) AS handle, collect(i.type) AS journey,
         count(CASE WHEN e.reason = 'TRANSFER' THEN 1 END) AS transfers,
         CASE WHEN count(i) > 0 AND count(i.endedAt) = count(i)
           THEN CASE WHEN max(i.endedAt) > min(i.startedAt) THEN duration.inSeconds(min(i.startedAt), max(i.endedAt)).milliseconds / 1000.0 ELSE 0.0 END
         END AS span
}
RETURN toString(t.startedAt) AS sortKey, t.id AS id,
       [t { .id, .rootId, .externalId, .externalThreadId, .status, .startedAt, .closedAt, .channels,
            interactions: size, depth: depth, handleTimeSeconds: handle, spanSeconds: span, transfers: transfers,
            journey: reduce(path = '', c IN journey | path + CASE WHEN path = '' THEN '' ELSE '>' END + c) }] AS rows
ORDER BY t.startedAt, t.id
