// First statement of a create: claims its idempotency keys (the client's Idempotency-Key and the
// client-chosen id) and reads the tenant's policy. Each claim node is locked (SET of its own
// label), so a concurrent request with the same key waits here, then sees the first result.
CALL {
  UNWIND $claimKeys AS claimKey
  MERGE (k:IdempotencyKey {tenant: $tenant, key: claimKey})
  SET k:IdempotencyKey
  RETURN collect(k { .key, .hash, .result }) AS claims
}
OPTIONAL MATCH (existing:Interaction {tenant: $tenant, id: $id})
OPTIONAL MATCH (p:StitchingPolicy {tenant: $tenant})
RETURN claims, existing IS NOT NULL AS idTaken, p { .* } AS policy
