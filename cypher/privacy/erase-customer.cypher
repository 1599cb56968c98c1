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
// fields. The key's StitchLocks, and those of the CRM thread ids removed, are
// deleted: their keys are the personal data. Then the receipt, unless $writeReceipt is false (a
// repeated request that found nothing: the earlier receipt stands).
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
CALL () {
  UNWIND $erase AS e
  MATCH (i:Interaction {tenant: $tenant, id: e.id})
    WHERE i[$field] = $value
  SET i.participants = e.participants, i.erasedAt = datetime()
  REMOVE i.externalId, i.phoneNumber, i.email, i.externalThreadId, i.subject, i.metadata, i.payloadHash
  RETURN collect(i.id) AS erasedIds, collect(DISTINCT i.threadId) AS threadIds
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
         collect(CASE WHEN rootErased THEN t.id END) AS erasedThreadIds
}
// The outbox holds what the writes recorded: the events of an erased interaction lose its keys,
// subject and participants (redacted as on the interaction), and every event of a thread whose root
// was erased loses the thread's keys. The events themselves stay (the feed's sequence has no gaps).
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
