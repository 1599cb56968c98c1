CREATE CONSTRAINT idempotency_tenant_key IF NOT EXISTS FOR (k:IdempotencyKey) REQUIRE (k.tenant, k.key) IS UNIQUE
