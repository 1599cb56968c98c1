// The sequencer's first statement, a job across tenants (no $tenant). It locks the one
// EventSequencer node, so two sequencers never number events at once (one on another replica waits
// here, then finds only what this one left), then reads the recorded events not yet numbered
// (:PendingEvent), oldest first, each with the events it must follow: its thread's previous event
// (threadSeq - 1) and, for a link, the absorbed thread's last event. A writer advanced the thread's
// counter under the thread's lock, so a predecessor committed before its successor; one not visible
// yet is still being made visible, and the successor waits for it (unless it is older than
// $staleSeconds: then the predecessor is taken as gone). Each row also has its event's type and age
// (on the database's clock), for the sequencer's metrics.
// :param limit => 500
// :param staleSeconds => 60
MERGE (s:EventSequencer {name: 'sequencer'})
SET s.lockedAt = datetime()
WITH s
MATCH (e:PendingEvent)
WITH e ORDER BY e.occurredAt, e.threadSeq LIMIT toInteger($limit)
OPTIONAL MATCH (prev:ThreadEvent {tenant: e.tenant, threadId: e.threadId, threadSeq: e.threadSeq - 1})
OPTIONAL MATCH (after:ThreadEvent {tenant: e.tenant, threadId: e.afterThreadId, threadSeq: e.afterThreadSeq})
RETURN e.tenant AS tenant,
       e.id AS id,
       e.threadId AS threadId,
       e.threadSeq AS threadSeq,
       e.occurredAt AS occurredAt,
       e.type AS type,
       datetime().epochMillis - e.occurredAt.epochMillis AS ageMs,
       e.occurredAt < datetime() - duration({seconds: $staleSeconds}) AS stale,
       CASE WHEN e.threadSeq <= 1 THEN null ELSE {id: prev.id, sequenced: prev.sequence IS NOT NULL} END AS prev,
       CASE WHEN e.afterThreadId IS NULL THEN null ELSE {id: after.id, sequenced: after.sequence IS NOT NULL} END AS after
