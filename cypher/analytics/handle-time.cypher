// Handle time of the threads that started in [$from, $to), for one tenant.
// An interaction's handle time is talk + hold + after-call work when any of the three is known (an
// unknown part adds 0), else end minus start; a live interaction (no end yet) adds 0 (the same rule
// as src/model/interaction.ts handleTimeOf). A thread's handle time adds each of its interactions
// once, so a transfer chain is never counted twice.
//   perThread: count, sum (the total), mean, p50, p90 (nearest rank), max over threads, open ones too;
//   byChannel, byDepth: interactions (live ones too), seconds, and meanSeconds = seconds / ended interactions;
//   span: first start to last end, over closed threads only (every interaction ended).
// Filters: $channels (threads that used one of them), $externalId (one customer). Each thread is
// walked once from its root (bounded: 19 hops), found through the (tenant, startedAt) index.
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
  WITH i,
       CASE
         WHEN i.endedAt IS NULL THEN 0.0
         WHEN i.talkSeconds IS NULL AND i.holdSeconds IS NULL AND i.afterCallWorkSeconds IS NULL
           THEN CASE WHEN i.endedAt > i.startedAt THEN duration.inSeconds(i.startedAt, i.endedAt).milliseconds / 1000.0 ELSE 0.0 END
         ELSE toFloat(coalesce(i.talkSeconds, 0) + coalesce(i.holdSeconds, 0) + coalesce(i.afterCallWorkSeconds, 0))
       END AS seconds
  // One cell per channel and depth within the thread, so the breakdown below adds small numbers.
  WITH i.type AS channel, i.depth AS depth, count(i) AS n, count(i.endedAt) AS ended, sum(seconds) AS seconds,
       min(i.startedAt) AS firstStart, max(i.endedAt) AS lastEnd
  RETURN sum(seconds) AS handle,
         CASE WHEN sum(n) = sum(ended) AND sum(n) > 0
           THEN CASE WHEN max(lastEnd) > min(firstStart) THEN duration.inSeconds(min(firstStart), max(lastEnd)).milliseconds / 1000.0 ELSE 0.0 END
         END AS span,
         collect({channel: channel, depth: depth, n: n, ended: ended, seconds: seconds}) AS cells
}
// One row per cell; the thread's own figures ride on its first cell only, so every thread counts once.
UNWIND range(0, size(cells) - 1) AS k
WITH cells[k] AS cell, CASE WHEN k = 0 THEN handle END AS handle, CASE WHEN k = 0 THEN span END AS span
WITH cell.channel AS channel, cell.depth AS depth, sum(cell.n) AS n, sum(cell.ended) AS ended, sum(cell.seconds) AS seconds,
     collect(handle) AS handles, collect(span) AS spans
WITH collect({channel: channel, depth: depth, n: n, ended: ended, seconds: seconds}) AS cells,
     collect(handles) AS handleLists, collect(spans) AS spanLists
CALL {
  WITH handleLists
  UNWIND handleLists AS list
  UNWIND list AS h
  RETURN {count: count(h), sum: coalesce(sum(h), 0.0), mean: avg(h), p50: percentileDisc(h, 0.5), p90: percentileDisc(h, 0.9), max: max(h)} AS perThread
}
CALL {
  WITH spanLists
  UNWIND spanLists AS list
  UNWIND list AS s
  RETURN {count: count(s), sum: coalesce(sum(s), 0.0), mean: avg(s), p50: percentileDisc(s, 0.5), p90: percentileDisc(s, 0.9), max: max(s)} AS span
}
CALL {
  WITH cells
  UNWIND cells AS c
  WITH c.channel AS channel, sum(c.n) AS n, sum(c.ended) AS ended, sum(c.seconds) AS seconds
  ORDER BY channel
  RETURN collect({channel: channel, interactions: n, seconds: seconds,
                  meanSeconds: CASE WHEN ended = 0 THEN null ELSE seconds / ended END}) AS byChannel
}
CALL {
  WITH cells
  UNWIND cells AS c
  WITH c.depth AS depth, sum(c.n) AS n, sum(c.ended) AS ended, sum(c.seconds) AS seconds
  ORDER BY depth
  RETURN collect({depth: depth, interactions: n, seconds: seconds,
                  meanSeconds: CASE WHEN ended = 0 THEN null ELSE seconds / ended END}) AS byDepth
}
RETURN perThread, byChannel, byDepth, span
