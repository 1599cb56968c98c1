// Links the root $childId, with its whole thread, under $parentId, in one statement: it locks both
// threads in id order (two links never wait on each other in a circle), reads both again under the
// locks, checks every rule, and only then writes: the edge (recording the parent asked for), every
// depth of the child's thread shifted by the parent's depth, every interaction moved into the
// parent's thread, the threads' facts merged (channels, start, CRM thread id, status), the emptied
// thread removed. The rules are the stored policy's (the $defaults, DEFAULT_POLICY's, for a tenant
// that never saved one). A failed check writes nothing and returns its verdict, in the order a user would
// want them reported:
//   POLICY_CHANGED     the stored policy is not the version the caller decided with ($policyVersion)
//   CHILD_NOT_FOUND    no $childId in this tenant          PARENT_NOT_FOUND  no $parentId in this tenant
//   MOVED              an interaction left the thread locked for it: the caller runs again
//   SELF               $childId = $parentId (a cycle of one)
//   ALREADY_LINKED     the child's parent is already $parentId: nothing to do (the guard clause)
//   ALREADY_PARENTED   the child has another parent (at most one parent)
//   CYCLE              the parent is the child or below it
//   CROSS_CHANNEL      cross-channel stitching is off and the channels differ
//   THREAD_ID_CONFLICT the two threads carry different CRM thread ids
//   MAX_DEPTH          the parent's depth + the child's thread height would exceed maxDepth
//   THREAD_FULL        the two threads together would hold more than maxThreadSize interactions
// Both ends are matched in $tenant only: an interaction of another tenant is not found.
// In the same transaction it records the events of the link (the outbox) on the parent's thread,
// numbered by that thread's own counter: interaction.linked (naming the absorbed thread, the
// interactions it moved, and the absorbed thread's last event, which the sequencer numbers first),
// then thread.reopened when a live child thread reopened a CLOSED parent thread.
// Returns what changed: the absorbed thread, threadReopened, and how many events it recorded.
// On OK it also records the link in the audit trail (:Correction, kind LINK: $by, $note, when, the
// parent after; a root had none before), in the same transaction; ALREADY_LINKED records nothing.
// :param tenant => 'acme'
// :param childId => 'b2'
// :param parentId => 'a1'
// :param correctionId => '9b1f0c9e-0000-4000-8000-000000000003'
// :param by => 'user-7'
// :param note => null
// :param policyVersion => null
// :param defaults => {maxDepth: 5, maxThreadSize: 250, crossChannel: true}
OPTIONAL MATCH (c0:Interaction {tenant: $tenant, id: $childId})
OPTIONAL MATCH (p0:Interaction {tenant: $tenant, id: $parentId})
// The CRM thread ids the two threads carry, locked first as a create by CRM thread id locks them
// (StitchLock, then the thread): a link that carries one over must not wait for a thread a create
// holds while that create waits for the id's index entry the link is writing.
CALL (c0, p0) {
  MATCH (t:Thread {tenant: $tenant})
    WHERE c0 IS NOT NULL AND p0 IS NOT NULL AND t.id IN [c0.threadId, p0.threadId] AND t.externalThreadId IS NOT NULL
  WITH DISTINCT t.externalThreadId AS crmId ORDER BY crmId
  MERGE (lock:StitchLock {tenant: $tenant, key: 'THREAD:' + crmId})
  SET lock:StitchLock
  RETURN collect(crmId) AS crmLocked
}
CALL (c0, p0) {
  MATCH (t:Thread {tenant: $tenant})
    WHERE c0 IS NOT NULL AND p0 IS NOT NULL AND t.id IN [c0.threadId, p0.threadId]
  WITH t ORDER BY t.id
  SET t:Thread
  RETURN collect(t.id) AS locked, collect(t.externalThreadId) AS crmIds
}
// The policy is read once the threads are locked: an update acknowledged while this link waited for
// its locks is the one it decides with (a later update applies to later writes).
OPTIONAL MATCH (policy:StitchingPolicy)
  USING TEXT INDEX policy:StitchingPolicy(tenant)
  WHERE policy.tenant = toString($tenant)
