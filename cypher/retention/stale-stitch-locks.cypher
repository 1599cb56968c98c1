// The StitchLocks of $tenant an erasure or a retention batch asked to drop (StaleStitchLock, written in
// their own transaction) whose drop, after that transaction, never ran (it failed, or the replica
// stopped): those marked before $before (a minute ago: a drop still on its way is left to finish), at
// most $limit keys, in key order. The retention sweep drops them (drop-stitch-locks.cypher,
// which deletes the marks too), so a lock's key never outlives the data it guarded.
// :param tenant => 'acme'
// :param before => '2026-11-21T09:59:00Z'
// :param limit => 500
MATCH (m:StaleStitchLock)
  USING INDEX m:StaleStitchLock(tenant, key)
  WHERE m.tenant = $tenant AND m.key IS NOT NULL AND m.at < datetime($before)
WITH DISTINCT m.key AS key, m.field AS field, m.value AS value
ORDER BY key
LIMIT toInteger($limit)
RETURN collect({key: key, field: field, value: value}) AS locks
