// Locks the thread of interaction $id (SET of its own label: a lock, no change), then re-reads the
// interaction under that lock. `stable` is false when it moved to another thread between the
// first read and the lock: the caller retries. `roomy` is its nearest ancestor-or-self with room
// for a child (depth < $maxDepth).
MATCH (first:Interaction {tenant: $tenant, id: $id})
MATCH (t:Thread {tenant: $tenant, id: first.threadId})
SET t:Thread
WITH t
MATCH (target:Interaction {tenant: $tenant, id: $id})
OPTIONAL MATCH (parent:Interaction)-[:PARENT_OF]->(target)
OPTIONAL MATCH (roomy:Interaction)-[:PARENT_OF*0..19]->(target)
WHERE roomy.depth < $maxDepth
WITH t, target, parent, roomy ORDER BY roomy.depth DESC
WITH t, target, parent, collect(roomy)[0] AS roomy
RETURN target.threadId = t.id AS stable, target { .*, parentId: parent.id } AS target, roomy { .* } AS roomy, t { .* } AS thread
