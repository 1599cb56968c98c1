// Deletes what an interrupted or outdated load left in a tenant, in batches (auto-commit only).
MATCH (n)
WHERE n.tenant = $tenant AND (n:Interaction OR n:Thread OR n:Agent OR n:StitchLock OR n:IdempotencyKey OR n:BenchDataset)
CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS
