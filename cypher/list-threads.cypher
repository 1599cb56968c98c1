// One page of threads per request, newest first (startedAt DESC, then id), for the caller's tenant.
// Each request brings its filters and, from its cursor, the position its page starts after.
// $limit is one more than the largest page asked for: the extra row tells that a next page exists.
// The page is read newest-first from the (tenant, startedAt) index and stops after $limit rows, so
// it costs the same on a tenant of any size: ordering by t.tenant first (one value here) is what
// lets the planner follow the composite index's order (PartialTop) instead of sorting every thread
// of the tenant (Top). The cursor and the window bound that index range, so a later page seeks to
// where it starts instead of reading past the rows before it.
// With r.summarize, each thread of the page comes with its aggregates, counted and summed in the
// database as summarize-threads.cypher does (keep the two in step), so a list row costs no walk.
// With r.count, the request's totalCount too: a count of the index range, never a sort.
// :param tenant => 'acme'
// :param limit => 21
// :param maxSeconds => 2592000
// :param requests => [{key: 0, summarize: true, count: false, type: null, status: null, startedAfter: null, startedBefore: null, afterStartedAt: null, afterId: null}]
UNWIND $requests AS r
CALL (r) {
  MATCH (t:Thread {tenant: $tenant})
  WHERE t.startedAt >= coalesce(datetime(r.startedAfter), datetime('-999999999-01-01T00:00:00Z'))
    AND t.startedAt <= coalesce(datetime(r.afterStartedAt), datetime('+999999999-12-31T23:59:59.999999999Z'))
    AND (r.startedBefore IS NULL OR t.startedAt < datetime(r.startedBefore))
    AND (r.status IS NULL OR t.status = r.status)
    AND (r.type IS NULL OR r.type IN t.channels)
    AND (r.afterStartedAt IS NULL OR t.startedAt < datetime(r.afterStartedAt)
         OR (t.startedAt = datetime(r.afterStartedAt) AND t.id > r.afterId))
  WITH t ORDER BY t.tenant DESC, t.startedAt DESC, t.id ASC LIMIT toInteger($limit)
  CALL (r, t) {
    OPTIONAL MATCH (:Interaction {tenant: $tenant, id: t.rootId})-[:PARENT_OF*0..19]->(i:Interaction)
    WHERE r.summarize AND i.tenant = $tenant
    WITH DISTINCT i
    WITH i, [x IN [i.talkSeconds, i.holdSeconds, i.afterCallWorkSeconds] WHERE x >= 0 AND x <= $maxSeconds] AS parts
    WITH i, CASE
           WHEN i.endedAt IS NULL THEN null
           WHEN size(parts) > 0 THEN reduce(s = 0, x IN parts | s + x)
           ELSE CASE WHEN i.endedAt.epochMillis >= i.startedAt.epochMillis
                     THEN (i.endedAt.epochMillis - i.startedAt.epochMillis) / 1000.0 ELSE 0.0 END
         END AS seconds
    WITH i.type AS channel, count(i) AS interactions, sum(coalesce(seconds, 0)) AS seconds, max(i.depth) AS depth,
         min(i.startedAt.epochMillis) AS firstStart, max(i.endedAt.epochMillis) AS lastEnd, count(i.endedAt) AS ended
    RETURN sum(interactions) AS size, max(depth) AS depth, sum(seconds) AS totalSeconds, min(firstStart) AS firstStart,
           max(lastEnd) AS lastEnd, sum(ended) AS ended,
           collect(CASE WHEN interactions > 0 THEN { channel: channel, seconds: seconds, interactions: interactions } END) AS byChannel
  }
  RETURN collect({
    thread: t {
      .id, .tenant, .externalId, .externalThreadId, .status, .rootId, .channels, .continuesThreadId,
      startedAt: t.startedAt.epochMillis, closedAt: t.closedAt.epochMillis
    },
    sortKey: toString(t.startedAt),
    summary: CASE WHEN r.summarize THEN {
      size: size, depth: depth, totalSeconds: totalSeconds, firstStart: firstStart, lastEnd: lastEnd, ended: ended, byChannel: byChannel
    } END
  }) AS page
}
CALL (r) {
  UNWIND CASE WHEN r.count THEN [r] ELSE [] END AS c
  MATCH (t:Thread {tenant: $tenant})
  WHERE t.startedAt >= coalesce(datetime(c.startedAfter), datetime('-999999999-01-01T00:00:00Z'))
    AND (c.startedBefore IS NULL OR t.startedAt < datetime(c.startedBefore))
    AND (c.status IS NULL OR t.status = c.status)
    AND (c.type IS NULL OR c.type IN t.channels)
  RETURN count(t) AS counted
}
RETURN r.key AS key, page, CASE WHEN r.count THEN counted END AS totalCount
