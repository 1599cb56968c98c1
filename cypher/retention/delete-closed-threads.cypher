// Deletes threads of $tenant closed before $before (RETENTION_DAYS ago) with everything in them: their
// interactions, PARENT_OF and HANDLED edges, the corrections of those interactions and the idempotency
// keys that answered with them; their thread events are kept, without the personal fields they copied. A batch takes at most $limit candidate threads, locks them, reads each
// again (a thread a create reopened, or stitched into, meanwhile is kept) and deletes the first ones
// whose interactions add up to at most $limit (always one at least: a thread is never split across
// transactions, so it holds at most the policy's maxThreadSize). Safe to run from several replicas:
// a thread another sweep deleted first makes this transaction run again, without it.
// Returns how many threads and interactions went, and the keys those interactions carried (their
// StitchLocks go next, once nothing carries them).
// :param tenant => 'acme'
// :param before => '2026-08-21T10:00:00Z'
// :param limit => 500
MATCH (t:Thread)
  USING INDEX t:Thread(tenant, closedAt)
  WHERE t.tenant = $tenant AND t.closedAt < datetime($before)
WITH t.id AS id
ORDER BY id
LIMIT toInteger($limit)
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
  }
  WITH x, x { .externalId, .phoneNumber, .email } AS keys
  DETACH DELETE x
  RETURN count(*) AS interactions, collect(keys) AS keys
}
WITH t, interactions, keys, t.externalThreadId AS crmId
CALL (t) {
  MATCH (e:ThreadEvent {tenant: $tenant, threadId: t.id})
  WHERE e.threadSeq IS NOT NULL
  REMOVE e.threadExternalId, e.externalThreadId
}
DETACH DELETE t
RETURN count(*) AS threads, sum(interactions) AS interactions, reduce(acc = [], ks IN collect(keys) | acc + ks) AS keys,
       collect(crmId) AS crmIds
