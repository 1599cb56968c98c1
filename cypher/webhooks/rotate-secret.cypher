// Gives the endpoint a new signing secret and keeps the one it replaces for $overlapHours: until
// then deliveries are signed with both, so a receiver can switch at its own pace. A second rotation
// within the overlap drops the oldest.
// :param tenant => 'acme'
// :param id => 'whep_1'
// :param secret => 'whsec_...'
// :param overlapHours => 24
MATCH (w:WebhookEndpoint {tenant: $tenant, id: $id})
SET w.previousSecret = w.secret,
    w.previousSecretExpiresAt = datetime() + duration({hours: $overlapHours}),
    w.secret = $secret,
    w.secretRotatedAt = datetime(),
    w.updatedAt = datetime()
RETURN w { .id, .tenant, .url, .description, .eventTypes, .status, .disabledReason, .disabledAt, .createdAt, .updatedAt,
           .secretRotatedAt, .previousSecretExpiresAt, cursor: coalesce(w.cursor, 0), pendingCount: coalesce(w.pendingCount, 0),
           deliveredCount: coalesce(w.deliveredCount, 0), failedCount: coalesce(w.failedCount, 0), .lastSuccessAt, .lastFailureAt,
           .failingSince, .lastError } AS endpoint
