// Each customer's last activity (the latest end, or start of a live one), so a follow-up can start
// after it and inside the stitching window. startedAt IS NOT NULL lets the composite index serve.
UNWIND $customers AS customer
CALL (customer) {
  MATCH (i:Interaction {tenant: $tenant, externalId: customer})
  USING INDEX i:Interaction(tenant, externalId, startedAt)
  WHERE i.startedAt IS NOT NULL
  RETURN max(coalesce(i.endedAt, i.startedAt)) AS last
}
RETURN customer, toString(last) AS last
