// Deletes the StitchLocks of keys no interaction of $tenant carries any more (after an erasure or a
// retention sweep): a lock's key is the customer's key itself. Each $locks entry names the lock and
// the key it stands for ($locks[].field: externalId, phoneNumber or email; THREAD: locks use
// externalThreadId, a Thread's). It runs in a transaction of its own, holding nothing else; a create
// that holds a lock makes it wait, and a lock deleted under a create that waits for it makes that
// create run again, which makes the lock anew: a lock is only a mutex, so nothing is lost.
// The StaleStitchLock marks of these keys (left by the erasure or the retention batch that asked for
// the drop, in their own transaction) go too: the drop is done.
// Returns how many locks went.
// :param tenant => 'acme'
// :param locks => [{key: 'EMAIL:ann@example.com', field: 'email', value: 'ann@example.com'}]
UNWIND $locks AS l
CALL (l) {
  MATCH (m:StaleStitchLock {tenant: $tenant, key: l.key})
  DELETE m
}
WITH l
MATCH (lock:StitchLock {tenant: $tenant, key: l.key})
  WHERE NOT (l.field = 'externalId' AND EXISTS { MATCH (x:Interaction {tenant: $tenant, externalId: l.value}) WHERE x.startedAt IS NOT NULL })
    AND NOT (l.field = 'phoneNumber' AND EXISTS { MATCH (x:Interaction {tenant: $tenant, phoneNumber: l.value}) WHERE x.startedAt IS NOT NULL })
    AND NOT (l.field = 'email' AND EXISTS { MATCH (x:Interaction {tenant: $tenant, email: l.value}) WHERE x.startedAt IS NOT NULL })
    AND NOT (l.field = 'externalThreadId' AND EXISTS { MATCH (:Thread {tenant: $tenant, externalThreadId: l.value}) })
DETACH DELETE lock
RETURN count(*) AS dropped
