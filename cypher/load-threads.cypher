// Threads by id, for the caller's tenant only: one row per id found (instants as epoch milliseconds).
// :param tenant => 'acme'
// :param ids => ['thr-1']
UNWIND $ids AS id
MATCH (t:Thread {tenant: $tenant, id: id})
RETURN t {
    .id, .tenant, .externalId, .externalThreadId, .status, .rootId, .channels, .continuesThreadId,
    startedAt: t.startedAt.epochMillis, closedAt: t.closedAt.epochMillis
  } AS thread
