// The write of an erasure, in the transaction of claim-erasure (which holds the key's StitchLocks, the
// CRM thread ids' and the threads'). For each interaction of $erase that still carries the key
// ($field = $value) it removes the personal data: the keys (externalId, phoneNumber, email, the CRM
// thread id it came with), subject, metadata, the request fingerprint (payloadHash), and it stores
// the participants the caller redacted (non-agent ids replaced); it sets erasedAt. Structure and
// durations stay: ids, type, state, start, end, talk/hold/after-call seconds, depth, edges, agents.
// Their threads: one whose root was erased loses its keys (externalId, externalThreadId); any thread
// whose externalId is the key loses it. Idempotency keys that answered with an erased interaction lose
// their payload hash (a retried request is refused, never re-created); corrections of erased
// interactions, or of their threads, lose their notes; thread events (the outbox) lose the same
// fields, on every thread the erased interactions' events name (absorbed, detached-from and
// continued threads too). Each thread that held an erased interaction records thread.erased (its
// id, root, status and how many of its interactions were erased: no personal data), numbered by the
// thread's counter as every write's events are. The key's StitchLocks, and those of the CRM thread
// ids removed, are deleted: their keys are the personal data. Then the receipt, unless $writeReceipt
// is false (a repeated request that found nothing: the earlier receipt stands).
// Returns how many interactions and threads were erased, and the latest receipt of this key's hash.
// :param tenant => 'acme'
// :param erase => [{id: 'a1', participants: '[{"id":"erased","role":"CUSTOMER","state":null}]'}]
// :param field => 'externalId'
// :param value => 'CUST-992834'
// :param lockKeys => ['COMPOSITE:CUST-992834', 'EXTERNAL_ID:CUST-992834']
// :param keyKind => 'EXTERNAL_ID'
// :param keyHash => 'b5d4...'
// :param receiptId => '9b1f0c9e-0000-4000-8000-000000000004'
// :param by => 'dpo-1'
// :param writeReceipt => true
// :param otherLocks => [{key: 'PHONE_NUMBER:+14155550123', field: 'phoneNumber', value: '+14155550123'}]
CALL () {
  UNWIND $erase AS e
  MATCH (i:Interaction {tenant: $tenant, id: e.id})
    WHERE i[$field] = $value
  WITH e, i, i.externalId AS externalId, i.externalThreadId AS crmId
  SET i.participants = e.participants, i.erasedAt = datetime()
  REMOVE i.externalId, i.phoneNumber, i.email, i.externalThreadId, i.subject, i.metadata, i.payloadHash
  RETURN collect(i.id) AS erasedIds, collect(DISTINCT i.threadId) AS threadIds, collect(i.threadId) AS erasedIn,
         collect(DISTINCT externalId) AS erasedExternalIds, collect(DISTINCT crmId) AS erasedCrmIds
}
CALL (erasedIds, threadIds) {
  UNWIND threadIds AS threadId
  MATCH (t:Thread {tenant: $tenant, id: threadId})
  WITH t, t.rootId IN erasedIds AS rootErased, t.externalThreadId AS crmId
  FOREACH (_ IN CASE WHEN rootErased OR ($field = 'externalId' AND t.externalId = $value) THEN [1] ELSE [] END |
    REMOVE t.externalId
  )
  FOREACH (_ IN CASE WHEN rootErased THEN [1] ELSE [] END | REMOVE t.externalThreadId)
  SET t.updatedAt = datetime()
  RETURN count(t) AS threads, collect(CASE WHEN rootErased AND crmId IS NOT NULL THEN 'THREAD:' + crmId END) AS crmLocks,
         collect(CASE WHEN rootErased THEN crmId END) AS threadCrmIds,
         collect(CASE WHEN rootErased THEN t.id END) AS erasedThreadIds
}
// The outbox holds what the writes recorded: the events of an erased interaction lose its keys,
// subject and participants (redacted as on the interaction), and every event of a thread whose root
// was erased loses the thread's keys. The events themselves stay (the feed's sequence has no gaps).
// The threads an erased interaction's events name (the one it was created in, since absorbed by a
// link or left by a detach, a thread it continued) may hold the keys in events of other interactions
// (thread.closed, thread.continued, ...): every event of those threads loses the erased interactions'
// externalIds and CRM thread ids wherever it holds them.
CALL (erasedIds, threadIds, erasedExternalIds, erasedCrmIds, threadCrmIds) {
  CALL (erasedIds) {
    UNWIND erasedIds AS id
    MATCH (e:ThreadEvent {tenant: $tenant, interactionId: id})
    UNWIND [e.threadId, e.absorbedThreadId, e.fromThreadId, e.continuesThreadId] AS named
    WITH named WHERE named IS NOT NULL
    RETURN collect(DISTINCT named) AS named
  }
  WITH erasedExternalIds + CASE WHEN $field = 'externalId' THEN [$value] ELSE [] END AS keys, erasedCrmIds + threadCrmIds AS crmIds,
       [x IN named WHERE NOT x IN threadIds] + threadIds AS scope
  UNWIND scope AS threadId
  MATCH (e:ThreadEvent {tenant: $tenant, threadId: threadId})
  WHERE e.threadSeq IS NOT NULL
    AND (e.threadExternalId IN keys OR e.externalId IN keys OR e.externalThreadId IN crmIds OR e.handedOverThreadId IN crmIds)
  FOREACH (_ IN CASE WHEN e.threadExternalId IN keys THEN [1] ELSE [] END | REMOVE e.threadExternalId)
  FOREACH (_ IN CASE WHEN e.externalId IN keys THEN [1] ELSE [] END | REMOVE e.externalId)
  FOREACH (_ IN CASE WHEN e.externalThreadId IN crmIds THEN [1] ELSE [] END | REMOVE e.externalThreadId)
  FOREACH (_ IN CASE WHEN e.handedOverThreadId IN crmIds THEN [1] ELSE [] END | REMOVE e.handedOverThreadId)
}
CALL (erasedIds) {
  UNWIND $erase AS x
  MATCH (e:ThreadEvent {tenant: $tenant, interactionId: x.id})
  WHERE x.id IN erasedIds
  SET e.participants = CASE WHEN e.participants IS NULL THEN null ELSE x.participants END
  REMOVE e.externalId, e.subject, e.threadExternalId, e.externalThreadId
}
CALL (erasedThreadIds) {
  UNWIND erasedThreadIds AS threadId
  MATCH (e:ThreadEvent {tenant: $tenant, threadId: threadId})
  WHERE e.threadSeq IS NOT NULL
  REMOVE e.threadExternalId, e.externalThreadId
}
// thread.erased on each thread that held an erased interaction (locked by claim-erasure), after its
// last event: which thread, and how many of its interactions; no personal data.
CALL (threadIds, erasedIn) {
  UNWIND threadIds AS threadId
  MATCH (t:Thread {tenant: $tenant, id: threadId})
  WITH t, coalesce(t.eventSeq, 0) + 1 AS seq, size([x IN erasedIn WHERE x = threadId]) AS erasedCount
  SET t.eventSeq = seq
  CREATE (e:ThreadEvent:PendingEvent)
  SET e = {type: 'thread.erased', erasedCount: erasedCount, threadStatus: t.status, threadRootId: t.rootId},
      e.tenant = $tenant,
      e.id = 'evt_' + replace(randomUUID(), '-', ''),
      e.version = 1,
      e.occurredAt = datetime(),
      e.threadId = t.id,
      e.threadSeq = seq
}
CALL (erasedIds) {
  UNWIND erasedIds AS id
  MATCH (k:IdempotencyKey {tenant: $tenant, interactionId: id})
  REMOVE k.hash
}
// Notes are free text: those of corrections of an erased interaction, or that moved anything into
// or out of one of their threads, may name the customer.
CALL (erasedIds, threadIds) {
  CALL (erasedIds, threadIds) {
    UNWIND erasedIds AS id
    MATCH (c:Correction {tenant: $tenant, interactionId: id})
    RETURN c
    UNION
    UNWIND threadIds AS threadId
    MATCH (c:Correction {tenant: $tenant, fromThreadId: threadId})
    RETURN c
    UNION
    UNWIND threadIds AS threadId
    MATCH (c:Correction {tenant: $tenant, toThreadId: threadId})
    RETURN c
  }
  REMOVE c.note
}
// The erased interactions' other keys (a phone number, an email): their StitchLocks are dropped after
// this transaction, once nothing carries them (drop-stitch-locks.cypher; taking them here, after the
// threads, would break the order creates lock in). Marked here, in the erasure's transaction, so that
// a drop that never ran is done by the next retention sweep: a lock's key must not outlive the data.
CALL () {
  UNWIND $otherLocks AS l
  CREATE (:StaleStitchLock {tenant: $tenant, key: l.key, field: l.field, value: l.value, at: datetime()})
}
CALL (crmLocks) {
  UNWIND $lockKeys + crmLocks AS lockKey
  MATCH (lock:StitchLock {tenant: $tenant, key: lockKey})
  DETACH DELETE lock
}
CALL (erasedIds, threads) {
  WITH erasedIds, threads
  WHERE $writeReceipt
  CREATE (:ErasureReceipt {tenant: $tenant, id: $receiptId, keyKind: $keyKind, keyHash: $keyHash, at: datetime(),
                           by: $by, interactions: size(erasedIds), threads: threads})
}
RETURN size(erasedIds) AS erased,
       threads,
       head(COLLECT {
         MATCH (r:ErasureReceipt {tenant: $tenant, keyHash: $keyHash})
         RETURN r { .* } ORDER BY r.at DESC, r.id DESC LIMIT 1
       }) AS receipt
