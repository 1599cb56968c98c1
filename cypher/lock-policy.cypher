// Takes the write lock on the tenant's policy node (creating it if absent) before a read-modify-write,
// so concurrent partial updates queue behind each other instead of overwriting each other's fields.
// MERGE alone does not lock a node it merely matches; a property write does, until commit.
MERGE (p:StitchingPolicy {tenant: $tenant})
SET p._lock = true
REMOVE p._lock
RETURN p.tenant AS tenant
