// The threads of the given customers that have between $minSize and $maxSize interactions: the
// typical thread an agent desktop opens. A composite index is only used with a predicate on each
// of its properties, hence the startedAt and threadId existence checks.
UNWIND $customers AS customer
CALL (customer) {
  MATCH (t:Thread {tenant: $tenant, externalId: customer})
  USING INDEX t:Thread(tenant, externalId, startedAt)
  WHERE t.startedAt IS NOT NULL
  RETURN t
}
WITH t, COUNT { MATCH (i:Interaction {tenant: $tenant, threadId: t.id}) } AS size
WHERE size >= $minSize AND size <= $maxSize
RETURN t.id AS id, t.externalId AS customer, size
