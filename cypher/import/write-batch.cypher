// The guarded write of an import batch: many customers' new interactions ($rows, in creation order,
// each naming its parent by id and, when the parent is an earlier row, by index), the threads they
// start ($threads), and what they change in existing ones ($updates: interactions ended or whose
// state changed; $threadUpdates: channels, start, reopening, a CRM thread id handed over). Like
// create-interaction.cypher it is the last word on the graph's rules, whatever its caller decided:
// it locks the existing threads it writes to (in id order: a no-op when claim-batch holds them),
// checks every row against what it reads under those locks and against the rows before it, with
// the stored policy's values (the $defaults, DEFAULT_POLICY's, for a tenant that never saved one),
// and writes only when every check passes; otherwise it writes nothing and says why:
//   POLICY_CHANGED     the stored policy is not the version the caller decided with ($policyVersion)
//   per row:  ID_TAKEN (the id exists, or twice in the batch)   PARENT_NOT_FOUND   MOVED (the parent is
//             not in the row's thread, or its thread was not locked)   NOT_ANCESTOR (a re-rooted row's
//             parent is not an ancestor of the requested one)   BAD_DEPTH (not its parent's depth + 1)
//             MAX_DEPTH   CROSS_CHANNEL   ROOT (a root without its new thread)   ENDS_BEFORE_START
//             LIFECYCLE (a state that contradicts the end: ACTIVE exactly while not ended)
//   per thread: THREAD_FULL (more than maxThreadSize interactions)   ID_TAKEN   ROOT
//             THREAD_ID_TAKEN (a CRM thread id held elsewhere, not handed over by the thread continued)
//   per update: NOT_FOUND   MOVED   ALREADY_ENDED   ENDS_BEFORE_START   LIFECYCLE
// (Numbers arrive as floats from JavaScript: indexes and depths go through toInteger.)
// A new interaction cannot close a cycle: it has no descendants. Each thread it touches ends CLOSED
// exactly when all its interactions have ended, closed at their last end (computed here, from the
// interactions, not taken from the caller). It records no thread events: a backfill is history.
// :param tenant => 'acme'
// :param policyVersion => null
// :param defaults => {maxDepth: 5, maxThreadSize: 250, crossChannel: true}
// :param rows => []
// :param threads => []
// :param updates => []
// :param threadUpdates => []
CYPHER replan=skip
OPTIONAL MATCH (policy:StitchingPolicy)
  USING TEXT INDEX policy:StitchingPolicy(tenant)
  WHERE policy.tenant = toString($tenant)
WITH policy,
     coalesce(CASE WHEN policy IS NULL THEN null ELSE coalesce(policy.version, 0) END, -1) = coalesce($policyVersion, -1) AS policyCurrent,
     coalesce(policy.maxDepth, $defaults.maxDepth) AS maxDepth,
     coalesce(policy.maxThreadSize, $defaults.maxThreadSize) AS maxThreadSize,
     coalesce(policy.crossChannel, $defaults.crossChannel) AS crossChannel
