// Deletes threads of $tenant closed before $before (RETENTION_DAYS ago) with everything in them: their
// interactions, PARENT_OF and HANDLED edges, the corrections of those interactions and the idempotency
// keys that answered with them. Thread events are kept (the feed's sequence has no gaps) without the
// personal fields they copied: the events of the deleted interactions and threads, and, on the threads
// those interactions' events name that are gone too (absorbed by a link), the deleted interactions'
// externalIds and CRM thread ids; a thread.continued naming a deleted thread loses the CRM thread id it
// handed over. Each deleted thread records thread.deleted (its id, root, closedAt and how many
// interactions went), numbered after its last event. A batch takes the $limit threads closed longest
// ago, locks them in id order, reads each again (a thread a create reopened, or stitched into,
// meanwhile is kept) and deletes the first ones whose interactions add up to at most $limit (always
// one at least: a thread is never split across transactions, so it holds at most the policy's
// maxThreadSize). Safe to run from several replicas: a thread that a create reopened meanwhile, or
// that another sweep deleted before this one looked, is left out of the batch (which may then delete
// none of those it picked); one deleted while this batch waited for its lock makes the transaction
// run again.
// Returns how many threads it picked (0: nothing is due), how many threads and interactions went, and
// the StitchLocks it marked stale (of the keys the deleted interactions carried and of the CRM thread
// ids): they go next, once nothing carries them.
// :param tenant => 'acme'
// :param before => '2026-08-21T10:00:00Z'
// :param limit => 500
CALL () {
  MATCH (t:Thread)
    USING INDEX t:Thread(tenant, closedAt)
    WHERE t.tenant = $tenant AND t.closedAt < datetime($before)
  WITH t ORDER BY t.closedAt LIMIT toInteger($limit)
  WITH t.id AS id ORDER BY id
  RETURN collect(id) AS picked
}
CALL (picked) {
  UNWIND picked AS id
  MATCH (locked:Thread {tenant: $tenant, id: id})
  SET locked:Thread
  WITH id
  MATCH (t:Thread {tenant: $tenant, id: id})
    WHERE t.status = 'CLOSED' AND t.closedAt < datetime($before)
  CALL (t) {
    RETURN COUNT { MATCH (x:Interaction {tenant: $tenant, threadId: t.id}) } AS size
  }
  WITH collect({thread: t, size: size}) AS due
  WITH [k IN range(0, size(due) - 1) WHERE k = 0 OR reduce(s = 0, d IN due[0..k + 1] | s + d.size) <= $limit | due[k].thread] AS chosen
  UNWIND chosen AS t
  CALL (t) {
    MATCH (x:Interaction {tenant: $tenant, threadId: t.id})
    CALL (x) {
      MATCH (k:IdempotencyKey {tenant: $tenant, interactionId: x.id})
      DETACH DELETE k
    }
    CALL (x) {
      MATCH (c:Correction {tenant: $tenant, interactionId: x.id})
      DETACH DELETE c
    }
    // Thread events stay (the feed's sequence has no gaps) but lose the personal fields they copied.
    CALL (x) {
      MATCH (e:ThreadEvent {tenant: $tenant, interactionId: x.id})
      SET e.participants = CASE WHEN e.participants IS NULL THEN null ELSE '[]' END
      REMOVE e.externalId, e.subject, e.threadExternalId, e.externalThreadId
      WITH e
      UNWIND [e.threadId, e.absorbedThreadId, e.fromThreadId, e.continuesThreadId] AS named
      WITH named WHERE named IS NOT NULL
      RETURN collect(DISTINCT named) AS named
    }
    WITH x, named, x { .externalId, .phoneNumber, .email } AS keys, x.externalThreadId AS crmId
    DETACH DELETE x
    RETURN count(*) AS interactions, collect(keys) AS keys, reduce(acc = [], n IN collect(named) | acc + n) AS named,
           collect(crmId) AS crmIds
  }
  WITH t, interactions, keys, named, crmIds + CASE WHEN t.externalThreadId IS NULL THEN [] ELSE [t.externalThreadId] END AS crmIds,
       t.externalThreadId AS crmId, t.id AS threadId, t.rootId AS rootId, t.closedAt AS closedAt,
       coalesce(t.eventSeq, 0) + 1 AS seq
  CALL (t) {
    MATCH (e:ThreadEvent {tenant: $tenant, threadId: t.id})
    WHERE e.threadSeq IS NOT NULL
    REMOVE e.threadExternalId, e.externalThreadId, e.handedOverThreadId
  }
  DETACH DELETE t
  WITH interactions, keys, named, crmIds, crmId, threadId, rootId, closedAt, seq
  // The other threads the deleted interactions' events name: those gone too (absorbed) lose the deleted
  // interactions' keys wherever they hold them; a thread.continued on one still here loses the CRM
  // thread id it handed over to a deleted thread.
  CALL (named, keys, crmIds, threadId) {
    WITH [k IN keys WHERE k.externalId IS NOT NULL | k.externalId] AS externalIds, crmIds
    UNWIND [n IN named WHERE n <> threadId] AS other
    MATCH (e:ThreadEvent {tenant: $tenant, threadId: other})
      WHERE e.threadSeq IS NOT NULL
    WITH e, externalIds, crmIds, NOT EXISTS { MATCH (:Thread {tenant: $tenant, id: other}) } AS gone
    FOREACH (_ IN CASE WHEN gone AND e.threadExternalId IN externalIds THEN [1] ELSE [] END | REMOVE e.threadExternalId)
    FOREACH (_ IN CASE WHEN gone AND e.externalId IN externalIds THEN [1] ELSE [] END | REMOVE e.externalId)
    FOREACH (_ IN CASE WHEN gone AND e.externalThreadId IN crmIds THEN [1] ELSE [] END | REMOVE e.externalThreadId)
    FOREACH (_ IN CASE WHEN e.handedOverThreadId IN crmIds THEN [1] ELSE [] END | REMOVE e.handedOverThreadId)
  }
  // The StitchLocks of the deleted interactions' keys and of the thread's CRM id go after this
  // transaction, once nothing carries them; marked here so that a drop that never ran is done by the
  // next sweep (retention/stale-stitch-locks.cypher).
  CALL (keys, crmId) {
    UNWIND keys AS k
    UNWIND [
      CASE WHEN k.externalId IS NOT NULL THEN {key: 'COMPOSITE:' + k.externalId, field: 'externalId', value: k.externalId} END,
      CASE WHEN k.externalId IS NOT NULL THEN {key: 'EXTERNAL_ID:' + k.externalId, field: 'externalId', value: k.externalId} END,
      CASE WHEN k.phoneNumber IS NOT NULL THEN {key: 'PHONE_NUMBER:' + k.phoneNumber, field: 'phoneNumber', value: k.phoneNumber} END,
      CASE WHEN k.email IS NOT NULL THEN {key: 'EMAIL:' + k.email, field: 'email', value: k.email} END,
      CASE WHEN crmId IS NOT NULL THEN {key: 'THREAD:' + crmId, field: 'externalThreadId', value: crmId} END
    ] AS l
    WITH DISTINCT l WHERE l IS NOT NULL
    CREATE (:StaleStitchLock {tenant: $tenant, key: l.key, field: l.field, value: l.value, at: datetime()})
    RETURN collect(l) AS locks
  }
  // thread.deleted, after the thread's last event: no personal data.
  CALL (threadId, rootId, closedAt, interactions, seq) {
    CREATE (e:ThreadEvent:PendingEvent)
    SET e = {type: 'thread.deleted', threadStatus: 'CLOSED', threadRootId: rootId, threadClosedAt: closedAt,
             threadSize: interactions},
        e.tenant = $tenant,
        e.id = 'evt_' + replace(randomUUID(), '-', ''),
        e.version = 1,
        e.occurredAt = datetime(),
        e.threadId = threadId,
        e.threadSeq = seq
  }
  RETURN count(*) AS threads, sum(interactions) AS interactions, reduce(acc = [], ls IN collect(locks) | acc + ls) AS locks
}
RETURN size(picked) AS picked, threads, interactions, locks
