// Deletes up to $limit of what the import benchmark wrote into a tenant; the caller repeats it until
// it deletes nothing, so each call is one transaction well inside the server's transaction timeout
// (a tenant of 200,000 imported interactions took wipe-tenant past it). An agent goes last, once its
// interactions are gone: deleting one with a million HANDLED edges at once overran the server's
// transaction memory (dbms.memory.transaction.total.max) after the 1M import benchmark.
MATCH (n)
WHERE n.tenant = $tenant
  AND (n:Interaction OR n:Thread OR n:StitchLock OR n:IdempotencyKey OR (n:Agent AND NOT EXISTS { (n)--() }))
WITH n LIMIT toInteger($limit)
DETACH DELETE n
RETURN count(*) AS deleted
