// Floor of a gateway's _entities batch of Thread representations asking for id, size and
// handleTime { totalSeconds }: one short row per thread found, counted and summed in the database
// from the (tenant, threadId) index.
// :param tenant => 'bench-small'
// :param ids => ['thr-3', 'thr-5']
UNWIND $ids AS id
MATCH (t:Thread {tenant: $tenant, id: id})
CALL (t) {
  MATCH (i:Interaction {tenant: $tenant, threadId: t.id})
  RETURN count(i) AS size,
         sum(CASE
           WHEN i.endedAt IS NULL THEN 0
           WHEN i.talkSeconds IS NULL AND i.holdSeconds IS NULL AND i.afterCallWorkSeconds IS NULL
             THEN (i.endedAt.epochMillis - i.startedAt.epochMillis) / 1000.0
           ELSE coalesce(i.talkSeconds, 0) + coalesce(i.holdSeconds, 0) + coalesce(i.afterCallWorkSeconds, 0)
         END) AS totalSeconds
}
RETURN t.id AS id, size, totalSeconds