CALL () {
  CALL () {
    UNWIND $rows AS r
    MATCH (p:Interaction {tenant: $tenant, id: r.parentId})
      WHERE r.parentIndex < 0
    RETURN p.threadId AS tid
    UNION
    UNWIND $updates AS u
    MATCH (x:Interaction {tenant: $tenant, id: u.id})
    RETURN x.threadId AS tid
    UNION
    UNWIND $threadUpdates AS tu
    RETURN tu.id AS tid
  }
  WITH DISTINCT tid ORDER BY tid
  MATCH (t:Thread {tenant: $tenant, id: tid})
  SET t:Thread
  RETURN collect(t.id) AS locked
}
CALL () {
  UNWIND $rows AS r
  RETURN count(DISTINCT r.id) = size($rows) AS distinctIds
}
CALL (maxDepth, crossChannel, locked) {
  UNWIND range(0, size($rows) - 1) AS k
  WITH k, $rows[k] AS r, maxDepth, crossChannel, locked
  OPTIONAL MATCH (dbp:Interaction {tenant: $tenant, id: r.parentId})
    WHERE r.parentIndex < 0
  WITH k, r, maxDepth, crossChannel, locked, dbp,
       CASE WHEN r.parentIndex >= 0 AND r.parentIndex < k THEN $rows[toInteger(r.parentIndex)] END AS bp,
       CASE WHEN r.threadIndex >= 0 THEN $threads[toInteger(r.threadIndex)] END AS own,
       // A re-rooted row's climb from the requested parent up towards the actual one: through the rows,
       // then the first ancestor in the database (only for re-rooted rows: it is the check's dearest part).
       CASE WHEN r.requestedParentId IS NOT NULL AND r.requestedParentId <> r.parentId THEN
         reduce(s = {idx: r.requestedIndex, id: CASE WHEN r.requestedIndex < 0 THEN r.requestedParentId END}, _ IN range(1, 20) |
           CASE WHEN s.idx >= 0 AND $rows[toInteger(s.idx)].id <> r.parentId
                THEN {idx: $rows[toInteger(s.idx)].parentIndex,
                      id: CASE WHEN $rows[toInteger(s.idx)].parentIndex < 0 THEN $rows[toInteger(s.idx)].parentId END}
                ELSE s END)
       END AS climb
  WITH k, r, maxDepth, crossChannel, locked, dbp, bp, own, climb,
       coalesce(bp.depth, dbp.depth) AS parentDepth,
       coalesce(bp.threadId, dbp.threadId) AS parentThread,
       coalesce(bp.props.type, dbp.type) AS parentType
  WITH k, CASE
         WHEN EXISTS { MATCH (:Interaction {tenant: $tenant, id: r.id}) } THEN 'ID_TAKEN'
         WHEN r.parentId IS NULL AND (own IS NULL OR own.rootId <> r.id OR own.id <> r.threadId OR r.depth <> 1) THEN 'ROOT'
         WHEN r.parentId IS NOT NULL AND r.threadIndex >= 0 THEN 'ROOT'
         WHEN r.parentIndex >= 0 AND (bp IS NULL OR bp.id <> r.parentId) THEN 'PARENT_NOT_FOUND'
         WHEN r.parentId IS NOT NULL AND r.parentIndex < 0 AND dbp IS NULL THEN 'PARENT_NOT_FOUND'
         WHEN dbp IS NOT NULL AND NOT dbp.threadId IN locked THEN 'MOVED'
         WHEN r.parentId IS NOT NULL AND parentThread <> r.threadId THEN 'MOVED'
         WHEN r.parentId IS NOT NULL AND r.requestedParentId IS NOT NULL AND r.requestedParentId <> r.parentId AND NOT (
              (climb.idx >= 0 AND $rows[toInteger(climb.idx)].id = r.parentId)
              OR (dbp IS NOT NULL AND climb.id IS NOT NULL
                  AND EXISTS { MATCH (dbp)-[:PARENT_OF*0..19]->(:Interaction {tenant: $tenant, id: climb.id}) })
            ) THEN 'NOT_ANCESTOR'
         WHEN r.parentId IS NOT NULL AND r.depth <> parentDepth + 1 THEN 'BAD_DEPTH'
         WHEN r.depth > maxDepth THEN 'MAX_DEPTH'
         WHEN r.parentId IS NOT NULL AND NOT crossChannel AND parentType <> r.props.type THEN 'CROSS_CHANNEL'
         WHEN r.endedAt IS NOT NULL AND datetime(r.endedAt) < datetime(r.startedAt) THEN 'ENDS_BEFORE_START'
         WHEN (r.endedAt IS NULL) <> (r.state = 'ACTIVE') OR NOT r.state IN ['ACTIVE', 'HOLD', 'COMPLETED'] THEN 'LIFECYCLE'
         ELSE 'OK'
       END AS verdict
  ORDER BY k
  RETURN collect(verdict) AS rowVerdicts
}
CALL (maxThreadSize) {
  UNWIND $rows AS r
  WITH r.threadId AS tid, count(*) AS added, maxThreadSize
  WITH tid, added, maxThreadSize, COUNT { MATCH (x:Interaction {tenant: $tenant, threadId: tid}) } AS present
    WHERE present + added > maxThreadSize
  RETURN collect({threadId: tid, present: present, added: added}) AS fullThreads
}
CALL () {
  WITH [tu IN $threadUpdates WHERE tu.dropExternalThreadId | tu.id] AS dropping, [th IN $threads WHERE th.continuesThreadId IS NOT NULL | th.continuesThreadId] AS continued
  CALL (dropping) {
    UNWIND range(0, size($threads) - 1) AS j
    WITH j, $threads[j] AS th, dropping
    OPTIONAL MATCH (taken:Thread {tenant: $tenant, id: th.id})
    OPTIONAL MATCH (holder:Thread {tenant: $tenant, externalThreadId: th.externalThreadId})
    WITH j, CASE
           WHEN taken IS NOT NULL THEN 'ID_TAKEN'
           WHEN th.rootIndex < 0 OR th.rootIndex >= size($rows) OR $rows[toInteger(th.rootIndex)].id <> th.rootId
                OR $rows[toInteger(th.rootIndex)].threadIndex <> j THEN 'ROOT'
           WHEN holder IS NOT NULL AND NOT holder.id IN dropping THEN 'THREAD_ID_TAKEN'
           ELSE 'OK'
         END AS verdict
    ORDER BY j
    RETURN collect(verdict) AS threadVerdicts
  }
  CALL (continued) {
    UNWIND range(0, size($threadUpdates) - 1) AS j
    WITH j, $threadUpdates[j] AS tu, continued
    OPTIONAL MATCH (t:Thread {tenant: $tenant, id: tu.id})
    WITH j, CASE
           WHEN t IS NULL THEN 'NOT_FOUND'
           WHEN tu.dropExternalThreadId AND NOT tu.id IN continued THEN 'THREAD_ID_TAKEN'
           ELSE 'OK'
         END AS verdict
    ORDER BY j
    RETURN collect(verdict) AS threadUpdateVerdicts
  }
  RETURN threadVerdicts, threadUpdateVerdicts
}
CALL (locked) {
  UNWIND range(0, size($updates) - 1) AS j
  WITH j, $updates[j] AS u, locked
  OPTIONAL MATCH (x:Interaction {tenant: $tenant, id: u.id})
  WITH j, CASE
         WHEN x IS NULL THEN 'NOT_FOUND'
         WHEN NOT x.threadId IN locked THEN 'MOVED'
         WHEN u.endedAt IS NOT NULL AND x.endedAt IS NOT NULL THEN 'ALREADY_ENDED'
         WHEN u.endedAt IS NOT NULL AND datetime(u.endedAt) < x.startedAt THEN 'ENDS_BEFORE_START'
         WHEN coalesce(u.endedAt, x.endedAt) IS NULL AND NOT u.state IN ['ACTIVE', 'TRANSFERRED'] THEN 'LIFECYCLE'
         WHEN coalesce(u.endedAt, x.endedAt) IS NOT NULL AND NOT u.state IN ['HOLD', 'TRANSFERRED', 'COMPLETED'] THEN 'LIFECYCLE'
         WHEN x.state = 'COMPLETED' AND u.state <> 'COMPLETED' THEN 'LIFECYCLE'
         ELSE 'OK'
       END AS verdict
  ORDER BY j
  RETURN collect(verdict) AS updateVerdicts
}
WITH policy, policyCurrent, distinctIds, rowVerdicts, fullThreads, threadVerdicts, threadUpdateVerdicts, updateVerdicts,
     policyCurrent AND distinctIds AND size(fullThreads) = 0
       AND all(v IN rowVerdicts + threadVerdicts + threadUpdateVerdicts + updateVerdicts WHERE v = 'OK') AS ok
