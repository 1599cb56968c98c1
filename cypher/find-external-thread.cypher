// Locks the CRM's logical thread id (so racing creates with one threadId make one thread), then
// finds that thread and its most recent interaction with room for a child.
MERGE (lock:StitchLock {tenant: $tenant, key: 'THREAD:' + $externalThreadId})
SET lock:StitchLock
WITH lock
OPTIONAL MATCH (t:Thread {tenant: $tenant, externalThreadId: $externalThreadId})
OPTIONAL MATCH (i:Interaction {tenant: $tenant, threadId: t.id})
WHERE i.depth < $maxDepth AND ($crossChannel OR i.type = $type)
WITH t, i ORDER BY i.startedAt DESC, i.id DESC
RETURN t.id AS threadId, collect(i.id)[0] AS parentId
