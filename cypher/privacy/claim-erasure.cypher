// The first statement of an erasure: locks what the erasure of one customer's key depends on, then
// reads it under the locks. The locks, in the order every write takes them: the StitchLocks of the key
// ($lockKeys, sorted: a create carrying the key takes the same ones, so none can slip in unseen), the
// CRM thread ids of the threads of the key's interactions, then those threads, in id order. Then it
// reads the key's interactions again: `stable` is false when one of them is in a thread it did not
// lock (a link or a detach moved it meanwhile), and the caller runs again.
// Returns the key's interactions (id, thread, participants: the caller redacts them; their other
// keys, whose StitchLocks go too once no interaction carries them), `stable`, and
// the latest erasure receipt of this key's hash, so a repeated request is recognised.
// :param tenant => 'acme'
// :param lockKeys => ['COMPOSITE:CUST-992834', 'EXTERNAL_ID:CUST-992834']
// :param field => 'externalId'
// :param value => 'CUST-992834'
// :param keyHash => 'b5d4...'
CALL () {
  UNWIND $lockKeys AS lockKey
  MERGE (lock:StitchLock {tenant: $tenant, key: lockKey})
  SET lock:StitchLock
  RETURN count(lock) AS keysLocked
}
CALL () {
  CALL () {
    MATCH (i:Interaction)
      USING INDEX i:Interaction(tenant, externalId, startedAt)
      WHERE i.tenant = $tenant AND i.externalId = $value AND i.startedAt IS NOT NULL AND $field = 'externalId'
    RETURN i
    UNION
    MATCH (i:Interaction)
      USING INDEX i:Interaction(tenant, phoneNumber, startedAt)
      WHERE i.tenant = $tenant AND i.phoneNumber = $value AND i.startedAt IS NOT NULL AND $field = 'phoneNumber'
    RETURN i
    UNION
    MATCH (i:Interaction)
      USING INDEX i:Interaction(tenant, email, startedAt)
      WHERE i.tenant = $tenant AND i.email = $value AND i.startedAt IS NOT NULL AND $field = 'email'
    RETURN i
  }
  RETURN collect(DISTINCT i.threadId) AS threadIds
}
CALL (threadIds) {
  UNWIND threadIds AS threadId
  MATCH (t:Thread {tenant: $tenant, id: threadId})
    WHERE t.externalThreadId IS NOT NULL
  WITH DISTINCT t.externalThreadId AS crmId ORDER BY crmId
  MERGE (lock:StitchLock {tenant: $tenant, key: 'THREAD:' + crmId})
  SET lock:StitchLock
  RETURN collect(crmId) AS crmLocked
}
CALL (threadIds) {
  UNWIND threadIds AS threadId
  MATCH (t:Thread {tenant: $tenant, id: threadId})
  WITH t ORDER BY t.id
  SET t:Thread
  RETURN collect(t.id) AS locked, collect(t.externalThreadId) AS crmIds
}
CALL () {
  CALL () {
    MATCH (i:Interaction)
      USING INDEX i:Interaction(tenant, externalId, startedAt)
      WHERE i.tenant = $tenant AND i.externalId = $value AND i.startedAt IS NOT NULL AND $field = 'externalId'
    RETURN i
    UNION
    MATCH (i:Interaction)
      USING INDEX i:Interaction(tenant, phoneNumber, startedAt)
      WHERE i.tenant = $tenant AND i.phoneNumber = $value AND i.startedAt IS NOT NULL AND $field = 'phoneNumber'
    RETURN i
    UNION
    MATCH (i:Interaction)
      USING INDEX i:Interaction(tenant, email, startedAt)
      WHERE i.tenant = $tenant AND i.email = $value AND i.startedAt IS NOT NULL AND $field = 'email'
    RETURN i
  }
  RETURN collect(i { .id, .threadId, .participants, .externalId, .phoneNumber, .email }) AS interactions
}
RETURN interactions,
       all(x IN interactions WHERE x.threadId IN locked) AND all(crmId IN crmIds WHERE crmId IN crmLocked) AS stable,
       head(COLLECT {
         MATCH (r:ErasureReceipt {tenant: $tenant, keyHash: $keyHash})
         RETURN r { .* } ORDER BY r.at DESC, r.id DESC LIMIT 1
       }) AS receipt
