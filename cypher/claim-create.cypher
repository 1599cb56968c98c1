// First statement of a create: claims its Idempotency-Key, reads an interaction that already has
// this id (its payloadHash and stitchResult make the id an idempotency key too, also for a
// generated id when the driver re-runs a transaction whose commit it did not see acknowledged),
// and reads the tenant's policy. The claim node is locked (SET of its own label), so a concurrent
// request with the same key waits here, then sees the first result.
CALL {
  UNWIND $claimKeys AS claimKey
  MERGE (k:IdempotencyKey {tenant: $tenant, key: claimKey})
  SET k:IdempotencyKey
  RETURN collect(k { .key, .hash, .result }) AS claims
}
OPTIONAL MATCH (existing:Interaction {tenant: $tenant, id: $id})
OPTIONAL MATCH (p:StitchingPolicy {tenant: $tenant})
RETURN claims, existing { .payloadHash, .stitchResult } AS existing, p { .* } AS policy
