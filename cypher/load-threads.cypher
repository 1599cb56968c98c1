// Threads by id, for the caller's tenant only: one row per id found.
UNWIND $ids AS id
MATCH (t:Thread {tenant: $tenant, id: id})
RETURN t { .* } AS thread
