// Queues the endpoint's new events: locks the endpoint, checks under the lock that this replica
// ($owner) still holds its lease, reads the tenant's numbered events after the endpoint's cursor
// (at most $scan, and only the run without a gap: numbers are dense, so a gap is an event still
// becoming visible, and the cursor must not pass it), queues a delivery for each of a type the
// endpoint receives, and moves the cursor to the end of the run. A delivery is due at once when
// nothing of its thread is pending for this endpoint; otherwise it waits (due null) until the one
// before it is done: each thread's events go out one after the other, in sequence order.
// :param tenant => 'acme'
// :param endpointId => 'whep_1'
// :param owner => 'replica-1'
// :param scan => 500
OPTIONAL MATCH (w0:WebhookEndpoint {tenant: $tenant, id: $endpointId})
FOREACH (_ IN CASE WHEN w0 IS NULL THEN [] ELSE [1] END | SET w0:WebhookEndpoint)
WITH count(w0) AS locked
MATCH (w:WebhookEndpoint {tenant: $tenant, id: $endpointId})
  WHERE w.leaseOwner = $owner AND w.status = 'ENABLED'
WITH w, coalesce(w.cursor, 0) AS cursor
CALL (w, cursor) {
  MATCH (e:ThreadEvent)
    WHERE e.tenant = $tenant AND e.sequence > cursor
  WITH e ORDER BY e.sequence LIMIT toInteger($scan)
  RETURN collect(e) AS scanned
}
WITH w, cursor, scanned, [k IN range(0, size(scanned) - 1) WHERE scanned[k].sequence <> cursor + 1 + k] AS gaps
WITH w, cursor, CASE WHEN size(gaps) = 0 THEN scanned ELSE scanned[0..gaps[0]] END AS run
WITH w, cursor, run, [e IN run WHERE e.type IN w.eventTypes] AS matching
CALL (w, matching) {
  UNWIND range(0, size(matching) - 1) AS k
  WITH w, matching, k, matching[k] AS e
  WITH w, e,
       any(j IN range(0, k - 1) WHERE matching[j].threadId = e.threadId)
       OR EXISTS { MATCH (q:WebhookDelivery {tenant: $tenant, endpointId: w.id, threadId: e.threadId}) WHERE q.status = 'PENDING' } AS queued
  CREATE (d:WebhookDelivery {tenant: $tenant, id: 'dlv_' + replace(randomUUID(), '-', ''), endpointId: w.id, eventId: e.id,
                             eventType: e.type, sequence: e.sequence, threadId: e.threadId, status: 'PENDING', attempts: 0,
                             due: CASE WHEN queued THEN null ELSE datetime() END, createdAt: datetime(), replay: false})
  RETURN count(d) AS queued
}
WITH w, run, queued, CASE WHEN size(run) = 0 THEN cursor ELSE run[-1].sequence END AS moved
SET w.cursor = moved,
    w.pendingCount = coalesce(w.pendingCount, 0) + queued
RETURN size(run) AS scanned, queued, moved AS cursor
