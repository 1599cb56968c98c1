// Ends $id (its thread already locked by lock-thread-of): records the end and the handle-time parts.
// Then every ended interaction of the thread with no active descendant becomes COMPLETED, the others
// stay TRANSFERRED (or HOLD): a parent is not completed while a child is live (the zombie thread).
// Once nothing in the thread is active it closes, once, at its last end.
MATCH (i:Interaction {tenant: $tenant, id: $id})
SET i.endedAt = datetime($endedAt),
    i.talkSeconds = $talkSeconds,
    i.holdSeconds = $holdSeconds,
    i.afterCallWorkSeconds = $afterCallWorkSeconds
WITH i
MATCH (t:Thread {tenant: $tenant, id: i.threadId})
CALL {
  WITH t
  MATCH (x:Interaction {tenant: $tenant, threadId: t.id})
  WHERE x.endedAt IS NOT NULL AND x.state <> 'COMPLETED'
  OPTIONAL MATCH (x)-[:PARENT_OF*1..19]->(d:Interaction {tenant: $tenant})
  WHERE d.endedAt IS NULL
  WITH x, count(d) AS activeBelow
  SET x.state = CASE WHEN activeBelow = 0 THEN 'COMPLETED' WHEN x.state = 'TRANSFERRED' THEN 'TRANSFERRED' ELSE 'HOLD' END
  RETURN count(*) AS settled
}
CALL {
  WITH t
  MATCH (x:Interaction {tenant: $tenant, threadId: t.id})
  RETURN sum(CASE WHEN x.endedAt IS NULL THEN 1 ELSE 0 END) AS active, max(x.endedAt) AS lastEnd
}
WITH i, t, lastEnd, (t.status = 'OPEN' AND active = 0) AS closing
SET t.status = CASE WHEN closing THEN 'CLOSED' ELSE t.status END,
    t.closedAt = CASE WHEN closing THEN lastEnd ELSE t.closedAt END,
    t.updatedAt = datetime()
WITH i, t, closing
OPTIONAL MATCH (parent:Interaction {tenant: $tenant})-[:PARENT_OF]->(i)
RETURN i { .*, parentId: parent.id } AS interaction, t { .* } AS thread, closing AS threadClosed
