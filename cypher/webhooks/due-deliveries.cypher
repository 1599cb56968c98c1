// What the endpoint's delivery loop needs next: its URL and signing secrets (the current one, and
// the one a rotation replaced while its overlap lasts), whether this replica ($owner) still holds
// it, the deliveries due now (at most $limit, oldest due first, each with its event), the earliest
// due later (when to look again), and the endpoint's cursor against the tenant's highest number
// (whether new events wait to be queued), and its count of pending deliveries (for the backlog
// metric). No row when the endpoint is gone.
// :param tenant => 'acme'
// :param endpointId => 'whep_1'
// :param owner => 'replica-1'
// :param limit => 8
MATCH (w:WebhookEndpoint {tenant: $tenant, id: $endpointId})
CALL (w) {
  MATCH (d:WebhookDelivery)
    WHERE d.tenant = $tenant AND d.endpointId = w.id AND d.due <= datetime()
  WITH d ORDER BY d.due, d.sequence LIMIT toInteger($limit)
  MATCH (e:ThreadEvent {tenant: $tenant, id: d.eventId})
  RETURN collect({delivery: d { .id, .eventId, .attempts }, event: e { .* }}) AS due
}
CALL (w) {
  OPTIONAL MATCH (d:WebhookDelivery)
    WHERE d.tenant = $tenant AND d.endpointId = w.id AND d.due > datetime()
  WITH d ORDER BY d.due LIMIT 1
  RETURN d.due AS nextDue
}
CALL () {
  OPTIONAL MATCH (top:ThreadEvent)
    WHERE top.tenant = $tenant AND top.sequence IS NOT NULL
  WITH top ORDER BY top.sequence DESC LIMIT 1
  RETURN coalesce(top.sequence, 0) AS latest
}
RETURN w.url AS url,
       w.status AS status,
       coalesce(w.leaseOwner = $owner, false) AS owned,
       [s IN [w.secret, CASE WHEN w.previousSecretExpiresAt > datetime() THEN w.previousSecret END] WHERE s IS NOT NULL] AS secrets,
       coalesce(w.cursor, 0) AS cursor,
       coalesce(w.pendingCount, 0) AS pending,
       latest,
       nextDue,
       due
