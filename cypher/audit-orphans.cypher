// Integrity audit: orphans, interactions that arrived with nothing to stitch them by and never joined
// anyone. An orphan is an interaction of $tenant that
//   - has no parent and no child (no PARENT_OF either way),
//   - shares its threadId with no other interaction (a thread of one),
//   - has no stitching key: externalId, phoneNumber and email are all absent or blank,
//   - whose thread has no externalThreadId (the CRM's thread id is a key a later contact can join by),
//   - and that was neither erased (its keys were removed on request) nor detached (a client made it
//     a thread of its own on purpose).
// With rejectOrphans on, the write path refuses these, so any found were written while it was off
// (or by a bug). Neo4j Browser:
// :param tenant => 'acme'
// :param sampleSize => 10
// Returns one row: how many orphans $tenant has, and the first $sampleSize ids.
MATCH (i:Interaction {tenant: $tenant})
WHERE NOT EXISTS { (i)-[:PARENT_OF]-() }
  AND trim(coalesce(i.externalId, '')) = ''
  AND trim(coalesce(i.phoneNumber, '')) = ''
  AND trim(coalesce(i.email, '')) = ''
  AND NOT EXISTS { MATCH (o:Interaction {tenant: $tenant, threadId: i.threadId}) WHERE o <> i }
  AND NOT EXISTS { MATCH (t:Thread {tenant: $tenant, id: i.threadId}) WHERE t.externalThreadId IS NOT NULL }
  AND i.erasedAt IS NULL AND i.detachedAt IS NULL
WITH i.id AS id
ORDER BY id
WITH collect(id) AS ids
RETURN size(ids) AS count, ids[0..toInteger($sampleSize)] AS sampleIds
