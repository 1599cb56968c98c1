// A job across tenants: gives up every lease $owner holds (a replica stopping cleanly), so another
// replica takes its endpoints at its next claim instead of after the lease expires.
// :param owner => 'replica-1'
MATCH (w:WebhookEndpoint)
  WHERE w.leaseOwner = $owner
SET w.leaseOwner = null, w.leaseUntil = null
RETURN count(w) AS released
