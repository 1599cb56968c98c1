// Which tenants have retention work: idempotency keys claimed before $keysBefore, and (when
// $threadsBefore is not null) threads closed before it, and StitchLocks left to drop (StaleStitchLock, marked before $locksBefore). The one statement that reads across tenants:
// the retention sweep then works tenant by tenant with statements scoped to each. At most $limit of each.
// :param keysBefore => '2026-11-20T10:00:00Z'
// :param threadsBefore => null
// :param locksBefore => '2026-11-21T09:59:00Z'
// :param limit => 100
CALL () {
  MATCH (k:IdempotencyKey)
    WHERE k.createdAt < datetime($keysBefore)
  WITH DISTINCT k.tenant AS tenant
  LIMIT toInteger($limit)
  RETURN collect(tenant) AS keyTenants
}
CALL () {
  MATCH (t:Thread)
    WHERE $threadsBefore IS NOT NULL AND t.closedAt < datetime($threadsBefore)
  WITH DISTINCT t.tenant AS tenant
  LIMIT toInteger($limit)
  RETURN collect(tenant) AS threadTenants
}
CALL () {
  MATCH (m:StaleStitchLock)
    USING INDEX m:StaleStitchLock(at)
    WHERE m.at < datetime($locksBefore)
  WITH DISTINCT m.tenant AS tenant
  LIMIT toInteger($limit)
  RETURN collect(tenant) AS lockTenants
}
RETURN keyTenants, threadTenants, lockTenants
