// Volume of the threads that started in [$from, $to), for one tenant: threads, the interactions they
// hold (each counted once, whenever it started), distinct customers (the thread's externalId; a
// thread without one is no customer), interactions per thread (nearest-rank percentiles), and how
// many threads have each depth and each size. Filters: $channels (threads that used at least one of
// them; null: all), $externalId (one customer's threads; null: all).
// The (tenant, startedAt) index on Thread finds the period's threads; each thread is walked from its
// root over PARENT_OF, bounded like the thread walk (19 hops: a thread of depth 20, the largest
// maxDepth a policy allows). Paste the whole file into Neo4j Browser, :param lines included.
:param tenant => 'bench-large';
:param from => '2026-10-01T00:00:00Z';
:param to => '2026-10-08T00:00:00Z';
:param channels => null;
:param externalId => null;
MATCH (t:Thread {tenant: $tenant})
WHERE t.startedAt >= datetime($from) AND t.startedAt < datetime($to)
  AND ($channels IS NULL OR any(c IN t.channels WHERE c IN $channels))
  AND ($externalId IS NULL OR t.externalId = $externalId)
CALL {
  WITH t
  MATCH (:Interaction {tenant: $tenant, id: t.rootId})-[:PARENT_OF*0..19]->(i:Interaction)
  WHERE i.tenant = $tenant
  RETURN count(i) AS size, max(i.depth) AS depth
}
WITH count(t) AS threads, count(DISTINCT t.externalId) AS customers, sum(size) AS interactions,
     avg(size) AS mean, percentileDisc(size, 0.5) AS p50, percentileDisc(size, 0.9) AS p90, max(size) AS max,
     collect(size) AS sizes, collect(depth) AS depths
// Threads per depth, the depths that occur, shallowest first.
CALL {
  WITH depths
  UNWIND depths AS depth
  WITH depth, count(*) AS n
  ORDER BY depth
  RETURN collect({depth: depth, threads: n}) AS byDepth
}
// Threads per size bucket: 1, 2, 3-4, 5-8, 9-16, 17 and more; every bucket, empty ones too.
CALL {
  WITH sizes
  UNWIND sizes AS size
  WITH CASE WHEN size <= 2 THEN size WHEN size <= 4 THEN 3 WHEN size <= 8 THEN 5 WHEN size <= 16 THEN 9 ELSE 17 END AS min,
       count(*) AS n
  RETURN collect({min: min, n: n}) AS counted
}
RETURN threads, interactions, customers,
       {count: threads, sum: interactions, mean: mean, p50: p50, p90: p90, max: max} AS interactionsPerThread,
       byDepth,
       [b IN [[1, 1], [2, 2], [3, 4], [5, 8], [9, 16], [17, null]] |
         {min: b[0], max: b[1], threads: coalesce(head([c IN counted WHERE c.min = b[0] | c.n]), 0)}] AS bySize
