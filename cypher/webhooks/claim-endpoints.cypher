// A job across tenants: renews the leases this replica ($owner) holds on enabled endpoints, and
// claims up to $claimLimit enabled endpoints whose lease is free or expired. Each is locked (in
// tenant and id order), then read again under the lock, so two replicas never both claim one; the
// lease runs $leaseMs on the database's clock. Returns the endpoints this replica holds now: it
// delivers for exactly these until its next renewal.
// :param owner => 'replica-1'
// :param leaseMs => 30000
// :param claimLimit => 16
CALL () {
  MATCH (w:WebhookEndpoint)
    WHERE w.leaseOwner = $owner
  RETURN w
  UNION
  MATCH (w:WebhookEndpoint)
    WHERE w.status = 'ENABLED' AND (w.leaseUntil IS NULL OR w.leaseUntil < datetime())
  WITH w LIMIT toInteger($claimLimit)
  RETURN w
}
WITH w ORDER BY w.tenant, w.id
SET w:WebhookEndpoint
WITH w.tenant AS tenant, w.id AS id
MATCH (w:WebhookEndpoint {tenant: tenant, id: id})
  WHERE w.status = 'ENABLED' AND (w.leaseOwner = $owner OR w.leaseUntil IS NULL OR w.leaseUntil < datetime())
SET w.leaseOwner = $owner,
    w.leaseUntil = datetime() + duration({milliseconds: $leaseMs})
RETURN w.tenant AS tenant, w.id AS id
