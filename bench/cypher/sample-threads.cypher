// The threads of the given customers that have between $minSize and $maxSize interactions: the
// typical thread an agent desktop opens.
UNWIND $customers AS customer
MATCH (t:Thread {tenant: $tenant, externalId: customer})
WITH t, COUNT { MATCH (i:Interaction {tenant: $tenant, threadId: t.id}) } AS size
WHERE size >= $minSize AND size <= $maxSize
RETURN t.id AS id, t.externalId AS customer, size
