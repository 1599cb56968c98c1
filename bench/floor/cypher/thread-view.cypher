// Floor of the agent desktop's thread view (bench/graphql/thread.graphql): one thread by id with
// each interaction's view fields, its edges and the handle-time figures, in one statement. Each
// interaction's handle time is talk + hold + after-call work when any is known, else end minus
// start, null while live; the span runs from the first start to the last end (to now while live).
// Participants and metadata stay JSON text: the floor server picks the view's fields out of them.
// :param tenant => 'bench-small'
// :param id => 'thr-3'
MATCH (t:Thread {tenant: $tenant, id: $id})
MATCH path = (:Interaction {tenant: $tenant, id: t.rootId})-[:PARENT_OF*0..19]->(i:Interaction)
WHERE i.tenant = $tenant
WITH t, i, last(relationships(path)) AS e,
     CASE
       WHEN i.endedAt IS NULL THEN null
       WHEN i.talkSeconds IS NULL AND i.holdSeconds IS NULL AND i.afterCallWorkSeconds IS NULL
         THEN (i.endedAt.epochMillis - i.startedAt.epochMillis) / 1000.0
       ELSE coalesce(i.talkSeconds, 0) + coalesce(i.holdSeconds, 0) + coalesce(i.afterCallWorkSeconds, 0)
     END AS seconds
WITH t,
     collect({
       id: i.id, type: i.type, state: i.state, startedAt: toString(i.startedAt), endedAt: toString(i.endedAt),
       depth: i.depth, stitchReason: i.stitchReason, handleSeconds: seconds, parentId: startNode(e).id,
       participants: i.participants, metadata: i.metadata
     }) AS interactions,
     collect(CASE WHEN e IS NULL THEN null ELSE { parentId: startNode(e).id, childId: i.id, reason: e.reason } END) AS edges,
     sum(coalesce(seconds, 0)) AS totalSeconds,
     min(i.startedAt) AS firstStart,
     max(i.endedAt) AS lastEnd,
     count(i.endedAt) = count(i) AS ended
RETURN t.id AS id, t.status AS status, t.rootId AS rootId, interactions, edges, totalSeconds,
       ((CASE WHEN ended THEN lastEnd ELSE datetime() END).epochMillis - firstStart.epochMillis) / 1000.0 AS spanSeconds,
       [channel IN reduce(seen = [], x IN interactions | CASE WHEN x.type IN seen THEN seen ELSE seen + x.type END) | {
         channel: channel,
         seconds: reduce(s = 0.0, x IN interactions | s + CASE WHEN x.type = channel THEN coalesce(x.handleSeconds, 0) ELSE 0 END),
         interactions: size([x IN interactions WHERE x.type = channel])
       }] AS byChannel,
       ended AS ready