// A full CRM thread hands its id over first: the id is unique among a tenant's threads.
CALL (ok) {
  WITH ok
    WHERE ok
  UNWIND $threadUpdates AS tu
  MATCH (t:Thread {tenant: $tenant, id: tu.id})
  SET t.channels = tu.channels,
      t.startedAt = datetime(tu.startedAt),
      t.reopenedAt = coalesce(datetime(tu.reopenedAt), t.reopenedAt),
      t.updatedAt = datetime()
  FOREACH (_ IN CASE WHEN tu.dropExternalThreadId THEN [1] ELSE [] END | REMOVE t.externalThreadId)
}
CALL (ok) {
  WITH ok
    WHERE ok
  UNWIND $threads AS th
  CREATE (:Thread {tenant: $tenant, id: th.id, rootId: th.rootId, externalId: th.externalId,
                   externalThreadId: th.externalThreadId, continuesThreadId: th.continuesThreadId,
                   status: 'OPEN', startedAt: datetime(th.startedAt), channels: th.channels,
                   reopenedAt: datetime(th.reopenedAt), createdAt: datetime(), updatedAt: datetime()})
}
CALL (ok) {
  WITH ok
    WHERE ok
  CALL () {
    UNWIND range(0, size($rows) - 1) AS k
    WITH k, $rows[k] AS r
    CREATE (i:Interaction)
    SET i = r.props,
        i.tenant = $tenant,
        i.startedAt = datetime(r.startedAt),
        i.endedAt = datetime(r.endedAt),
        i.talkSeconds = r.talkSeconds,
        i.holdSeconds = r.holdSeconds,
        i.afterCallWorkSeconds = r.afterCallWorkSeconds,
        i.createdAt = datetime(),
        i.state = r.state,
        i.depth = toInteger(r.depth),
        i.threadId = r.threadId,
        i.stitchReason = r.stitchReason,
        i.requestedParentId = r.requestedParentId
    FOREACH (agentId IN r.agentIds |
      MERGE (agent:Agent {tenant: $tenant, id: agentId})
      CREATE (agent)-[:HANDLED]->(i)
    )
    WITH k, i ORDER BY k
    RETURN collect(i) AS created
  }
  UNWIND range(0, size($rows) - 1) AS k
  WITH created, k, $rows[k] AS r
    WHERE r.parentId IS NOT NULL
  OPTIONAL MATCH (dbp:Interaction {tenant: $tenant, id: r.parentId})
    WHERE r.parentIndex < 0
  WITH created[k] AS c, r, CASE WHEN r.parentIndex >= 0 THEN created[toInteger(r.parentIndex)] ELSE dbp END AS p
  CREATE (p)-[:PARENT_OF {reason: r.stitchReason, createdAt: datetime(), requestedParentId: r.requestedParentId}]->(c)
}
CALL (ok) {
  WITH ok
    WHERE ok
  UNWIND $updates AS u
  MATCH (x:Interaction {tenant: $tenant, id: u.id})
  SET x.state = u.state
  FOREACH (_ IN CASE WHEN u.endedAt IS NULL THEN [] ELSE [1] END |
    SET x.endedAt = datetime(u.endedAt),
        x.talkSeconds = u.talkSeconds,
        x.holdSeconds = u.holdSeconds,
        x.afterCallWorkSeconds = u.afterCallWorkSeconds
  )
}
// Every thread the batch touched: CLOSED exactly when all its interactions have ended, at the last end.
CALL (ok) {
  WITH ok
    WHERE ok
  CALL () {
    UNWIND $rows AS r
    RETURN r.threadId AS tid
    UNION
    UNWIND $threadUpdates AS tu
    RETURN tu.id AS tid
    UNION
    UNWIND $updates AS u
    MATCH (x:Interaction {tenant: $tenant, id: u.id})
    RETURN x.threadId AS tid
  }
  MATCH (t:Thread {tenant: $tenant, id: tid})
  CALL (t) {
    MATCH (x:Interaction {tenant: $tenant, threadId: t.id})
    RETURN sum(CASE WHEN x.endedAt IS NULL THEN 1 ELSE 0 END) AS active, max(x.endedAt) AS lastEnd
  }
  SET t.status = CASE WHEN active = 0 THEN 'CLOSED' ELSE 'OPEN' END,
      t.closedAt = CASE WHEN active = 0 THEN lastEnd END,
      t.updatedAt = datetime()
}
RETURN CASE WHEN ok THEN 'OK' WHEN NOT policyCurrent THEN 'POLICY_CHANGED' ELSE 'REFUSED' END AS verdict,
       policy { .* } AS policy,
       distinctIds,
       [k IN range(0, size(rowVerdicts) - 1) WHERE rowVerdicts[k] <> 'OK' | {index: k, verdict: rowVerdicts[k]}] AS rows,
       fullThreads,
       [j IN range(0, size(threadVerdicts) - 1) WHERE threadVerdicts[j] <> 'OK' | {index: j, verdict: threadVerdicts[j]}] AS threads,
       [j IN range(0, size(threadUpdateVerdicts) - 1) WHERE threadUpdateVerdicts[j] <> 'OK' | {index: j, verdict: threadUpdateVerdicts[j]}] AS threadUpdates,
       [j IN range(0, size(updateVerdicts) - 1) WHERE updateVerdicts[j] <> 'OK' | {index: j, verdict: updateVerdicts[j]}] AS updates
