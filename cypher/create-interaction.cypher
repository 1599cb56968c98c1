// The guarded write of a create: the new interaction under $parentId (depth + 1, in the parent's
// thread, reopening it if CLOSED), or as the root of a new thread ($newThreadId, carrying the CRM
// thread id $externalThreadId and the thread it continues, $continuesThreadId). It locks the thread
// it touches ($threadId: the parent's, or the one a new thread continues; a no-op when claim-create
// holds it), then checks every rule the new edge could break, on what it reads under that lock,
// whatever the caller decided: the rules are the stored policy's (the $defaults, DEFAULT_POLICY's,
// for a tenant that never saved one). A failed check writes nothing and returns its verdict:
//   POLICY_CHANGED   the stored policy is not the version the caller decided with ($policyVersion)
//   ID_TAKEN         an interaction with this id exists (it would get a second parent)
//   PARENT_NOT_FOUND no $parentId, or no $transferFromId, in this tenant (a parent is never in another tenant)
//   MOVED            the parent or the transferred interaction is not in thread $threadId: the caller
//                    decided on facts that changed (it runs again)
//   TRANSFER_ENDED   the interaction being transferred has ended
//   NOT_ANCESTOR     the parent is neither the requested parent nor one of its ancestors
//   MAX_DEPTH        the parent is at the policy's maxDepth: the child would be deeper
//   CROSS_CHANNEL    cross-channel stitching is off and the parent is of another channel
//   THREAD_FULL      the parent's thread already holds the policy's maxThreadSize interactions
//   THREAD_ID_TAKEN  another thread holds $externalThreadId (only the thread continued may hand it over)
// A new interaction cannot close a cycle: it has no descendants. On OK it also marks the transferred
// interaction TRANSFERRED, links its agents, records the answer on its idempotency keys, and records
// the thread's events in this same transaction (the outbox): interaction.created (with $stitch, the
// decision), then interaction.transferred for a transfer, then thread.reopened when it reopened a
// CLOSED thread, each numbered by the thread's own counter (threadSeq), which this statement
// advances on the thread it holds locked. A new thread that continues a full one ($continuesThreadId,
// locked as $threadId) also records thread.continued on the full thread (naming its continuation and
// the CRM thread id it handed over, if any), and the new thread's interaction.created follows it.
// They are :PendingEvent until the sequencer numbers them.
// Returns what changed: threadCreated, threadReopened, and how many events it recorded.
OPTIONAL MATCH (policy:StitchingPolicy)
  USING TEXT INDEX policy:StitchingPolicy(tenant)
  WHERE policy.tenant = toString($tenant)
WITH policy,
     coalesce(CASE WHEN policy IS NULL THEN null ELSE coalesce(policy.version, 0) END, -1) = coalesce($policyVersion, -1) AS policyCurrent,
     coalesce(policy.maxDepth, $defaults.maxDepth) AS maxDepth,
     coalesce(policy.maxThreadSize, $defaults.maxThreadSize) AS maxThreadSize,
     coalesce(policy.crossChannel, $defaults.crossChannel) AS crossChannel
OPTIONAL MATCH (t0:Thread {tenant: $tenant, id: $threadId})
FOREACH (_ IN CASE WHEN t0 IS NULL THEN [] ELSE [1] END | SET t0:Thread)
WITH policy, policyCurrent, maxDepth, maxThreadSize, crossChannel
OPTIONAL MATCH (pt:Thread {tenant: $tenant, id: $threadId})
OPTIONAL MATCH (parent:Interaction {tenant: $tenant, id: $parentId})
OPTIONAL MATCH (source:Interaction {tenant: $tenant, id: $transferFromId})
OPTIONAL MATCH (holder:Thread {tenant: $tenant, externalThreadId: $externalThreadId})
WITH policy, policyCurrent, maxDepth, maxThreadSize, crossChannel, pt, parent, source, holder,
     EXISTS { MATCH (:Interaction {tenant: $tenant, id: $props.id}) } AS idTaken,
     COUNT { MATCH (x:Interaction {tenant: $tenant, threadId: pt.id}) } AS size
