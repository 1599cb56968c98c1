// The children of interactions by id, for the caller's tenant only: one row per child found.
UNWIND $ids AS id
MATCH (:Interaction {tenant: $tenant, id: id})-[:PARENT_OF]->(c:Interaction)
WHERE c.tenant = $tenant
RETURN c { .*, parentId: id } AS interaction
