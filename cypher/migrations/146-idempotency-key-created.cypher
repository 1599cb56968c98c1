CREATE INDEX idempotency_key_created IF NOT EXISTS FOR (k:IdempotencyKey) ON (k.createdAt)
