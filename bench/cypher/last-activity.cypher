// Each customer's last activity (the latest end, or start of a live one), so a follow-up can start
// after it and inside the stitching window.
UNWIND $customers AS customer
MATCH (i:Interaction {tenant: $tenant, externalId: customer})
WITH customer, max(coalesce(i.endedAt, i.startedAt)) AS last
RETURN customer, toString(last) AS last
