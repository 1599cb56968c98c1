// Queues events again for one endpoint: the one event $eventId (whatever its type), or the events
// numbered $from..$to of the types the endpoint receives (at most $limit). Each becomes a new
// delivery (replay: true) in its thread's queue, behind what is already pending there; the
// payload and webhook-id are the event's, so a receiver that has it already can tell. Locks the
// endpoint, as the worker's fan-out does, so the two never queue past each other.
// found is false when there is no such endpoint, or no such numbered event.
// :param tenant => 'acme'
// :param endpointId => 'whep_1'
// :param eventId => null
// :param from => 1
// :param to => 100
// :param limit => 10000
OPTIONAL MATCH (w0:WebhookEndpoint {tenant: $tenant, id: $endpointId})
FOREACH (_ IN CASE WHEN w0 IS NULL THEN [] ELSE [1] END | SET w0.updatedAt = datetime())
WITH w0
OPTIONAL CALL (w0) {
  WITH w0
  WHERE w0 IS NOT NULL
  CALL (w0) {
    MATCH (e:ThreadEvent)
      WHERE e.tenant = $tenant AND $eventId IS NOT NULL AND e.id = $eventId AND e.sequence IS NOT NULL
    RETURN e
    UNION
    MATCH (e:ThreadEvent)
      WHERE e.tenant = $tenant AND $eventId IS NULL AND e.sequence >= $from AND e.sequence <= $to AND e.type IN w0.eventTypes
    RETURN e
  }
  WITH w0, e ORDER BY e.sequence LIMIT toInteger($limit)
  RETURN collect(e) AS events
}
WITH w0, coalesce(events, []) AS events
OPTIONAL CALL (w0, events) {
  WITH w0, events
  WHERE w0 IS NOT NULL
  UNWIND range(0, size(events) - 1) AS k
  WITH w0, events, k, events[k] AS e
  WITH w0, e,
       any(j IN range(0, k - 1) WHERE events[j].threadId = e.threadId)
       OR EXISTS { MATCH (q:WebhookDelivery {tenant: $tenant, endpointId: w0.id, threadId: e.threadId}) WHERE q.status = 'PENDING' } AS queued
  CREATE (d:WebhookDelivery {tenant: $tenant, id: 'dlv_' + replace(randomUUID(), '-', ''), endpointId: w0.id, eventId: e.id,
                             eventType: e.type, sequence: e.sequence, threadId: e.threadId, status: 'PENDING', attempts: 0,
                             due: CASE WHEN queued THEN null ELSE datetime() END, createdAt: datetime(), replay: true})
  RETURN count(d) AS queued
}
FOREACH (_ IN CASE WHEN coalesce(queued, 0) > 0 THEN [1] ELSE [] END | SET w0.pendingCount = coalesce(w0.pendingCount, 0) + queued)
RETURN w0 IS NOT NULL AND ($eventId IS NULL OR size(events) > 0) AS found,
       coalesce(queued, 0) AS queued,
       [e IN events | e.id] AS eventIds
