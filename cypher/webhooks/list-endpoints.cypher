// The tenant's webhook endpoints (or the one named by $id), oldest first, with their delivery
// health (counts kept up to date by the delivery worker), never their secrets.
// :param tenant => 'acme'
// :param id => null
MATCH (w:WebhookEndpoint)
  WHERE w.tenant = $tenant AND ($id IS NULL OR w.id = $id)
WITH w ORDER BY w.createdAt, w.id
RETURN w { .id, .tenant, .url, .description, .eventTypes, .status, .disabledReason, .disabledAt, .createdAt, .updatedAt,
           .secretRotatedAt, .previousSecretExpiresAt, cursor: coalesce(w.cursor, 0), pendingCount: coalesce(w.pendingCount, 0),
           deliveredCount: coalesce(w.deliveredCount, 0), failedCount: coalesce(w.failedCount, 0), .lastSuccessAt, .lastFailureAt,
           .failingSince, .lastError } AS endpoint
