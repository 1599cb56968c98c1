// Stitching quality over the interactions of the threads that started in [$from, $to), for one tenant:
//   byReason: interactions per stitch reason recorded on each (NEW_THREAD: it started a thread of
//     its own; THREAD_ID: it joined, or started, the CRM's thread), every reason listed, and its share;
//   orphans: interactions with no parent and no child (alone in their thread), no stitching key
//     (externalId, phoneNumber and email absent or blank) and no CRM thread id, neither erased nor
//     detached: the integrity audit's definition (cypher/audit-orphans.cypher); orphanRate = orphans / interactions;
//   nullParentRate: among interactions that had a key, the share with no parent (roots): the
//     stitching guide's "a high percentage of null parentInteractionId indicates a stitching failure";
//   ambiguousKeyRefusals: interactions the engine refused to auto-stitch because their phone or
//     email key was shared by several customers (an AMBIGUOUS_KEY warning in the stitchResult it
//     recorded); ambiguousKeyRate = those / interactions;
//   followUpThreads: threads the customer came back to within the stitching window, so the engine
//     stitched the return into the thread (an AUTO_STITCH or GRACE_PERIOD interaction in it);
//     followUpRate = those / threads.
// Filters: $channels, $externalId as in volume.cypher. Each thread is walked once from its root
// (bounded: 19 hops), found through the (tenant, startedAt) index.
:param tenant => 'bench-large';
:param from => '2026-10-01T00:00:00Z';
:param to => '2026-10-08T00:00:00Z';
:param channels => null;
:param externalId => null;
MATCH (t:Thread {tenant: $tenant})
WHERE t.startedAt >= datetime($from) AND t.startedAt < datetime($to)
  AND ($channels IS NULL OR any(c IN t.channels WHERE c IN $channels))
  AND ($externalId IS NULL OR t.externalId = $externalId)
MATCH p = (:Interaction {tenant: $tenant, id: t.rootId})-[:PARENT_OF*0..19]->(i:Interaction)
WHERE i.tenant = $tenant
WITH t, i, length(p) = 0 AS root,
     trim(coalesce(i.externalId, '')) <> '' OR trim(coalesce(i.phoneNumber, '')) <> '' OR trim(coalesce(i.email, '')) <> '' AS keyed
WITH i.stitchReason AS reason,
     count(i) AS n,
     sum(CASE WHEN root AND NOT keyed AND t.externalThreadId IS NULL AND NOT EXISTS { (i)-[:PARENT_OF]->() }
                   AND i.erasedAt IS NULL AND i.detachedAt IS NULL THEN 1 ELSE 0 END) AS orphans,
     sum(CASE WHEN keyed THEN 1 ELSE 0 END) AS keyed,
     sum(CASE WHEN keyed AND root THEN 1 ELSE 0 END) AS keyedRoots,
     sum(CASE WHEN coalesce(i.stitchResult, '') CONTAINS '"AMBIGUOUS_KEY"' THEN 1 ELSE 0 END) AS ambiguous,
     sum(CASE WHEN root THEN 1 ELSE 0 END) AS threads,
     collect(DISTINCT CASE WHEN i.stitchReason IN ['AUTO_STITCH', 'GRACE_PERIOD'] THEN t.id END) AS followedUp
WITH collect({reason: reason, n: n}) AS counted, sum(n) AS interactions, sum(orphans) AS orphans, sum(keyed) AS keyed,
     sum(keyedRoots) AS keyedRoots, sum(ambiguous) AS ambiguous, sum(threads) AS threads, collect(followedUp) AS followedUp
// A thread with both an AUTO_STITCH and a GRACE_PERIOD interaction is in both lists: count it once.
CALL {
  WITH followedUp
  UNWIND followedUp AS ids
  UNWIND ids AS id
  RETURN count(DISTINCT id) AS followUpThreads
}
RETURN interactions,
       [r IN ['NEW_THREAD', 'AUTO_STITCH', 'GRACE_PERIOD', 'EXPLICIT', 'TRANSFER', 'THREAD_ID'] |
         {reason: r, interactions: coalesce(head([c IN counted WHERE c.reason = r | c.n]), 0),
          share: CASE WHEN interactions = 0 THEN null ELSE toFloat(coalesce(head([c IN counted WHERE c.reason = r | c.n]), 0)) / interactions END}] AS byReason,
       orphans,
       CASE WHEN interactions = 0 THEN null ELSE toFloat(orphans) / interactions END AS orphanRate,
       keyed AS keyedInteractions,
       keyedRoots AS keyedWithoutParent,
       CASE WHEN keyed = 0 THEN null ELSE toFloat(keyedRoots) / keyed END AS nullParentRate,
       ambiguous AS ambiguousKeyRefusals,
       CASE WHEN interactions = 0 THEN null ELSE toFloat(ambiguous) / interactions END AS ambiguousKeyRate,
       followUpThreads,
       CASE WHEN threads = 0 THEN null ELSE toFloat(followUpThreads) / threads END AS followUpRate
