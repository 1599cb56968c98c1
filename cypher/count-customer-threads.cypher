// How many of one customer's threads (Thread.externalId = r.externalId) each request's filters
// match, for the caller's tenant (a connection's totalCount). The hint: see customer-threads.cypher.
UNWIND $requests AS r
CALL {
  WITH r
  MATCH (t:Thread {tenant: $tenant, externalId: r.externalId})
  USING INDEX t:Thread(tenant, externalId, startedAt)
  WHERE t.startedAt IS NOT NULL
    AND (r.startedAfter IS NULL OR t.startedAt >= datetime(r.startedAfter))
    AND (r.startedBefore IS NULL OR t.startedAt < datetime(r.startedBefore))
    AND (r.status IS NULL OR t.status = r.status)
    AND (r.type IS NULL OR r.type IN t.channels)
  RETURN count(t) AS totalCount
}
RETURN r.key AS key, totalCount
