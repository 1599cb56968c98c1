// Channel transitions in the threads that started in [$from, $to), for one tenant: every PARENT_OF
// edge counted once, by the parent's channel, the child's channel and the edge's stitch reason
// (VOICE -> WEB_CHAT by AUTO_STITCH, ...), most frequent first; and the transfer rate: transfers
// (edges with reason TRANSFER) per thread.
// Filters: $channels, $externalId as in volume.cypher. Threads come from the (tenant, startedAt)
// index; each thread's edges are walked from its root (bounded: 19 hops).
:param tenant => 'bench-large';
:param from => '2026-10-01T00:00:00Z';
:param to => '2026-10-08T00:00:00Z';
:param channels => null;
:param externalId => null;
CALL {
  MATCH (t:Thread {tenant: $tenant})
  WHERE t.startedAt >= datetime($from) AND t.startedAt < datetime($to)
    AND ($channels IS NULL OR any(c IN t.channels WHERE c IN $channels))
    AND ($externalId IS NULL OR t.externalId = $externalId)
  RETURN count(t) AS threads
}
CALL {
  MATCH (t:Thread {tenant: $tenant})
  WHERE t.startedAt >= datetime($from) AND t.startedAt < datetime($to)
    AND ($channels IS NULL OR any(c IN t.channels WHERE c IN $channels))
    AND ($externalId IS NULL OR t.externalId = $externalId)
  // The last edge of each path from the root is the edge into that path's end: each edge once.
  MATCH p = (:Interaction {tenant: $tenant, id: t.rootId})-[:PARENT_OF*1..19]->(child:Interaction)
  WHERE child.tenant = $tenant
  WITH nodes(p)[-2].type AS from, child.type AS to, last(relationships(p)).reason AS reason
  WITH from, to, reason, count(*) AS edges
  ORDER BY edges DESC, from, to, reason
  RETURN collect({from: from, to: to, reason: reason, edges: edges}) AS transitions
}
WITH threads, transitions, reduce(n = 0, x IN [x IN transitions WHERE x.reason = 'TRANSFER'] | n + x.edges) AS transfers
RETURN threads, transfers, CASE WHEN threads = 0 THEN null ELSE toFloat(transfers) / threads END AS transfersPerThread,
       transitions
