// Volume and handle time of the threads that started in [$from, $to), per calendar day or ISO week
// (Monday first) in the IANA time zone $timeZone: a thread falls in the bucket of the local date of
// its start, so a thread starting at 00:30 in Berlin is on that Berlin day even though it is still
// the day before in UTC. Days are calendar days: a daylight-saving day has 23 or 25 hours (`hours`).
// Every bucket that [$from, $to) touches is listed, empty ones too; the first and last count only
// the part inside the period. Per bucket: threads, interactions (each once), distinct customers,
// handle time (total, mean, nearest-rank p50 and p90 per thread; the rule of handle-time.cypher),
// closed threads and their mean span (first start to last end).
// $bucket: 'DAY' or 'WEEK'. Filters: $channels, $externalId as in volume.cypher. Each thread is
// walked once (bounded: 19 hops), found through the (tenant, startedAt) index.
:param tenant => 'bench-large';
:param from => '2026-10-01T00:00:00+02:00';
:param to => '2026-11-01T00:00:00+01:00';
:param timeZone => 'Europe/Berlin';
:param bucket => 'DAY';
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
  RETURN count(i) AS size, sum(seconds) AS handle,
         CASE WHEN count(i) > 0 AND count(i.endedAt) = count(i)
           THEN CASE WHEN max(i.endedAt) > min(i.startedAt) THEN duration.inSeconds(min(i.startedAt), max(i.endedAt)).milliseconds / 1000.0 ELSE 0.0 END
         END AS span
}
WITH t, size, handle, span, date(datetime({datetime: t.startedAt, timezone: $timeZone})) AS day
WITH t, size, handle, span, CASE $bucket WHEN 'WEEK' THEN date.truncate('week', day) ELSE day END AS bucket
WITH bucket, count(t) AS threads, sum(size) AS interactions, count(DISTINCT t.externalId) AS customers,
     sum(handle) AS handleTime, avg(handle) AS meanHandle, percentileDisc(handle, 0.5) AS p50, percentileDisc(handle, 0.9) AS p90,
     count(span) AS closed, avg(span) AS meanSpan
WITH collect({bucket: bucket, threads: threads, interactions: interactions, customers: customers, handleTime: handleTime,
              meanHandle: meanHandle, p50: p50, p90: p90, closed: closed, meanSpan: meanSpan}) AS counted
// Every bucket from the one holding $from to the one holding the last instant before $to.
WITH counted,
     date(datetime({datetime: datetime($from), timezone: $timeZone})) AS firstDay,
     date(datetime({datetime: datetime($to) - duration({nanoseconds: 1}), timezone: $timeZone})) AS lastDay
WITH counted,
     CASE $bucket WHEN 'WEEK' THEN date.truncate('week', firstDay) ELSE firstDay END AS first,
     CASE $bucket WHEN 'WEEK' THEN date.truncate('week', lastDay) ELSE lastDay END AS last,
     CASE $bucket WHEN 'WEEK' THEN 7 ELSE 1 END AS days
UNWIND range(0, duration.inDays(first, last).days / days) AS k
WITH counted, first + duration({days: k * days}) AS bucket, days
WITH bucket, head([c IN counted WHERE c.bucket = bucket]) AS c,
     datetime({date: bucket, timezone: $timeZone}) AS start,
     datetime({date: bucket + duration({days: days}), timezone: $timeZone}) AS end
RETURN toString(bucket) AS date, start, end, duration.inSeconds(start, end).seconds / 3600.0 AS hours,
       coalesce(c.threads, 0) AS threads, coalesce(c.interactions, 0) AS interactions, coalesce(c.customers, 0) AS customers,
       coalesce(c.handleTime, 0.0) AS handleTimeSeconds, c.meanHandle AS meanHandleTimeSeconds,
       c.p50 AS p50HandleTimeSeconds, c.p90 AS p90HandleTimeSeconds,
       coalesce(c.closed, 0) AS closedThreads, c.meanSpan AS meanSpanSeconds
ORDER BY bucket
