// Deletes up to $limit deliveries of an endpoint (its log, once the endpoint is deleted).
// :param tenant => 'acme'
// :param endpointId => 'whep_1'
// :param limit => 10000
MATCH (d:WebhookDelivery)
  WHERE d.tenant = $tenant AND d.endpointId = $endpointId AND d.createdAt IS NOT NULL
WITH d LIMIT toInteger($limit)
DETACH DELETE d
RETURN count(d) AS deleted
