// The audit trail of threads by id: every explicit link and correction that moved interactions into
// or out of each one (a link into it, a link that absorbed it, a detach out of it or that made it),
// newest first, at most $limit per thread; one row per id that has any.
// :param tenant => 'acme'
// :param ids => ['t1']
// :param limit => 100
UNWIND $ids AS id
CALL (id) {
  CALL (id) {
    MATCH (c:Correction {tenant: $tenant, fromThreadId: id})
    RETURN c
    UNION
    MATCH (c:Correction {tenant: $tenant, toThreadId: id})
    RETURN c
  }
  WITH c ORDER BY c.at DESC, c.id DESC LIMIT toInteger($limit)
  RETURN collect(c { .* }) AS history
}
WITH id, history
WHERE size(history) > 0
RETURN id, history
