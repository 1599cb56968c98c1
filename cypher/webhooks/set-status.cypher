// Enables or disables an endpoint by hand. Disabling keeps its queued deliveries; disabling one that
// is disabled already keeps why and since when it was. Enabling resumes its deliveries and forgets
// how long it had been failing, so it gets a whole retry window again. `changed`: its status changed.
// :param tenant => 'acme'
// :param id => 'whep_1'
// :param status => 'DISABLED'
// :param reason => 'MANUAL'
MATCH (w:WebhookEndpoint {tenant: $tenant, id: $id})
// Locked before its status is read: of two disables at once, one changes it, and a delivery that
// disables it meanwhile (FAILING, GONE) keeps its reason.
SET w:WebhookEndpoint
WITH w, w.status <> $status AS changed
SET w.status = $status,
    w.disabledReason = CASE WHEN $status = 'ENABLED' THEN null WHEN changed THEN $reason ELSE w.disabledReason END,
    w.disabledAt = CASE WHEN $status = 'ENABLED' THEN null WHEN changed THEN datetime() ELSE w.disabledAt END,
    w.failingSince = CASE WHEN $status = 'ENABLED' THEN null ELSE w.failingSince END,
    w.updatedAt = datetime()
RETURN w { .id, .tenant, .url, .description, .eventTypes, .status, .disabledReason, .disabledAt, .createdAt, .updatedAt,
           .secretRotatedAt, .previousSecretExpiresAt, cursor: coalesce(w.cursor, 0), pendingCount: coalesce(w.pendingCount, 0),
           deliveredCount: coalesce(w.deliveredCount, 0), failedCount: coalesce(w.failedCount, 0), .lastSuccessAt, .lastFailureAt,
           .failingSince, .lastError } AS endpoint, changed
