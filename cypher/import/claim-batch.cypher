// The first statement of an import batch (many customers at once). It takes the locks the live
// path takes for each of the batch's records, in the same order, so live writes can run beside an
// import: first the StitchLocks, in key order (every key each record carries, as a create takes them,
// so an erasure by any of them is serialized with the batch; 'THREAD:' + each
// CRM thread id, and the stored key of each interaction the batch ends), then the threads the batch
// decides on, in id order: those of each key's interactions last active within its horizon, of the
// CRM thread ids, of the named parents, of the interactions it ends. Then it reads, under those
// locks, everything the batch's stitching decisions depend on: each locked thread whole (its
// members, their parents), each key's most recent interactions ($scanLimit, started by $keys.maxStart),
// where each CRM thread id, named parent and ended interaction is now (the caller runs again when
// one is outside the locked threads: it moved), which of the batch's ids exist already, and the
// stored policy (through its TEXT index: no lock, see claim-create.cypher).
// The bulky parts (keyed, threads, existing) come back as positional lists with times in epoch
// milliseconds: the JavaScript driver decodes a DateTime or a map many times slower than a number or
// a list, and for a batch of 5,000 that decoding cost more than running the statement
// (src/importer/claim.ts turns them back into records).
// :param tenant => 'acme'
// :param ids => ['int-1-1', 'int-1-2']
// :param lockKeys => ['EXTERNAL_ID:CUST-1']
// :param keyKind => 'EXTERNAL_ID'
// :param keyField => 'externalId'
// :param keys => [{value: 'CUST-1', maxStart: '2026-11-21T10:00:00Z', horizon: '2026-11-14T09:55:00Z'}]
// :param scanLimit => 50
// :param crmIds => []
// :param parentIds => ['int-1-1']
// :param endIds => []
CYPHER replan=skip
OPTIONAL MATCH (policy:StitchingPolicy)
  USING TEXT INDEX policy:StitchingPolicy(tenant)
  WHERE policy.tenant = toString($tenant)
CALL () {
  CALL () {
    UNWIND $lockKeys AS key
    RETURN key
    UNION
    UNWIND $crmIds AS crm
    RETURN 'THREAD:' + crm AS key
    UNION
    UNWIND $endIds AS id
    MATCH (x:Interaction {tenant: $tenant, id: id})
    WHERE x.endedAt IS NULL AND x[$keyField] IS NOT NULL
    RETURN $keyKind + ':' + x[$keyField] AS key
  }
  WITH DISTINCT key ORDER BY key
  MERGE (lock:StitchLock {tenant: $tenant, key: key})
  SET lock:StitchLock
  RETURN count(lock) AS stitchLocks
}
// Each key's most recent interactions. Each branch names its index (see claim-create.cypher).
CALL () {
  UNWIND $keys AS k
  CALL (k) {
    CALL (k) {
      MATCH (i:Interaction)
        USING INDEX i:Interaction(tenant, externalId, startedAt)
        WHERE i.tenant = $tenant AND i.externalId = k.value AND i.startedAt <= datetime(k.maxStart)
          AND $keyField = 'externalId'
      RETURN i
      UNION
      MATCH (i:Interaction)
        USING INDEX i:Interaction(tenant, phoneNumber, startedAt)
        WHERE i.tenant = $tenant AND i.phoneNumber = k.value AND i.startedAt <= datetime(k.maxStart)
          AND $keyField = 'phoneNumber'
      RETURN i
      UNION
      MATCH (i:Interaction)
        USING INDEX i:Interaction(tenant, email, startedAt)
        WHERE i.tenant = $tenant AND i.email = k.value AND i.startedAt <= datetime(k.maxStart)
          AND $keyField = 'email'
      RETURN i
    }
    WITH i ORDER BY i.startedAt DESC LIMIT toInteger($scanLimit)
    // [id, threadId, started, last active]
    RETURN collect([i.id, i.threadId, i.startedAt.epochMillis, coalesce(i.endedAt, i.startedAt).epochMillis]) AS recent
  }
  RETURN collect({value: k.value, horizon: k.horizon, recent: recent}) AS keyed
}
CALL (keyed) {
  UNWIND keyed AS k
  UNWIND k.recent AS r
  WITH k, r
    WHERE r[3] >= datetime(k.horizon).epochMillis
  RETURN collect(DISTINCT r[1]) AS keyThreads
}
// (No list is imported into the UNION: its Distinct would compare every row's copy of it.)
CALL () {
  CALL () {
    UNWIND $crmIds AS crm
    MATCH (t:Thread {tenant: $tenant, externalThreadId: crm})
    RETURN t.id AS tid
    UNION
    UNWIND $parentIds AS pid
    MATCH (p:Interaction {tenant: $tenant, id: pid})
    RETURN p.threadId AS tid
    UNION
    UNWIND $endIds AS id
    MATCH (x:Interaction {tenant: $tenant, id: id})
      WHERE x.endedAt IS NULL
    RETURN x.threadId AS tid
  }
  RETURN collect(tid) AS otherThreads
}
CALL (keyThreads, otherThreads) {
  UNWIND keyThreads + otherThreads AS tid
  WITH DISTINCT tid ORDER BY tid
  MATCH (t:Thread {tenant: $tenant, id: tid})
  SET t:Thread
  RETURN collect(t.id) AS locked
}
CALL (locked) {
  UNWIND locked AS tid
  MATCH (t:Thread {tenant: $tenant, id: tid})
  CALL (t) {
    MATCH (m:Interaction {tenant: $tenant, threadId: t.id})
    OPTIONAL MATCH (mp:Interaction {tenant: $tenant})-[:PARENT_OF]->(m)
    RETURN collect([m.id, m.type, m.externalId, m.phoneNumber, m.email, m.depth, m.threadId,
      m.startedAt.epochMillis, m.endedAt.epochMillis, m.state, m.stitchReason, m.requestedParentId, mp.id]) AS members
  }
  RETURN collect([t.id, t.rootId, t.externalId, t.externalThreadId, t.continuesThreadId, t.status,
    t.startedAt.epochMillis, t.closedAt.epochMillis, t.channels, members]) AS threads
}
CALL () {
  UNWIND $crmIds AS crm
  OPTIONAL MATCH (t:Thread {tenant: $tenant, externalThreadId: crm})
  RETURN collect({crm: crm, threadId: t.id}) AS holders
}
CALL () {
  UNWIND $parentIds AS pid
  MATCH (p:Interaction {tenant: $tenant, id: pid})
  RETURN collect({id: p.id, threadId: p.threadId}) AS parents
}
CALL () {
  UNWIND $endIds AS id
  MATCH (x:Interaction {tenant: $tenant, id: id})
    WHERE x.endedAt IS NULL
  RETURN collect({id: x.id, threadId: x.threadId}) AS ending
}
CALL () {
  UNWIND $ids AS id
  MATCH (x:Interaction {tenant: $tenant, id: id})
  RETURN collect([x.id, x.payloadHash, x.threadId, x.endedAt.epochMillis, x.talkSeconds, x.holdSeconds,
    x.afterCallWorkSeconds]) AS existing
}
RETURN policy { .* } AS policy, keyed, locked, threads, holders, parents, ending, existing
