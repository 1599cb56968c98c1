// Threads by id with their aggregates, for the caller's tenant only: one short row per thread
// found, for selections that need size, depth, endedAt or handle time but no interaction (a
// gateway's _entities batch, a list row). The same bounded walk as walk-threads.cypher finds the
// interactions, but the database counts and sums them: no interaction leaves it.
// Handle time per interaction as model/interaction.ts handleTimeOf gives it: null while live; else
// talk + hold + after-call work when any of them is a stored duration in 0..$maxSeconds (a
// comparison with anything that is not a number is null, so such a value counts as unknown); else
// end minus start, never below 0. Kept in step with list-threads.cypher, which sums the same way.
// :param tenant => 'acme'
// :param ids => ['thr-1']
// :param maxSeconds => 2592000
UNWIND $ids AS id
MATCH (t:Thread {tenant: $tenant, id: id})
CALL (t) {
  OPTIONAL MATCH (:Interaction {tenant: $tenant, id: t.rootId})-[:PARENT_OF*0..19]->(i:Interaction)
  WHERE i.tenant = $tenant
  WITH DISTINCT i
  WITH i, [x IN [i.talkSeconds, i.holdSeconds, i.afterCallWorkSeconds] WHERE x >= 0 AND x <= $maxSeconds] AS parts
  WITH i, CASE
         WHEN i.endedAt IS NULL THEN null
         WHEN size(parts) > 0 THEN reduce(s = 0, x IN parts | s + x)
         ELSE CASE WHEN i.endedAt.epochMillis >= i.startedAt.epochMillis
                   THEN (i.endedAt.epochMillis - i.startedAt.epochMillis) / 1000.0 ELSE 0.0 END
       END AS seconds
  WITH i.type AS channel, count(i) AS interactions, sum(coalesce(seconds, 0)) AS seconds, max(i.depth) AS depth,
       min(i.startedAt.epochMillis) AS firstStart, max(i.endedAt.epochMillis) AS lastEnd, count(i.endedAt) AS ended
  RETURN sum(interactions) AS size, max(depth) AS depth, sum(seconds) AS totalSeconds, min(firstStart) AS firstStart,
         max(lastEnd) AS lastEnd, sum(ended) AS ended,
         collect(CASE WHEN interactions > 0 THEN { channel: channel, seconds: seconds, interactions: interactions } END) AS byChannel
}
RETURN t {
    .id, .tenant, .externalId, .externalThreadId, .status, .rootId, .channels, .continuesThreadId,
    startedAt: t.startedAt.epochMillis, closedAt: t.closedAt.epochMillis
  } AS thread,
  { size: size, depth: depth, totalSeconds: totalSeconds, firstStart: firstStart, lastEnd: lastEnd, ended: ended, byChannel: byChannel } AS summary
