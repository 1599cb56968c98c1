// Records a round of delivery attempts for one endpoint, if this replica ($owner) still holds it
// (checked under the endpoint's lock; otherwise nothing is recorded and another replica delivers
// again: a receiver sees a duplicate, with the same webhook-id). For each attempt:
//   2xx    DELIVERED; the next pending event of its thread becomes due
//   410    stays PENDING, due at once, and the endpoint is disabled (GONE): it resumes when enabled
//   other  due again after its backoff ($attempts[].delayMs), or FAILED when that would pass the
//          retry window ($windowMs since its first attempt); a FAILED one is kept (replayable),
//          and the next pending event of its thread becomes due
// The endpoint's health follows: counts, last success or failure, and failingSince (the first
// failure since the last success). An endpoint with no success for the whole window (a delivery
// given up, with no success since its first attempt) is disabled (FAILING) and keeps its failed and
// pending deliveries. Returns each recorded attempt's delivery status (for the attempt metrics).
// :param tenant => 'acme'
// :param endpointId => 'whep_1'
// :param owner => 'replica-1'
// :param windowMs => 259200000
// :param attempts => [{deliveryId: 'dlv_1', ok: false, gone: false, status: 500, latencyMs: 12, error: 'HTTP 500', delayMs: 30000}]
OPTIONAL MATCH (w0:WebhookEndpoint {tenant: $tenant, id: $endpointId})
FOREACH (_ IN CASE WHEN w0 IS NULL THEN [] ELSE [1] END | SET w0:WebhookEndpoint)
WITH count(w0) AS locked
MATCH (w:WebhookEndpoint {tenant: $tenant, id: $endpointId})
  WHERE w.leaseOwner = $owner
CALL (w) {
  UNWIND $attempts AS a
  MATCH (d:WebhookDelivery {tenant: $tenant, id: a.deliveryId})
    WHERE d.endpointId = w.id AND d.status = 'PENDING'
  WITH a, d, coalesce(d.firstAttemptAt, datetime()) AS first
  WITH a, d, first, CASE
         WHEN a.ok THEN 'DELIVERED'
         WHEN a.gone THEN 'PENDING'
         WHEN datetime() + duration({milliseconds: a.delayMs}) > first + duration({milliseconds: $windowMs}) THEN 'FAILED'
         ELSE 'PENDING'
       END AS status
  SET d.attempts = d.attempts + 1,
      d.firstAttemptAt = first,
      d.lastAttemptAt = datetime(),
      d.lastStatusCode = a.status,
      d.lastLatencyMs = a.latencyMs,
      d.lastError = a.error,
      d.status = status,
      d.due = CASE WHEN status <> 'PENDING' THEN null WHEN a.gone THEN datetime() ELSE datetime() + duration({milliseconds: a.delayMs}) END,
      d.deliveredAt = CASE WHEN a.ok THEN datetime() END
  RETURN collect({deliveryId: d.id, threadId: d.threadId, status: status, ok: a.ok, gone: a.gone, error: a.error, first: first}) AS done
}
CALL (w, done) {
  UNWIND [x IN done WHERE x.status <> 'PENDING'] AS x
  CALL (w, x) {
    MATCH (n:WebhookDelivery {tenant: $tenant, endpointId: w.id, threadId: x.threadId})
      WHERE n.status = 'PENDING' AND n.due IS NULL
    WITH n ORDER BY n.sequence LIMIT 1
    SET n.due = datetime()
    RETURN count(n) AS promoted
  }
  RETURN sum(promoted) AS promoted
}
WITH w, done,
     size([x IN done WHERE x.status = 'DELIVERED']) AS delivered,
     size([x IN done WHERE x.status = 'FAILED']) AS failed,
     [x IN done WHERE NOT x.ok] AS failures,
     any(x IN done WHERE x.gone) AS gone
WITH w, done, delivered, failed, failures, gone,
     CASE WHEN delivered > 0 THEN null WHEN size(failures) > 0 THEN coalesce(w.failingSince, datetime()) ELSE w.failingSince END AS failingSince
// Failing for the whole window: a delivery was just given up (after a whole window of attempts)
// and nothing succeeded since before its first attempt.
WITH w, done, delivered, failed, failures, failingSince, CASE
       WHEN gone THEN 'GONE'
       WHEN failingSince IS NOT NULL AND delivered = 0
            AND any(x IN done WHERE x.status = 'FAILED' AND failingSince <= x.first) THEN 'FAILING'
     END AS disabling
SET w.deliveredCount = coalesce(w.deliveredCount, 0) + delivered,
    w.failedCount = coalesce(w.failedCount, 0) + failed,
    w.pendingCount = coalesce(w.pendingCount, 0) - delivered - failed,
    w.lastSuccessAt = CASE WHEN delivered > 0 THEN datetime() ELSE w.lastSuccessAt END,
    w.lastFailureAt = CASE WHEN size(failures) > 0 THEN datetime() ELSE w.lastFailureAt END,
    w.lastError = CASE WHEN size(failures) > 0 THEN failures[-1].error ELSE w.lastError END,
    w.failingSince = failingSince,
    w.status = CASE WHEN disabling IS NULL THEN w.status ELSE 'DISABLED' END,
    w.disabledReason = CASE WHEN disabling IS NULL THEN w.disabledReason ELSE disabling END,
    w.disabledAt = CASE WHEN disabling IS NULL THEN w.disabledAt ELSE datetime() END
RETURN size(done) AS recorded, w.status AS status, disabling AS disabledReason,
       [x IN done | {deliveryId: x.deliveryId, status: x.status}] AS outcomes
