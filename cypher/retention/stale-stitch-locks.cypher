// The StitchLocks of $tenant an erasure or a retention batch asked to drop (StaleStitchLock, written in
// their own transaction) whose drop, after that transaction, never ran (it failed, or the replica
// stopped): at most $limit keys, in key order. The retention sweep drops them (drop-stitch-locks.cypher,
// which deletes the marks too), so a lock's key never outlives the data it guarded.
// :param tenant => 'acme'
// :param limit => 500
MATCH (m:StaleStitchLock)
  WHERE m.tenant = $tenant
WITH DISTINCT m.key AS key, m.field AS field, m.value AS value
ORDER BY key
LIMIT toInteger($limit)
RETURN collect({key: key, field: field, value: value}) AS locks
