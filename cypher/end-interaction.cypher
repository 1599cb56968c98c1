// Ends $id in one statement. Locks the customer's stitching key first ($keyKind + ':' + the value of
// its $keyField, as a create for that customer does, so an end never changes a candidate's last
// activity while a create is choosing among them), then its thread, then reads it again under both.
// A refusal writes nothing and returns its verdict:
//   POLICY_CHANGED     the stored policy is not the version the caller decided with ($policyVersion)
//   NOT_FOUND          no $id in this tenant
//   MOVED              it left the thread locked for it: the caller runs again
//   ALREADY_ENDED      it has ended: nothing changes (a retried end)
//   ENDS_BEFORE_START  $endedAt is before its start
// On OK it records the end and the handle-time parts. Then every ended interaction of the thread
// with no live descendant, at any depth below it, becomes COMPLETED; the others stay TRANSFERRED
// (or HOLD): a parent is not completed while a child is live (the zombie thread). An interaction a
// transfer (or explicit parent) asked for, whose new leg went to an ancestor because it was at
// maxDepth, stays pending while anything in the thread is live: that leg is its child in all but
// the edge. Once nothing in the thread is live it closes, once, at its last end.
// In the same transaction it records the thread's events (the outbox), numbered by the thread's own
// counter on the thread it holds locked: interaction.ended, then thread.closed when this end closed
// it, carrying the thread's handle time at that close (each interaction's talk + hold + after-call
// work when any is known, else its end minus its start, summed per channel; the span is the
// thread's start to its close, computed when the event is read) and the ids this end completed.
// Returns what changed: threadClosed, the ids that became COMPLETED, and how many events it recorded.
// :param tenant => 'acme'
// :param id => 'a1'
// :param endedAt => '2026-11-21T10:30:00Z'
// :param talkSeconds => 600.0
// :param holdSeconds => null
// :param afterCallWorkSeconds => null
// :param policyVersion => null
// :param keyKind => 'EXTERNAL_ID'
// :param keyField => 'externalId'
OPTIONAL MATCH (policy:StitchingPolicy)
  USING TEXT INDEX policy:StitchingPolicy(tenant)
  WHERE policy.tenant = toString($tenant)
WITH policy,
     coalesce(CASE WHEN policy IS NULL THEN null ELSE coalesce(policy.version, 0) END, -1) = coalesce($policyVersion, -1) AS policyCurrent
OPTIONAL MATCH (first:Interaction {tenant: $tenant, id: $id})
FOREACH (key IN CASE WHEN policyCurrent AND first[$keyField] IS NOT NULL THEN [$keyKind + ':' + first[$keyField]] ELSE [] END |
  MERGE (lock:StitchLock {tenant: $tenant, key: key})
  SET lock:StitchLock
)
WITH policy, policyCurrent, first
OPTIONAL MATCH (t0:Thread {tenant: $tenant, id: first.threadId})
FOREACH (_ IN CASE WHEN t0 IS NULL THEN [] ELSE [1] END | SET t0:Thread)
WITH policy, policyCurrent, t0.id AS lockedThreadId
OPTIONAL MATCH (i:Interaction {tenant: $tenant, id: $id})
OPTIONAL MATCH (t:Thread {tenant: $tenant, id: i.threadId})
WITH policy, i, t, CASE
       WHEN NOT policyCurrent THEN 'POLICY_CHANGED'
       WHEN i IS NULL THEN 'NOT_FOUND'
       WHEN t IS NULL OR NOT coalesce(t.id = lockedThreadId, false) THEN 'MOVED'
       WHEN i.endedAt IS NOT NULL THEN 'ALREADY_ENDED'
       WHEN datetime($endedAt) < i.startedAt THEN 'ENDS_BEFORE_START'
       ELSE 'OK'
     END AS verdict
