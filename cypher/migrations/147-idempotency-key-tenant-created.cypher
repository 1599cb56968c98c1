CREATE INDEX idempotency_key_tenant_created IF NOT EXISTS FOR (k:IdempotencyKey) ON (k.tenant, k.createdAt)
