// Locks the stitching key of interaction $id under the tenant's policy (the StitchLock a create for
// that customer holds while it chooses a parent), so an end never changes a candidate's last
// activity while a create is choosing among them. Taken before the thread lock, as creates do.
MATCH (i:Interaction {tenant: $tenant, id: $id})
OPTIONAL MATCH (p:StitchingPolicy {tenant: $tenant})
WITH i, coalesce(p.key, 'EXTERNAL_ID') AS kind
WITH CASE kind
       WHEN 'PHONE_NUMBER' THEN kind + ':' + i.phoneNumber
       WHEN 'EMAIL' THEN kind + ':' + i.email
       ELSE kind + ':' + i.externalId
     END AS lockKey
FOREACH (key IN CASE WHEN lockKey IS NULL THEN [] ELSE [lockKey] END |
  MERGE (lock:StitchLock {tenant: $tenant, key: key})
  SET lock:StitchLock
)
RETURN lockKey
