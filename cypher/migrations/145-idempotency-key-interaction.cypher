CREATE INDEX idempotency_key_tenant_interaction IF NOT EXISTS FOR (k:IdempotencyKey) ON (k.tenant, k.interactionId)
