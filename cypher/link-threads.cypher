// Attaches the root $childId, with its whole thread, under $parentId: the edge, every depth of the
// child's thread shifted by the parent's depth, every interaction moved into the parent's thread,
// the thread's facts merged (channels, start, CRM thread id, status), the emptied thread removed.
// Runs under the locks of lock-link-threads, after its checks.
MATCH (c:Interaction {tenant: $tenant, id: $childId})
MATCH (p:Interaction {tenant: $tenant, id: $parentId})
MATCH (from:Thread {tenant: $tenant, id: c.threadId})
MATCH (to:Thread {tenant: $tenant, id: p.threadId})
CREATE (p)-[:PARENT_OF {reason: 'EXPLICIT', createdAt: datetime()}]->(c)
SET c.stitchReason = 'EXPLICIT'
WITH c, from, to, p.depth AS shift
CALL {
  WITH from, to, shift
  MATCH (x:Interaction {tenant: $tenant, threadId: from.id})
  SET x.depth = x.depth + shift, x.threadId = to.id
  RETURN count(x) AS moved
}
WITH c, from, to, from.externalThreadId AS carried,
     CASE WHEN from.closedAt > to.closedAt THEN from.closedAt ELSE to.closedAt END AS lastClosed
SET to.channels = reduce(acc = to.channels, ch IN from.channels | CASE WHEN ch IN acc THEN acc ELSE acc + ch END),
    to.startedAt = CASE WHEN from.startedAt < to.startedAt THEN from.startedAt ELSE to.startedAt END,
    to.updatedAt = datetime()
REMOVE from.externalThreadId
SET to.externalThreadId = coalesce(to.externalThreadId, carried)
DETACH DELETE from
WITH c, to, lastClosed
CALL {
  WITH to
  MATCH (x:Interaction {tenant: $tenant, threadId: to.id})
  RETURN sum(CASE WHEN x.endedAt IS NULL THEN 1 ELSE 0 END) AS active
}
SET to.reopenedAt = CASE WHEN active > 0 AND to.status = 'CLOSED' THEN datetime() ELSE to.reopenedAt END,
    to.status = CASE WHEN active > 0 THEN 'OPEN' ELSE 'CLOSED' END,
    to.closedAt = CASE WHEN active > 0 THEN null ELSE lastClosed END
WITH c
OPTIONAL MATCH (parent:Interaction {tenant: $tenant})-[:PARENT_OF]->(c)
RETURN c { .*, parentId: parent.id } AS interaction