WITH policy, locked,
     coalesce(CASE WHEN policy IS NULL THEN null ELSE coalesce(policy.version, 0) END, -1) = coalesce($policyVersion, -1) AS policyCurrent,
     coalesce(policy.maxDepth, $defaults.maxDepth) AS maxDepth,
     coalesce(policy.maxThreadSize, $defaults.maxThreadSize) AS maxThreadSize,
     coalesce(policy.crossChannel, $defaults.crossChannel) AS crossChannel,
     all(crmId IN crmIds WHERE crmId IN crmLocked) AS crmStable
WITH policy, policyCurrent, maxDepth, maxThreadSize, crossChannel, locked, crmStable
OPTIONAL MATCH (c:Interaction {tenant: $tenant, id: $childId})
OPTIONAL MATCH (cp:Interaction {tenant: $tenant})-[:PARENT_OF]->(c)
OPTIONAL MATCH (p:Interaction {tenant: $tenant, id: $parentId})
OPTIONAL MATCH (ct:Thread {tenant: $tenant, id: c.threadId})
OPTIONAL MATCH (pt:Thread {tenant: $tenant, id: p.threadId})
CALL (ct) {
  OPTIONAL MATCH (x:Interaction {tenant: $tenant, threadId: ct.id})
  RETURN max(x.depth) AS childHeight, count(x) AS childSize
}
WITH policy, policyCurrent, maxDepth, maxThreadSize, crossChannel, locked, crmStable, c, cp, p, ct, pt, childHeight, childSize,
     COUNT { MATCH (x:Interaction {tenant: $tenant, threadId: pt.id}) } AS parentSize
WITH policy, c, cp, p, ct, pt, childHeight, CASE
       WHEN NOT policyCurrent THEN 'POLICY_CHANGED'
       WHEN c IS NULL THEN 'CHILD_NOT_FOUND'
       WHEN p IS NULL THEN 'PARENT_NOT_FOUND'
       WHEN NOT (c.threadId IN locked AND p.threadId IN locked) OR ct IS NULL OR pt IS NULL OR NOT crmStable THEN 'MOVED'
       WHEN c.id = p.id THEN 'SELF'
       WHEN cp.id = p.id THEN 'ALREADY_LINKED'
       WHEN cp IS NOT NULL THEN 'ALREADY_PARENTED'
       // The child is a root, so its thread is its subtree: a parent in it is a descendant.
       WHEN c.threadId = p.threadId OR EXISTS { MATCH (c)-[:PARENT_OF*1..19]->(p) } THEN 'CYCLE'
       WHEN NOT crossChannel AND c.type <> p.type THEN 'CROSS_CHANNEL'
       WHEN ct.externalThreadId IS NOT NULL AND pt.externalThreadId IS NOT NULL
            AND ct.externalThreadId <> pt.externalThreadId THEN 'THREAD_ID_CONFLICT'
       WHEN p.depth + childHeight > maxDepth THEN 'MAX_DEPTH'
       WHEN childSize + parentSize > maxThreadSize THEN 'THREAD_FULL'
       ELSE 'OK'
     END AS verdict,
     pt.status = 'CLOSED' AS wasClosed, ct.id AS childThreadId,
     c { .*, parentId: cp.id } AS childBefore, p { .* } AS parentBefore