OPTIONAL CALL (i, t, verdict) {
  WITH i, t, verdict
  WHERE verdict = 'OK'
  SET i.endedAt = datetime($endedAt),
      i.talkSeconds = $talkSeconds,
      i.holdSeconds = $holdSeconds,
      i.afterCallWorkSeconds = $afterCallWorkSeconds
  WITH t
  CALL (t) {
    MATCH (x:Interaction {tenant: $tenant, threadId: t.id})
    OPTIONAL MATCH (xp:Interaction {tenant: $tenant})-[:PARENT_OF]->(x)
    RETURN sum(CASE WHEN x.endedAt IS NULL THEN 1 ELSE 0 END) AS active,
           max(x.endedAt) AS lastEnd,
           collect(CASE WHEN x.requestedParentId <> xp.id THEN x.requestedParentId END) AS rerooted
  }
  CALL (t, active, rerooted) {
    MATCH (x:Interaction {tenant: $tenant, threadId: t.id})
      WHERE x.endedAt IS NOT NULL AND x.state <> 'COMPLETED'
    OPTIONAL MATCH (x)-[:PARENT_OF*1..19]->(d:Interaction {tenant: $tenant})
      WHERE d.endedAt IS NULL
    WITH x, count(d) AS liveBelow
    WITH x, liveBelow = 0 AND NOT (active > 0 AND x.id IN rerooted) AS done
    SET x.state = CASE WHEN done THEN 'COMPLETED' WHEN x.state = 'TRANSFERRED' THEN 'TRANSFERRED' ELSE 'HOLD' END
    RETURN collect(CASE WHEN done THEN x.id END) AS completed
  }
  WITH t, lastEnd, completed, (t.status = 'OPEN' AND active = 0) AS closing
  SET t.status = CASE WHEN closing THEN 'CLOSED' ELSE t.status END,
      t.closedAt = CASE WHEN closing THEN lastEnd ELSE t.closedAt END,
      t.updatedAt = datetime()
  RETURN completed, closing
}
// The outbox: this end's events, numbered on the thread this statement holds locked.
OPTIONAL CALL (i, t, verdict, completed, closing) {
  WITH i, t, completed, closing
  WHERE verdict = 'OK'
  OPTIONAL CALL (t, closing) {
    WITH t
    WHERE closing
    MATCH (x:Interaction {tenant: $tenant, threadId: t.id})
    WITH x, CASE WHEN x.talkSeconds IS NULL AND x.holdSeconds IS NULL AND x.afterCallWorkSeconds IS NULL
                 THEN duration.inSeconds(x.startedAt, x.endedAt).milliseconds / 1000.0
                 ELSE coalesce(x.talkSeconds, 0.0) + coalesce(x.holdSeconds, 0.0) + coalesce(x.afterCallWorkSeconds, 0.0)
            END AS seconds
    WITH x.type AS channel, sum(CASE WHEN seconds > 0 THEN seconds ELSE 0.0 END) AS channelSeconds, count(x) AS n
    ORDER BY channel
    RETURN collect(channel) AS channels, collect(channelSeconds) AS seconds, collect(n) AS counts, sum(n) AS size
  }
  WITH i, t, completed, closing, channels, seconds, counts, size, coalesce(t.eventSeq, 0) AS base
  WITH t, base, [
    {type: 'interaction.ended', interactionId: i.id, channel: i.type, externalId: i.externalId, state: i.state,
     startedAt: i.startedAt, endedAt: i.endedAt, talkSeconds: i.talkSeconds, holdSeconds: i.holdSeconds,
     afterCallWorkSeconds: i.afterCallWorkSeconds, completedIds: completed, threadClosed: closing,
     threadStatus: t.status, threadRootId: t.rootId, threadExternalId: t.externalId},
    CASE WHEN closing THEN
      {type: 'thread.closed', closedById: i.id, completedIds: completed, threadStatus: t.status, threadRootId: t.rootId,
       threadExternalId: t.externalId, externalThreadId: t.externalThreadId, threadStartedAt: t.startedAt,
       threadClosedAt: t.closedAt, threadSize: size, htChannels: channels, htSeconds: seconds, htCounts: counts}
    END
  ] AS all
  WITH t, base, [x IN all WHERE x IS NOT NULL] AS events
  SET t.eventSeq = base + size(events)
  WITH t, base, events
  UNWIND range(0, size(events) - 1) AS k
  CREATE (e:ThreadEvent:PendingEvent)
  SET e = events[k],
      e.tenant = $tenant,
      e.id = 'evt_' + replace(randomUUID(), '-', ''),
      e.version = 1,
      e.occurredAt = datetime(),
      e.threadId = t.id,
      e.threadSeq = base + k + 1
  RETURN count(e) AS recorded
}
OPTIONAL MATCH (parent:Interaction {tenant: $tenant})-[:PARENT_OF]->(i)
RETURN verdict,
       i { .*, parentId: parent.id } AS interaction,
       t { .* } AS thread,
       policy { .* } AS policy,
       coalesce(closing, false) AS threadClosed,
       coalesce(completed, []) AS completedIds,
       coalesce(recorded, 0) AS eventsRecorded
