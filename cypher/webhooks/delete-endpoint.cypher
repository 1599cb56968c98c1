// Deletes an endpoint (its delivery log is deleted after it, in batches: delete-deliveries).
// :param tenant => 'acme'
// :param id => 'whep_1'
OPTIONAL MATCH (w:WebhookEndpoint {tenant: $tenant, id: $id})
DETACH DELETE w
RETURN count(w) AS deleted
