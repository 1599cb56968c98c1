// Floor of createInteraction: one raw CREATE of an interaction in one write transaction, no lock,
// no lookup, no thread, no stitching: what "HTTP + one write + commit" costs on this machine. It
// writes into a tenant of its own (the dataset's name with "-floor"), so the datasets stay whole.
// :param tenant => 'bench-small-floor'
// :param id => 'floor-1'
// :param type => 'VOICE'
// :param externalId => 'BENCH-1'
// :param startedAt => '2026-11-21T10:00:00Z'
CREATE (i:Interaction {
  tenant: $tenant, id: $id, type: $type, externalId: $externalId, state: 'ACTIVE', startedAt: datetime($startedAt),
  depth: 1, stitchReason: 'NEW_THREAD', threadId: $id, participants: '[]', metadata: '{}', createdAt: datetime()
})
RETURN i.id AS id, i.depth AS depth, i.stitchReason AS stitchReason
