// One page of threads per request, newest first (startedAt DESC, then id), for the caller's tenant.
// Each request brings its filters and, from its cursor, the position its page starts after.
// $limit is one more than the largest page asked for: the extra row tells that a next page exists.
// startedAt IS NOT NULL lets the planner seek the (tenant, startedAt) index instead of scanning.
UNWIND $requests AS r
CALL {
  WITH r
  MATCH (t:Thread {tenant: $tenant})
  WHERE t.startedAt IS NOT NULL
    AND (r.startedAfter IS NULL OR t.startedAt >= datetime(r.startedAfter))
    AND (r.startedBefore IS NULL OR t.startedAt < datetime(r.startedBefore))
    AND (r.status IS NULL OR t.status = r.status)
    AND (r.type IS NULL OR r.type IN t.channels)
    AND (r.afterStartedAt IS NULL OR t.startedAt < datetime(r.afterStartedAt)
         OR (t.startedAt = datetime(r.afterStartedAt) AND t.id > r.afterId))
  WITH t ORDER BY t.startedAt DESC, t.id ASC LIMIT toInteger($limit)
  RETURN collect({ thread: t { .* }, sortKey: toString(t.startedAt) }) AS page
}
RETURN r.key AS key, page
