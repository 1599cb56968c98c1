// Agents over the threads that started in [$from, $to), for one tenant: for each agent who handled
// any of their interactions ((:Agent)-[:HANDLED]->(:Interaction), one edge per AGENT participant),
// the interactions handled, the distinct threads, the handle time of those interactions (the rule of
// handle-time.cypher; an interaction with two agents counts in full for each) and its mean per ended
// interaction. The top $top agents by handle time (then interactions, then id), and how many agents
// there were. Filters: $channels, $externalId as in volume.cypher. Threads come from the
// (tenant, startedAt) index; each is walked from its root (bounded: 19 hops).
:param tenant => 'bench-large';
:param from => '2026-10-01T00:00:00Z';
:param to => '2026-10-08T00:00:00Z';
:param top => 10;
:param channels => null;
:param externalId => null;
MATCH (t:Thread {tenant: $tenant})
WHERE t.startedAt >= datetime($from) AND t.startedAt < datetime($to)
  AND ($channels IS NULL OR any(c IN t.channels WHERE c IN $channels))
  AND ($externalId IS NULL OR t.externalId = $externalId)
MATCH (:Interaction {tenant: $tenant, id: t.rootId})-[:PARENT_OF*0..19]->(i:Interaction)<-[:HANDLED]-(a:Agent)
WHERE i.tenant = $tenant AND a.tenant = $tenant
WITH t, i, a,
     CASE
       WHEN i.endedAt IS NULL THEN 0.0
       WHEN i.talkSeconds IS NULL AND i.holdSeconds IS NULL AND i.afterCallWorkSeconds IS NULL
         THEN CASE WHEN i.endedAt > i.startedAt THEN duration.inSeconds(i.startedAt, i.endedAt).milliseconds / 1000.0 ELSE 0.0 END
       ELSE toFloat(coalesce(i.talkSeconds, 0) + coalesce(i.holdSeconds, 0) + coalesce(i.afterCallWorkSeconds, 0))
     END AS seconds
WITH a.id AS agentId, count(i) AS interactions, count(i.endedAt) AS ended, count(DISTINCT t) AS threads, sum(seconds) AS seconds
ORDER BY seconds DESC, interactions DESC, agentId
WITH collect({agentId: agentId, interactions: interactions, threads: threads, handleTimeSeconds: seconds,
              meanHandleTimeSeconds: CASE WHEN ended = 0 THEN null ELSE seconds / ended END}) AS ranked
RETURN size(ranked) AS agents, ranked[0..toInteger($top)] AS top
