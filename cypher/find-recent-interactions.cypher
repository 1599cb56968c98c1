// Locks the customer's stitching key (so creates for one customer run one after the other, and the
// second sees the first), then reads that key's most recent interactions that started no later
// than the new one and were active within the horizon (window + grace before the new start).
// :param tenant => 'acme'
// :param keyField => 'externalId'   // the property holding the key: externalId | phoneNumber | email (STITCH_KEY_FIELD)
// :param value => 'CUST-992834'
// :param lockKey => 'EXTERNAL_ID:CUST-992834'
// :param startedAt => '2026-11-21T10:00:00Z'
// :param horizon => '2026-11-14T09:55:00Z'
// :param scanLimit => 50
MERGE (lock:StitchLock {tenant: $tenant, key: $lockKey})
SET lock:StitchLock
WITH lock
// Each branch names its index: on a small tenant the planner would otherwise pick the tenant-wide
// (tenant, startedAt) index, a scan of every interaction of the tenant once it grows.
CALL {
  MATCH (i:Interaction)
  USING INDEX i:Interaction(tenant, externalId, startedAt)
  WHERE i.tenant = $tenant AND i.externalId = $value AND i.startedAt <= datetime($startedAt)
    AND $keyField = 'externalId'
  RETURN i
  UNION
  MATCH (i:Interaction)
  USING INDEX i:Interaction(tenant, phoneNumber, startedAt)
  WHERE i.tenant = $tenant AND i.phoneNumber = $value AND i.startedAt <= datetime($startedAt)
    AND $keyField = 'phoneNumber'
  RETURN i
  UNION
  MATCH (i:Interaction)
  USING INDEX i:Interaction(tenant, email, startedAt)
  WHERE i.tenant = $tenant AND i.email = $value AND i.startedAt <= datetime($startedAt)
    AND $keyField = 'email'
  RETURN i
}
WITH i ORDER BY i.startedAt DESC LIMIT toInteger($scanLimit)
WITH i, coalesce(i.endedAt, i.startedAt) AS lastActivity
WHERE lastActivity >= datetime($horizon)
RETURN i { .id, .type, .externalId, .depth, .threadId, lastActivity: lastActivity } AS candidate
ORDER BY lastActivity DESC
