// Deletes at most $limit idempotency keys of $tenant claimed before $before (IDEMPOTENCY_TTL ago),
// with their stored first answers: after that the same key is new. Each key is locked, then read
// again: a key a create is claiming right now waits for it, and is kept if that create renewed it.
// Safe to run from several replicas at once: a key another sweep deleted is simply gone.
// Returns how many went.
// :param tenant => 'acme'
// :param before => '2026-11-20T10:00:00Z'
// :param limit => 500
MATCH (k:IdempotencyKey)
  USING INDEX k:IdempotencyKey(tenant, createdAt)
  WHERE k.tenant = $tenant AND k.createdAt < datetime($before)
// The oldest $limit first (the index gives that order, so a backlog is not read whole every batch),
// then locked in key order.
WITH k ORDER BY k.createdAt LIMIT toInteger($limit)
WITH k.key AS key ORDER BY key
MATCH (locked:IdempotencyKey {tenant: $tenant, key: key})
SET locked:IdempotencyKey
WITH key
MATCH (k:IdempotencyKey {tenant: $tenant, key: key})
  WHERE k.createdAt < datetime($before)
DETACH DELETE k
RETURN count(*) AS deleted
