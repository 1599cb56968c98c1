// One batch of PARENT_OF edges; both ends were created earlier in the same transaction.
UNWIND $rows AS r
MATCH (p:Interaction {tenant: $tenant, id: r.parentId})
MATCH (c:Interaction {tenant: $tenant, id: r.childId})
CREATE (p)-[:PARENT_OF {reason: r.reason, createdAt: datetime(r.createdAt)}]->(c)
