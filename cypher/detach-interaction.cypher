// Detaches $id, with its whole subtree, from its parent: the subtree becomes a thread of its own
// ($newThreadId), in one statement that locks as a link does. It locks the CRM thread id of the
// interaction's thread first (StitchLock, as a create by CRM thread id and a link lock it: the id may
// move to the new thread), then the thread, then reads both again under the locks. A refusal writes
// nothing and returns its verdict:
//   NOT_FOUND  no $id in this tenant (another tenant's interaction is not found either)
//   MOVED      it left the thread locked for it, or the thread's CRM id changed: the caller runs again
//   ROOT       it has no parent: nothing to detach it from
// On OK: the PARENT_OF edge goes; every interaction of the subtree moves to the new thread, its depth
// shifted so that the detached interaction is a root (depth 1, reason NEW_THREAD, detachedAt set);
// the CRM thread id stays with the part that holds its earliest carrier (the first interaction that
// came with threading.threadId equal to it; with none recorded it stays with the old thread); both
// threads' facts are recomputed from what each holds now (start, channels, status, closedAt), and in
// each, an ended interaction with no live descendant left becomes COMPLETED (as an end would make
// it). The correction is recorded (:Correction, kind DETACH) with who ($by), when, the parent before,
// and $note, and the thread event interaction.detached (the outbox), in the same transaction.
// Returns the detached interaction, its new thread, the thread it left, and the correction.
// :param tenant => 'acme'
// :param id => 'b2'
// :param newThreadId => '9b1f0c9e-0000-4000-8000-000000000001'
// :param correctionId => '9b1f0c9e-0000-4000-8000-000000000002'
// :param by => 'user-7'
// :param note => 'wrong customer: a shared phone number'
OPTIONAL MATCH (i0:Interaction {tenant: $tenant, id: $id})
CALL (i0) {
  MATCH (t:Thread {tenant: $tenant})
    WHERE i0 IS NOT NULL AND t.id = i0.threadId AND t.externalThreadId IS NOT NULL
  MERGE (lock:StitchLock {tenant: $tenant, key: 'THREAD:' + t.externalThreadId})
  SET lock:StitchLock
  RETURN collect(t.externalThreadId) AS crmLocked
}
OPTIONAL MATCH (t0:Thread {tenant: $tenant, id: i0.threadId})
FOREACH (_ IN CASE WHEN t0 IS NULL THEN [] ELSE [1] END | SET t0:Thread)
WITH crmLocked, t0.id AS lockedId
OPTIONAL MATCH (i:Interaction {tenant: $tenant, id: $id})
OPTIONAL MATCH (p:Interaction {tenant: $tenant})-[r:PARENT_OF]->(i)
OPTIONAL MATCH (from:Thread {tenant: $tenant, id: i.threadId})
WITH i, p, r, from, CASE
       WHEN i IS NULL THEN 'NOT_FOUND'
       WHEN from IS NULL OR NOT coalesce(from.id = lockedId, false)
            OR (from.externalThreadId IS NOT NULL AND NOT from.externalThreadId IN crmLocked) THEN 'MOVED'
       WHEN p IS NULL THEN 'ROOT'
       ELSE 'OK'
     END AS verdict,
     from.id AS fromThreadId, p.id AS formerParentId
