// Locks the stitching key of interaction $id under the tenant's policy (the StitchLock a create for
// that customer holds while it chooses a parent), so an end never changes a candidate's last
// activity while a create is choosing among them. Taken before the thread lock, as creates do.
// $keyFields maps each policy key to the interaction property holding it (STITCH_KEY_FIELD in
// src/model/stitchKeys.ts): {EXTERNAL_ID: 'externalId', COMPOSITE: 'externalId', PHONE_NUMBER: 'phoneNumber', EMAIL: 'email'}.
MATCH (i:Interaction {tenant: $tenant, id: $id})
OPTIONAL MATCH (p:StitchingPolicy {tenant: $tenant})
WITH i, coalesce(p.key, 'EXTERNAL_ID') AS kind
WITH kind + ':' + i[$keyFields[kind]] AS lockKey
FOREACH (key IN CASE WHEN lockKey IS NULL THEN [] ELSE [lockKey] END |
  MERGE (lock:StitchLock {tenant: $tenant, key: key})
  SET lock:StitchLock
)
RETURN lockKey
