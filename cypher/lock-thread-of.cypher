// Locks the thread of interaction $id (SET of its own label: a lock, no change), then re-reads the
// interaction under that lock. `stable` is false when it moved to another thread between the first
// read and the lock, or its thread was absorbed by a concurrent link: the caller retries. `roomy` is
// its nearest ancestor-or-self with room for a child (depth < $maxDepth) of an allowed channel.
MATCH (first:Interaction {tenant: $tenant, id: $id})
OPTIONAL MATCH (t:Thread {tenant: $tenant, id: first.threadId})
FOREACH (_ IN CASE WHEN t IS NULL THEN [] ELSE [1] END | SET t:Thread)
WITH t
MATCH (target:Interaction {tenant: $tenant, id: $id})
OPTIONAL MATCH (parent:Interaction {tenant: $tenant})-[:PARENT_OF]->(target)
OPTIONAL MATCH (roomy:Interaction {tenant: $tenant})-[:PARENT_OF*0..19]->(target)
WHERE roomy.depth < $maxDepth AND ($crossChannel OR roomy.type = $type)
WITH t, target, parent, roomy ORDER BY roomy.depth DESC
WITH t, target, parent, collect(roomy)[0] AS roomy
RETURN t IS NOT NULL AND target.threadId = t.id AS stable, target { .*, parentId: parent.id } AS target, roomy { .* } AS roomy, t { .* } AS thread