CALL (verdict, i, p, r, from) {
  WITH verdict, i, p, r, from
  WHERE verdict = 'OK'
  WITH i, p, r, from, i.depth - 1 AS shift, COLLECT {
    MATCH (i)-[:PARENT_OF*0..19]->(x:Interaction)
    WHERE x.tenant = $tenant
    RETURN x
  } AS moved
  // The CRM thread id's earliest carrier in the thread, read before anything moves.
  WITH i, p, r, from, shift, moved, from.externalThreadId AS crmId, head(COLLECT {
    MATCH (c:Interaction {tenant: $tenant, threadId: from.id})
    WHERE from.externalThreadId IS NOT NULL AND c.externalThreadId = from.externalThreadId
    RETURN c ORDER BY c.createdAt, c.id LIMIT 1
  }) AS carrier
  WITH i, p, r, from, shift, moved, crmId, carrier IS NOT NULL AND carrier IN moved AS crmMoves
  DELETE r
  FOREACH (x IN moved | SET x.depth = x.depth - shift, x.threadId = $newThreadId)
  SET i.stitchReason = 'NEW_THREAD', i.detachedAt = datetime()
  REMOVE i.requestedParentId
  // The old thread lets go of the CRM thread id before the new one takes it (it is unique).
  FOREACH (_ IN CASE WHEN crmMoves THEN [1] ELSE [] END | REMOVE from.externalThreadId)
  CREATE (to:Thread {tenant: $tenant, id: $newThreadId, rootId: i.id, externalId: i.externalId,
                     externalThreadId: CASE WHEN crmMoves THEN crmId END, detachedFromThreadId: from.id,
                     status: 'OPEN', startedAt: i.startedAt, channels: [i.type],
                     createdAt: datetime(), updatedAt: datetime()})
  CREATE (:Correction {tenant: $tenant, id: $correctionId, kind: 'DETACH', interactionId: i.id,
                       beforeParentId: p.id, fromThreadId: from.id, toThreadId: to.id,
                       by: $by, note: $note, at: datetime()})
  WITH from, to, i.id AS detachedId, i.type AS channel, p.id AS formerParentId, from.eventSeq AS fromSeq,
       [x IN moved | x.id] AS movedIds
  UNWIND [from, to] AS t
  CALL (t) {
    MATCH (x:Interaction {tenant: $tenant, threadId: t.id})
    OPTIONAL MATCH (xp:Interaction {tenant: $tenant})-[:PARENT_OF]->(x)
    WITH x, xp ORDER BY x.startedAt, x.id
    RETURN min(x.startedAt) AS startedAt,
           collect(DISTINCT x.type) AS channels,
           sum(CASE WHEN x.endedAt IS NULL THEN 1 ELSE 0 END) AS active,
           max(x.endedAt) AS lastEnd,
           collect(CASE WHEN x.requestedParentId <> xp.id THEN x.requestedParentId END) AS rerooted
  }
  SET t.startedAt = startedAt,
      t.channels = channels,
      t.status = CASE WHEN active > 0 THEN 'OPEN' ELSE 'CLOSED' END,
      t.closedAt = CASE WHEN active > 0 THEN null ELSE lastEnd END,
      t.updatedAt = datetime()
  // As end-interaction does: an ended interaction with no live descendant is COMPLETED, unless a
  // re-rooted leg still makes it pending.
  WITH t, active, rerooted, from, to, detachedId, channel, formerParentId, fromSeq, movedIds
  CALL (t, active, rerooted) {
    MATCH (x:Interaction {tenant: $tenant, threadId: t.id})
      WHERE x.endedAt IS NOT NULL AND x.state <> 'COMPLETED'
    OPTIONAL MATCH (x)-[:PARENT_OF*1..19]->(d:Interaction {tenant: $tenant})
      WHERE d.endedAt IS NULL
    WITH x, count(d) AS liveBelow
    WITH x, liveBelow = 0 AND NOT (active > 0 AND x.id IN rerooted) AS done
    SET x.state = CASE WHEN done THEN 'COMPLETED' ELSE x.state END
  }
  // The outbox: interaction.detached, the new thread's first event, numbered after the last event of
  // the thread it left (the sequencer numbers that one first), with both threads' status after it.
  WITH DISTINCT from, to, detachedId, channel, formerParentId, fromSeq, movedIds
  SET to.eventSeq = 1
  CREATE (e:ThreadEvent:PendingEvent)
  SET e = {type: 'interaction.detached', interactionId: detachedId, channel: channel, depth: 1,
           formerParentId: formerParentId, fromThreadId: from.id, fromThreadStatus: from.status, movedIds: movedIds,
           threadStatus: to.status, threadRootId: to.rootId, threadExternalId: to.externalId,
           externalThreadId: to.externalThreadId,
           afterThreadId: CASE WHEN coalesce(fromSeq, 0) > 0 THEN from.id END,
           afterThreadSeq: CASE WHEN coalesce(fromSeq, 0) > 0 THEN fromSeq END},
      e.tenant = $tenant,
      e.id = 'evt_' + replace(randomUUID(), '-', ''),
      e.version = 1,
      e.occurredAt = datetime(),
      e.threadId = to.id,
      e.threadSeq = 1
}
WITH verdict, fromThreadId, formerParentId
OPTIONAL MATCH (d:Interaction {tenant: $tenant, id: $id})
OPTIONAL MATCH (dp:Interaction {tenant: $tenant})-[:PARENT_OF]->(d)
OPTIONAL MATCH (nt:Thread {tenant: $tenant, id: d.threadId})
OPTIONAL MATCH (ft:Thread {tenant: $tenant, id: fromThreadId})
  WHERE verdict = 'OK'
OPTIONAL MATCH (c:Correction {tenant: $tenant, id: $correctionId})
  WHERE verdict = 'OK'
RETURN verdict,
       d { .*, parentId: dp.id } AS interaction,
       nt { .* } AS thread,
       ft { .* } AS fromThread,
       c { .* } AS correction,
       formerParentId