CALL (verdict, c, p, ct, pt) {
  WITH verdict, c, p, ct, pt
  WHERE verdict = 'OK'
  CREATE (p)-[:PARENT_OF {reason: 'EXPLICIT', createdAt: datetime(), requestedParentId: p.id}]->(c)
  SET c.stitchReason = 'EXPLICIT', c.requestedParentId = p.id
  // The audit trail: who linked what where, in this transaction.
  CREATE (:Correction {tenant: $tenant, id: $correctionId, kind: 'LINK', interactionId: c.id, afterParentId: p.id,
                       fromThreadId: ct.id, toThreadId: pt.id, by: $by, note: $note, at: datetime()})
  WITH c, p, ct AS from, pt AS to, p.depth AS shift
  CALL (from, to, shift) {
    MATCH (x:Interaction {tenant: $tenant, threadId: from.id})
    SET x.depth = x.depth + shift, x.threadId = to.id
    RETURN collect(x.id) AS moved
  }
  WITH c, p, from, to, moved, from.externalThreadId AS carried, from.id AS absorbedId, from.eventSeq AS absorbedSeq,
       CASE WHEN from.closedAt > to.closedAt THEN from.closedAt ELSE to.closedAt END AS lastClosed
  SET to.channels = reduce(acc = to.channels, ch IN from.channels | CASE WHEN ch IN acc THEN acc ELSE acc + ch END),
      to.startedAt = CASE WHEN from.startedAt < to.startedAt THEN from.startedAt ELSE to.startedAt END,
      to.updatedAt = datetime()
  REMOVE from.externalThreadId
  SET to.externalThreadId = coalesce(to.externalThreadId, carried)
  DETACH DELETE from
  WITH c, p, to, moved, absorbedId, absorbedSeq, lastClosed
  CALL (to) {
    MATCH (x:Interaction {tenant: $tenant, threadId: to.id})
    RETURN sum(CASE WHEN x.endedAt IS NULL THEN 1 ELSE 0 END) AS active
  }
  WITH c, p, to, moved, absorbedId, absorbedSeq, lastClosed, active,
       active > 0 AND to.status = 'CLOSED' AS reopening, to.closedAt AS previousClosedAt
  SET to.reopenedAt = CASE WHEN reopening THEN datetime() ELSE to.reopenedAt END,
      to.status = CASE WHEN active > 0 THEN 'OPEN' ELSE 'CLOSED' END,
      to.closedAt = CASE WHEN active > 0 THEN null ELSE lastClosed END
  // The outbox: the link's events, numbered on the parent's thread, which this statement holds locked.
  WITH to, coalesce(to.eventSeq, 0) AS base, [
    {type: 'interaction.linked', interactionId: c.id, channel: c.type, parentId: p.id, depth: p.depth + 1,
     absorbedThreadId: absorbedId, movedIds: moved, threadStatus: to.status, threadRootId: to.rootId,
     threadExternalId: to.externalId, externalThreadId: to.externalThreadId,
     afterThreadId: CASE WHEN coalesce(absorbedSeq, 0) > 0 THEN absorbedId END,
     afterThreadSeq: CASE WHEN coalesce(absorbedSeq, 0) > 0 THEN absorbedSeq END},
    CASE WHEN reopening THEN
      {type: 'thread.reopened', reopenedById: c.id, cause: 'interaction.linked', previousClosedAt: previousClosedAt,
       threadStatus: to.status, threadRootId: to.rootId, threadExternalId: to.externalId, externalThreadId: to.externalThreadId}
    END
  ] AS all
  WITH to, base, [x IN all WHERE x IS NOT NULL] AS events
  SET to.eventSeq = base + size(events)
  WITH to, base, events
  UNWIND range(0, size(events) - 1) AS k
  CREATE (e:ThreadEvent:PendingEvent)
  SET e = events[k],
      e.tenant = $tenant,
      e.id = 'evt_' + replace(randomUUID(), '-', ''),
      e.version = 1,
      e.occurredAt = datetime(),
      e.threadId = to.id,
      e.threadSeq = base + k + 1
}
WITH policy, verdict, wasClosed, childThreadId, childHeight, childBefore, parentBefore
OPTIONAL MATCH (i:Interaction {tenant: $tenant, id: $childId})
OPTIONAL MATCH (ip:Interaction {tenant: $tenant})-[:PARENT_OF]->(i)
OPTIONAL MATCH (t:Thread {tenant: $tenant, id: i.threadId})
RETURN verdict,
       i { .*, parentId: ip.id } AS interaction,
       childBefore AS child,
       parentBefore AS parent,
       childHeight,
       policy { .* } AS policy,
       CASE WHEN verdict = 'OK' THEN childThreadId END AS absorbedThreadId,
       verdict = 'OK' AND coalesce(wasClosed, false) AND t.status = 'OPEN' AS threadReopened
