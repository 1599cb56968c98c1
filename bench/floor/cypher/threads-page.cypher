// Floor of the list view's first page, threads(first: $first) newest first: each thread's id,
// status, start, channels, and its size and handle time counted and summed in the database from
// the (tenant, threadId) index. The page is read newest-first from the (tenant, startedAt) index,
// so only the page's threads are touched, whatever the tenant's size: ordering by t.tenant first
// (a constant here) is what lets the planner follow the composite index's order (PartialTop)
// instead of sorting every thread of the tenant (Top).
// :param tenant => 'bench-small'
// :param first => 20
MATCH (t:Thread {tenant: $tenant})
WHERE t.startedAt IS NOT NULL
WITH t ORDER BY t.tenant DESC, t.startedAt DESC, t.id ASC LIMIT toInteger($first)
CALL (t) {
  MATCH (i:Interaction {tenant: $tenant, threadId: t.id})
  RETURN count(i) AS size,
         sum(CASE
           WHEN i.endedAt IS NULL THEN 0
           WHEN i.talkSeconds IS NULL AND i.holdSeconds IS NULL AND i.afterCallWorkSeconds IS NULL
             THEN (i.endedAt.epochMillis - i.startedAt.epochMillis) / 1000.0
           ELSE coalesce(i.talkSeconds, 0) + coalesce(i.holdSeconds, 0) + coalesce(i.afterCallWorkSeconds, 0)
         END) AS totalSeconds
}
RETURN t.id AS id, t.status AS status, toString(t.startedAt) AS startedAt, size, t.channels AS channels, totalSeconds
