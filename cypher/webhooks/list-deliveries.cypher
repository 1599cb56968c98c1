// The delivery log of one endpoint, newest first (by when the delivery was queued, then by its
// event's sequence, then id: one fan-out queues several at one instant), a page after the position
// ($afterCreatedAt, $afterSequence, $afterId), optionally only one status or one event.
// :param tenant => 'acme'
// :param endpointId => 'whep_1'
// :param status => null
// :param eventId => null
// :param afterCreatedAt => null
// :param afterSequence => null
// :param afterId => null
// :param limit => 21
MATCH (d:WebhookDelivery)
  WHERE d.tenant = $tenant AND d.endpointId = $endpointId AND d.createdAt IS NOT NULL
    AND ($status IS NULL OR d.status = $status)
    AND ($eventId IS NULL OR d.eventId = $eventId)
    AND ($afterCreatedAt IS NULL OR d.createdAt < datetime($afterCreatedAt)
         OR (d.createdAt = datetime($afterCreatedAt)
             AND (d.sequence < $afterSequence OR (d.sequence = $afterSequence AND d.id < $afterId))))
WITH d ORDER BY d.createdAt DESC, d.sequence DESC, d.id DESC LIMIT toInteger($limit)
RETURN d { .id, .endpointId, .eventId, .eventType, .sequence, .threadId, .status, .attempts, .due, .firstAttemptAt,
           .lastAttemptAt, .lastStatusCode, .lastLatencyMs, .lastError, .deliveredAt, .createdAt,
           replay: coalesce(d.replay, false), sortKey: toString(d.createdAt) } AS delivery
