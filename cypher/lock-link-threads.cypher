// Locks the threads of $childId and $parentId in id order (two links never wait on each other in a
// circle), then re-reads both under the locks, with the child's current parent, the height of the
// child's thread (its deepest depth), both threads' CRM thread ids and the tenant's policy. `locked` is empty if either is missing.
OPTIONAL MATCH (c0:Interaction {tenant: $tenant, id: $childId})
OPTIONAL MATCH (p0:Interaction {tenant: $tenant, id: $parentId})
CALL {
  WITH c0, p0
  MATCH (t:Thread {tenant: $tenant})
  WHERE c0 IS NOT NULL AND p0 IS NOT NULL AND t.id IN [c0.threadId, p0.threadId]
  WITH t ORDER BY t.id
  SET t:Thread
  RETURN collect(t.id) AS locked
}
OPTIONAL MATCH (c:Interaction {tenant: $tenant, id: $childId})
OPTIONAL MATCH (cp:Interaction {tenant: $tenant})-[:PARENT_OF]->(c)
OPTIONAL MATCH (p:Interaction {tenant: $tenant, id: $parentId})
CALL {
  WITH c
  OPTIONAL MATCH (x:Interaction {tenant: $tenant, threadId: c.threadId})
  RETURN max(x.depth) AS childThreadHeight
}
OPTIONAL MATCH (ct:Thread {tenant: $tenant, id: c.threadId})
OPTIONAL MATCH (pt:Thread {tenant: $tenant, id: p.threadId})
OPTIONAL MATCH (policy:StitchingPolicy {tenant: $tenant})
RETURN locked, c { .*, parentId: cp.id } AS child, p { .* } AS parent, childThreadHeight, policy { .* } AS policy,
       ct.externalThreadId AS childCrmThread, pt.externalThreadId AS parentCrmThread
