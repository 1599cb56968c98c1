// The first statement of a create. Claims the request's idempotency keys and reads what an earlier
// request with this key or this interaction id answered (then nothing more is locked: the caller
// replays that answer). Otherwise it takes the lock the stitching decision needs and reads, under
// it, everything the decision depends on ($mode):
//   PARENT      the thread of the named parent ($parentId: an explicit parent, or the interaction
//               being transferred): the parent, its nearest ancestor-or-self with room for a child
//               (depth < $maxDepth, of an allowed channel), its thread and the thread's size;
//   CRM_THREAD  the CRM thread id's StitchLock, then its thread: the thread, its size, and its most
//               recent interaction with room (and of an allowed channel);
//   KEY         (the customer's StitchLock is among $keyLocks) the threads of the key's interactions last
//               active within the horizon, in id order: each such candidate with its nearest
//               ancestor-or-self with room, its thread's size, the thread that thread continues
//               (so a full thread's continuation is found) and its CRM thread id;
//   NONE        nothing (the interaction starts a thread of its own).
// Every write takes its locks in this order: idempotency keys, the StitchLocks of the keys it carries
// (sorted), a CRM thread id's StitchLock, threads by id.
// It also returns the stored policy, read through its TEXT index: looking an absent policy up
// through the unique index would, in a statement that writes, lock that tenant-wide index key until
// commit and make every write of the tenant wait for the one before. When the stored version is not
// $policyVersion (the one the caller decided with) nothing is locked: the caller learns it and runs again.
// :param tenant => 'acme'
// :param claimKeys => ['key:crm-evt-0001']
// :param id => 'new-interaction-id'
// :param policyVersion => null
// :param mode => 'KEY'
// :param parentId => null
// :param externalThreadId => null
// :param keyField => 'externalId'
// :param value => 'CUST-992834'
// :param keyLocks => ['EXTERNAL_ID:CUST-992834']
// :param horizon => '2026-11-14T09:55:00Z'
// :param startedAt => '2026-11-21T10:00:00Z'
// :param scanLimit => 50
// :param maxDepth => 5
// :param crossChannel => true
// :param type => 'VOICE'
CALL () {
  UNWIND $claimKeys AS claimKey
  MERGE (k:IdempotencyKey {tenant: $tenant, key: claimKey})
  SET k:IdempotencyKey
  RETURN collect(k { .key, .hash, .result, .interactionId }) AS claims
}
OPTIONAL MATCH (existing:Interaction {tenant: $tenant, id: $id})
OPTIONAL MATCH (policy:StitchingPolicy)
  USING TEXT INDEX policy:StitchingPolicy(tenant)
  WHERE policy.tenant = toString($tenant)
WITH claims, existing, policy,
     CASE WHEN existing IS NOT NULL THEN existing.id ELSE [c IN claims WHERE c.result IS NOT NULL | c.interactionId][0] END AS replayId,
     coalesce(CASE WHEN policy IS NULL THEN null ELSE coalesce(policy.version, 0) END, -1) = coalesce($policyVersion, -1) AS policyCurrent
WITH claims, existing, policy, replayId,
     policyCurrent AND existing IS NULL AND none(c IN claims WHERE c.result IS NOT NULL) AS deciding

// Every key the new interaction carries ($keyLocks, sorted; the key it stitches on among them),
// locked before any thread, as an erasure of that customer locks them: an erasure then never misses
// an interaction being created with the customer's key. Not for a replay: it writes no interaction.
CALL (deciding) {
  WITH deciding
  WHERE deciding
  UNWIND $keyLocks AS keyLock
  MERGE (lock:StitchLock {tenant: $tenant, key: keyLock})
  SET lock:StitchLock
  RETURN count(lock) AS keysLocked
}

// A replay: the first answer's interaction and thread, as they are now.
OPTIONAL CALL (replayId) {
  MATCH (ri:Interaction {tenant: $tenant, id: replayId})
  OPTIONAL MATCH (rp:Interaction {tenant: $tenant})-[:PARENT_OF]->(ri)
  OPTIONAL MATCH (rt:Thread {tenant: $tenant, id: ri.threadId})
  RETURN {interaction: ri { .*, parentId: rp.id }, thread: rt { .* }} AS replay
}

// PARENT: lock the parent's thread (SET of its own label: a lock, no change), then read under it.
OPTIONAL CALL (deciding) {
  WITH deciding
  WHERE deciding AND $mode = 'PARENT'
  OPTIONAL MATCH (first:Interaction {tenant: $tenant, id: $parentId})
  OPTIONAL MATCH (t:Thread {tenant: $tenant, id: first.threadId})
  FOREACH (_ IN CASE WHEN t IS NULL THEN [] ELSE [1] END | SET t:Thread)
  WITH t
  OPTIONAL MATCH (target:Interaction {tenant: $tenant, id: $parentId})
  OPTIONAL MATCH (tp:Interaction {tenant: $tenant})-[:PARENT_OF]->(target)
  RETURN {
    stable: coalesce(target.threadId = t.id, false),
    target: target { .*, parentId: tp.id },
    roomy: head(COLLECT {
      MATCH (a:Interaction {tenant: $tenant})-[:PARENT_OF*0..19]->(target)
      WHERE a.depth < $maxDepth AND ($crossChannel OR a.type = $type)
      WITH a ORDER BY a.depth DESC LIMIT 1
      RETURN a { .id, .type, .depth, .externalId, .threadId }
    }),
    thread: t { .* },
    size: COUNT { MATCH (x:Interaction {tenant: $tenant, threadId: t.id}) }
  } AS parent
}

