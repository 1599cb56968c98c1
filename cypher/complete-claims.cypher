// On a replay, records the first result on idempotency keys claimed by this request that have
// none yet (a retry by client id that also brings a new Idempotency-Key), so they cannot later be
// used for a different payload.
UNWIND $claimKeys AS claimKey
MATCH (k:IdempotencyKey {tenant: $tenant, key: claimKey})
WHERE k.result IS NULL
SET k.hash = $hash, k.result = $result, k.interactionId = $interactionId, k.createdAt = datetime()
RETURN count(k) AS completed
