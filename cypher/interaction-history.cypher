// The audit trail of interactions by id: the explicit links and corrections that moved each one,
// newest first, at most $limit per interaction; one row per id that has any.
// :param tenant => 'acme'
// :param ids => ['b2']
// :param limit => 100
UNWIND $ids AS id
CALL (id) {
  MATCH (c:Correction {tenant: $tenant, interactionId: id})
  WITH c ORDER BY c.at DESC, c.id DESC LIMIT toInteger($limit)
  RETURN collect(c { .* }) AS history
}
WITH id, history
WHERE size(history) > 0
RETURN id, history
