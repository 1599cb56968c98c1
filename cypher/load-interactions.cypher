// Interactions by id, for the caller's tenant only: one row per id found.
UNWIND $ids AS id
MATCH (i:Interaction {tenant: $tenant, id: id})
OPTIONAL MATCH (p:Interaction {tenant: $tenant})-[:PARENT_OF]->(i)
RETURN i { .*, parentId: p.id } AS interaction
