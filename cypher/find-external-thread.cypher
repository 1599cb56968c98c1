// Locks the CRM's logical thread id (so racing creates with one threadId make one thread), then
// finds that thread and its most recent interaction with room for a child of an allowed channel.
// `size` 0 for an existing thread means a concurrent link is absorbing it: the caller retries.
MERGE (lock:StitchLock {tenant: $tenant, key: 'THREAD:' + $externalThreadId})
SET lock:StitchLock
WITH lock
OPTIONAL MATCH (t:Thread {tenant: $tenant, externalThreadId: $externalThreadId})
OPTIONAL MATCH (i:Interaction {tenant: $tenant, threadId: t.id})
WITH t, i ORDER BY i.startedAt DESC, i.id DESC
WITH t, collect(i) AS members
WITH t, members, [m IN members WHERE $crossChannel OR m.type = $type] AS allowed
RETURN t.id AS threadId,
       size(members) AS size,
       size(allowed) AS allowedChannel,
       [m IN allowed WHERE m.depth < $maxDepth | m.id][0] AS parentId
