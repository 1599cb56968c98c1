// Customer journeys: the most frequent channel sequences of the threads that started in
// [$from, $to), for one tenant. A thread's sequence lists its interactions' channels in TREE order,
// as the thread view does (src/threads/walk.ts): depth-first from the root, a parent before its
// children, siblings by start (then id); e.g. VOICE>VOICE>WEB_CHAT. The top $top sequences by
// threads (ties by path), each with its share of the period's threads and its threads' mean handle
// time (the rule of handle-time.cypher); `journeys` says how many distinct sequences there were.
// Filters: $channels, $externalId as in volume.cypher. Threads come from the (tenant, startedAt)
// index; each is walked once from its root (bounded: 19 hops). Sorting paths by the list of
// (start, id) of their nodes is exactly depth-first order with siblings by start.
:param tenant => 'bench-large';
:param from => '2026-10-01T00:00:00Z';
:param to => '2026-10-08T00:00:00Z';
:param top => 10;
:param channels => null;
:param externalId => null;
MATCH (t:Thread {tenant: $tenant})
WHERE t.startedAt >= datetime($from) AND t.startedAt < datetime($to)
  AND ($channels IS NULL OR any(c IN t.channels WHERE c IN $channels))
  AND ($externalId IS NULL OR t.externalId = $externalId)
CALL {
  WITH t
  MATCH p = (:Interaction {tenant: $tenant, id: t.rootId})-[:PARENT_OF*0..19]->(i:Interaction)
  WHERE i.tenant = $tenant
  WITH i,
       [n IN nodes(p) | [n.startedAt, n.id]] AS treeKey,
       CASE
         WHEN i.endedAt IS NULL THEN 0.0
         WHEN i.talkSeconds IS NULL AND i.holdSeconds IS NULL AND i.afterCallWorkSeconds IS NULL
           THEN CASE WHEN i.endedAt > i.startedAt THEN duration.inSeconds(i.startedAt, i.endedAt).milliseconds / 1000.0 ELSE 0.0 END
         ELSE toFloat(coalesce(i.talkSeconds, 0) + coalesce(i.holdSeconds, 0) + coalesce(i.afterCallWorkSeconds, 0))
       END AS seconds
  ORDER BY treeKey
  RETURN collect(i.type) AS channels, sum(seconds) AS handle
}
WITH channels, count(*) AS threads, avg(handle) AS meanHandle
WITH collect({channels: channels, threads: threads, meanHandle: meanHandle}) AS journeys, sum(threads) AS total
UNWIND (CASE WHEN size(journeys) = 0 THEN [null] ELSE journeys END) AS j
WITH total, size(journeys) AS distinct, j,
     reduce(path = '', c IN j.channels | path + CASE WHEN path = '' THEN '' ELSE '>' END + c) AS path
ORDER BY j.threads DESC, path
WITH total, distinct, collect(CASE WHEN j IS NULL THEN null ELSE
       {channels: j.channels, path: path, threads: j.threads, share: toFloat(j.threads) / total, meanHandleTimeSeconds: j.meanHandle} END) AS ranked
RETURN total AS threads, distinct AS journeys, ranked[0..toInteger($top)] AS top
