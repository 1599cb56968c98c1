// Everything stored about one customer's key ($field = $value), for an access request: every
// interaction carrying it (with its parent), the threads they are in (the Thread nodes, not the
// other interactions of a thread, which may be someone else's; a thread's externalId and CRM thread id
// only when one of these interactions carries them: a thread wrongly stitched may hold another
// person's), and the audit trail of those interactions. Read-only.
// :param tenant => 'acme'
// :param field => 'externalId'
// :param value => 'CUST-992834'
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
  WITH i ORDER BY i.startedAt, i.id
  OPTIONAL MATCH (p:Interaction {tenant: $tenant})-[:PARENT_OF]->(i)
  RETURN collect(i { .*, parentId: p.id }) AS interactions
}
CALL (interactions) {
  WITH interactions, [x IN interactions | x.externalId] AS externalIds, [x IN interactions | x.externalThreadId] AS crmIds
  UNWIND interactions AS x
  MATCH (t:Thread {tenant: $tenant, id: x.threadId})
  WITH DISTINCT t, externalIds, crmIds ORDER BY t.startedAt, t.id
  RETURN collect(t {
    .*,
    externalId: CASE WHEN t.externalId IN externalIds THEN t.externalId END,
    externalThreadId: CASE WHEN t.externalThreadId IN crmIds THEN t.externalThreadId END
  }) AS threads
}
CALL (interactions) {
  UNWIND interactions AS x
  MATCH (c:Correction {tenant: $tenant, interactionId: x.id})
  WITH c ORDER BY c.at DESC, c.id DESC
  RETURN collect(c { .* }) AS history
}
RETURN interactions, threads, history