// CRM_THREAD: lock the CRM thread id, then its thread, then read the thread under both.
OPTIONAL CALL (deciding) {
  WITH deciding
  WHERE deciding AND $mode = 'CRM_THREAD'
  MERGE (lock:StitchLock {tenant: $tenant, key: 'THREAD:' + $externalThreadId})
  SET lock:StitchLock
  WITH lock
  OPTIONAL MATCH (t:Thread {tenant: $tenant, externalThreadId: $externalThreadId})
  FOREACH (_ IN CASE WHEN t IS NULL THEN [] ELSE [1] END | SET t:Thread)
  WITH t
  OPTIONAL MATCH (locked:Thread {tenant: $tenant, id: t.id})
  CALL (locked) {
    OPTIONAL MATCH (m:Interaction {tenant: $tenant, threadId: locked.id})
    WITH m ORDER BY m.startedAt DESC, m.id DESC
    RETURN collect(m) AS members
  }
  WITH t, locked, members, [m IN members WHERE $crossChannel OR m.type = $type] AS allowed
  WITH t, locked, members, allowed, [m IN allowed WHERE m.depth < $maxDepth][0] AS roomy
  RETURN {
    stable: t IS NULL OR coalesce(locked.externalThreadId = $externalThreadId, false),
    thread: locked { .* },
    size: size(members),
    allowedChannel: size(allowed),
    roomy: roomy { .id, .type, .depth, .externalId, .threadId }
  } AS crmThread
}

// KEY (the customer's key locked with the others above): find its recent interactions, lock their
// threads in id order, and read each candidate again under those locks.
OPTIONAL CALL (deciding) {
  WITH deciding
  WHERE deciding AND $mode = 'KEY'
  // Each branch names its index: on a small tenant the planner would otherwise pick the tenant-wide
  // (tenant, startedAt) index, a scan of every interaction of the tenant once it grows.
  CALL () {
    MATCH (i:Interaction)
      USING INDEX i:Interaction(tenant, externalId, startedAt)
      WHERE i.tenant = $tenant AND i.externalId = $value AND i.startedAt <= datetime($startedAt)
        AND $keyField = 'externalId'
    RETURN i
    UNION
    MATCH (i:Interaction)
      USING INDEX i:Interaction(tenant, phoneNumber, startedAt)
      WHERE i.tenant = $tenant AND i.phoneNumber = $value AND i.startedAt <= datetime($startedAt)
        AND $keyField = 'phoneNumber'
    RETURN i
    UNION
    MATCH (i:Interaction)
      USING INDEX i:Interaction(tenant, email, startedAt)
      WHERE i.tenant = $tenant AND i.email = $value AND i.startedAt <= datetime($startedAt)
        AND $keyField = 'email'
    RETURN i
  }
  WITH i ORDER BY i.startedAt DESC LIMIT toInteger($scanLimit)
  // Last active (its end, or its start while live) within the horizon: window + grace before the new start.
  WITH collect(CASE WHEN coalesce(i.endedAt, i.startedAt) >= datetime($horizon) THEN i END) AS recent
  CALL (recent) {
    UNWIND recent AS r
    MATCH (t:Thread {tenant: $tenant, id: r.threadId})
    WITH DISTINCT t ORDER BY t.id
    SET t:Thread
    RETURN collect({
      id: t.id,
      size: COUNT { MATCH (x:Interaction {tenant: $tenant, threadId: t.id}) },
      continuesThreadId: t.continuesThreadId,
      externalThreadId: t.externalThreadId
    }) AS locked
  }
  UNWIND recent AS r
  MATCH (c:Interaction {tenant: $tenant, id: r.id})
  RETURN collect({
    candidate: c { .id, .type, .externalId, .depth, .threadId, lastActivity: coalesce(c.endedAt, c.startedAt) },
    stable: c.threadId IN [l IN locked | l.id],
    threadSize: [l IN locked WHERE l.id = c.threadId | l.size][0],
    threadContinues: [l IN locked WHERE l.id = c.threadId | l.continuesThreadId][0],
    threadCrmId: [l IN locked WHERE l.id = c.threadId | l.externalThreadId][0],
    roomy: head(COLLECT {
      MATCH (a:Interaction {tenant: $tenant})-[:PARENT_OF*0..19]->(c)
      WHERE a.depth < $maxDepth AND ($crossChannel OR a.type = $type)
      WITH a ORDER BY a.depth DESC LIMIT 1
      RETURN a { .id, .type, .depth, .externalId, .threadId }
    })
  }) AS candidates
}
RETURN claims,
       existing { .payloadHash, .stitchResult } AS existing,
       replay,
       policy { .* } AS policy,
       parent,
       crmThread,
       candidates
