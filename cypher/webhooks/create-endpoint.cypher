// Creates a webhook endpoint of the tenant, enabled, holding its signing secret. It receives the
// events numbered after its creation: its cursor starts at the tenant's highest number now.
// Returns it without the secret (the service shows the secret once, to the caller who made it).
// :param tenant => 'acme'
// :param id => 'whep_1'
// :param url => 'https://crm.example.com/hooks/threadgraph'
// :param description => 'CRM case sync'
// :param eventTypes => ['thread.closed']
// :param secret => 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw'
OPTIONAL MATCH (top:ThreadEvent)
  WHERE top.tenant = $tenant AND top.sequence IS NOT NULL
WITH top ORDER BY top.sequence DESC LIMIT 1
CREATE (w:WebhookEndpoint {tenant: $tenant, id: $id, url: $url, description: $description, eventTypes: $eventTypes,
                           secret: $secret, status: 'ENABLED', cursor: coalesce(top.sequence, 0), pendingCount: 0,
                           deliveredCount: 0, failedCount: 0, createdAt: datetime(), updatedAt: datetime()})
RETURN w { .id, .tenant, .url, .description, .eventTypes, .status, .disabledReason, .disabledAt, .createdAt, .updatedAt,
           .secretRotatedAt, .previousSecretExpiresAt, cursor: coalesce(w.cursor, 0), pendingCount: coalesce(w.pendingCount, 0),
           deliveredCount: coalesce(w.deliveredCount, 0), failedCount: coalesce(w.failedCount, 0), .lastSuccessAt, .lastFailureAt,
           .failingSince, .lastError } AS endpoint
