// Deletes up to $limit of what the import benchmark wrote into a tenant; the caller repeats it until
// it deletes nothing, so each call is one transaction well inside the server's transaction timeout
// (a tenant of 200,000 imported interactions took wipe-tenant past it).
MATCH (n)
WHERE n.tenant = $tenant AND (n:Interaction OR n:Thread OR n:Agent OR n:StitchLock OR n:IdempotencyKey)
WITH n LIMIT toInteger($limit)
DETACH DELETE n
RETURN count(*) AS deleted