WITH policy, pt, parent, source, holder, CASE
       WHEN NOT policyCurrent THEN 'POLICY_CHANGED'
       WHEN idTaken THEN 'ID_TAKEN'
       WHEN $parentId IS NOT NULL AND parent IS NULL THEN 'PARENT_NOT_FOUND'
       WHEN $transferFromId IS NOT NULL AND source IS NULL THEN 'PARENT_NOT_FOUND'
       WHEN parent IS NOT NULL AND NOT coalesce(parent.threadId = pt.id, false) THEN 'MOVED'
       WHEN source IS NOT NULL AND NOT coalesce(source.threadId = pt.id, false) THEN 'MOVED'
       WHEN source.endedAt IS NOT NULL THEN 'TRANSFER_ENDED'
       WHEN parent IS NOT NULL AND $requestedParentId IS NOT NULL
            AND NOT EXISTS { MATCH (parent)-[:PARENT_OF*0..19]->(:Interaction {tenant: $tenant, id: $requestedParentId}) } THEN 'NOT_ANCESTOR'
       WHEN parent.depth >= maxDepth THEN 'MAX_DEPTH'
       WHEN NOT crossChannel AND parent.type <> $props.type THEN 'CROSS_CHANNEL'
       WHEN parent IS NOT NULL AND size >= maxThreadSize THEN 'THREAD_FULL'
       WHEN holder IS NOT NULL AND (parent IS NOT NULL OR holder.id <> coalesce($continuesThreadId, '')) THEN 'THREAD_ID_TAKEN'
       ELSE 'OK'
     END AS verdict,
     pt.status = 'CLOSED' AS wasClosed, pt.closedAt AS previousClosedAt
CALL (verdict, pt, parent, source, holder) {
  WITH verdict, pt, parent, source, holder
  WHERE verdict = 'OK'
  CREATE (i:Interaction $props)
  SET i.tenant = $tenant,
      i.startedAt = datetime($startedAt),
      i.createdAt = datetime(),
      i.state = 'ACTIVE',
      i.depth = coalesce(parent.depth + 1, 1),
      i.threadId = CASE WHEN parent IS NULL THEN $newThreadId ELSE pt.id END,
      i.stitchReason = $reason,
      i.requestedParentId = $requestedParentId
  // A full CRM thread hands its id over to the thread that continues it.
  FOREACH (_ IN CASE WHEN holder IS NULL THEN [] ELSE [1] END | REMOVE holder.externalThreadId)
  FOREACH (_ IN CASE WHEN parent IS NULL THEN [1] ELSE [] END |
    CREATE (:Thread {tenant: $tenant, id: $newThreadId, rootId: i.id, externalId: i.externalId,
                     externalThreadId: $externalThreadId, continuesThreadId: $continuesThreadId,
                     status: 'OPEN', startedAt: i.startedAt, channels: [i.type], createdAt: datetime(), updatedAt: datetime()})
  )
  FOREACH (_ IN CASE WHEN parent IS NULL THEN [] ELSE [1] END |
    CREATE (parent)-[:PARENT_OF {reason: $reason, createdAt: datetime(), requestedParentId: $requestedParentId}]->(i)
    SET pt.reopenedAt = CASE WHEN pt.status = 'CLOSED' THEN datetime() ELSE pt.reopenedAt END,
        pt.status = 'OPEN',
        pt.closedAt = null,
        pt.updatedAt = datetime(),
        pt.channels = CASE WHEN i.type IN pt.channels THEN pt.channels ELSE pt.channels + i.type END,
        pt.startedAt = CASE WHEN i.startedAt < pt.startedAt THEN i.startedAt ELSE pt.startedAt END
  )
  FOREACH (_ IN CASE WHEN source IS NULL THEN [] ELSE [1] END | SET source.state = 'TRANSFERRED')
  FOREACH (agentId IN $agentIds |
    MERGE (agent:Agent {tenant: $tenant, id: agentId})
    CREATE (agent)-[:HANDLED]->(i)
  )
  FOREACH (claimKey IN $claimKeys |
    MERGE (k:IdempotencyKey {tenant: $tenant, key: claimKey})
    SET k.hash = $hash, k.result = $result, k.interactionId = i.id, k.createdAt = datetime()
  )
}
WITH policy, verdict, wasClosed, previousClosedAt, pt, holder IS NOT NULL AS tookOver
OPTIONAL MATCH (i:Interaction {tenant: $tenant, id: $props.id})
  WHERE verdict = 'OK'
OPTIONAL MATCH (t:Thread {tenant: $tenant, id: i.threadId})
OPTIONAL MATCH (p:Interaction {tenant: $tenant})-[:PARENT_OF]->(i)
WITH policy, verdict, i, t, p, verdict = 'OK' AND p IS NOT NULL AND coalesce(wasClosed, false) AS reopened, previousClosedAt,
     CASE WHEN verdict = 'OK' AND p IS NULL AND $continuesThreadId IS NOT NULL AND pt.id = $continuesThreadId THEN pt END AS continued,
     tookOver
// The outbox, first on the full thread a new thread continues (locked as $threadId): thread.continued.
OPTIONAL CALL (i, t, continued, tookOver) {
  WITH i, t, continued, tookOver
  WHERE continued IS NOT NULL AND t IS NOT NULL
  WITH i, t, continued, tookOver, coalesce(continued.eventSeq, 0) + 1 AS seq
  SET continued.eventSeq = seq
  CREATE (e:ThreadEvent:PendingEvent)
  SET e = {type: 'thread.continued', continuedByThreadId: t.id, continuedByInteractionId: i.id,
           handedOverThreadId: CASE WHEN tookOver THEN $externalThreadId END, threadStatus: continued.status,
           threadRootId: continued.rootId, threadExternalId: continued.externalId, externalThreadId: continued.externalThreadId},
      e.tenant = $tenant,
      e.id = 'evt_' + replace(randomUUID(), '-', ''),
      e.version = 1,
      e.occurredAt = datetime(),
      e.threadId = continued.id,
      e.threadSeq = seq
  RETURN continued.id AS afterThreadId, seq AS afterThreadSeq
}
// Then this change's events, numbered on the thread of the new interaction (locked, or new).
OPTIONAL CALL (i, t, p, reopened, previousClosedAt, afterThreadId, afterThreadSeq) {
  WITH i, t, p, reopened, previousClosedAt, afterThreadId, afterThreadSeq
  WHERE t IS NOT NULL
  OPTIONAL MATCH (src:Interaction {tenant: $tenant, id: $transferFromId})
  WITH t, coalesce(t.eventSeq, 0) AS base, [
    {type: 'interaction.created', interactionId: i.id, channel: i.type, externalId: i.externalId, state: i.state,
     startedAt: i.startedAt, depth: i.depth, parentId: p.id, requestedParentId: i.requestedParentId, subject: i.subject,
     participants: i.participants, stitch: $stitch, threadCreated: p IS NULL, threadStatus: t.status, threadRootId: t.rootId,
     threadExternalId: t.externalId, externalThreadId: t.externalThreadId, continuesThreadId: t.continuesThreadId,
     afterThreadId: afterThreadId, afterThreadSeq: afterThreadSeq},
    CASE WHEN src IS NOT NULL THEN
      {type: 'interaction.transferred', interactionId: src.id, channel: src.type, state: src.state,
       toInteractionId: i.id, toChannel: i.type, threadStatus: t.status, threadRootId: t.rootId, threadExternalId: t.externalId}
    END,
    CASE WHEN reopened THEN
      {type: 'thread.reopened', reopenedById: i.id, cause: 'interaction.created', previousClosedAt: previousClosedAt,
       threadStatus: t.status, threadRootId: t.rootId, threadExternalId: t.externalId, externalThreadId: t.externalThreadId}
    END
  ] AS all
  WITH t, base, [x IN all WHERE x IS NOT NULL] AS events
  SET t.eventSeq = base + size(events)
  WITH t, base, events
  UNWIND range(0, size(events) - 1) AS k
  CREATE (e:ThreadEvent:PendingEvent)
  SET e = events[k],
      e.tenant = $tenant,
      e.id = 'evt_' + replace(randomUUID(), '-', ''),
      e.version = 1,
      e.occurredAt = datetime(),
      e.threadId = t.id,
      e.threadSeq = base + k + 1
  RETURN count(e) AS recorded
}
RETURN verdict,
       i { .*, parentId: p.id } AS interaction,
       t { .* } AS thread,
       policy { .* } AS policy,
       verdict = 'OK' AND p IS NULL AS threadCreated,
       reopened AS threadReopened,
       coalesce(recorded, 0) + CASE WHEN afterThreadSeq IS NULL THEN 0 ELSE 1 END AS eventsRecorded
