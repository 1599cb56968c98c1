// Repeat contact and first-contact resolution, for one tenant. The population: the threads closed in
// [$from, $to) that have a customer, whenever they started. The customer is the thread's root's key
// in the field the tenant's stitching policy keys on now ($keyFields maps each policy key to its
// field, src/model/stitchKeys.ts; no policy: EXTERNAL_ID, the default): the thread's externalId
// for EXTERNAL_ID and COMPOSITE, its root interaction's phoneNumber or email for PHONE_NUMBER, EMAIL. A thread closes when its
// last live interaction ends (closedAt, the last end); a new interaction stitched into a closed thread
// (or a link of a live one) reopens it, clears its closedAt and records a thread.reopened event with
// the previous close. So a thread closed in the period is found two ways, each by an index range seek:
//   its closedAt is in the period (the (tenant, closedAt) index: it is still closed, or closed again);
//   a thread.reopened event's previousClosedAt is in the period (the (tenant, previousClosedAt) index:
//     it was closed there and reopened since, even if it is open now or closed again after $to).
// A thread counts once, at its first close in the period. Its next contact is the earlier of: the
// customer's first thread that started after that close (whenever, on any channel, whatever the
// filters; a thread whose root has the same key), and the start of the interaction that reopened this thread after that close (the
// customer came back into the same thread: a repeat contact too; a link that brought in an
// interaction started before the close counts as a next contact at the close itself, 0 days).
//   repeatThreads: the next contact started less than $withinDays x 24 h after the close (like
//     Genesys's nNextContactAvoided, 7 days by default); repeatRate = repeatThreads / closedThreads;
//     firstContactResolutionRate = 1 - repeatRate;
//   laterContactThreads: a next contact, $withinDays or more after the close; noNextContactThreads: none yet;
//   windowOpenThreads: no repeat yet, but the $withinDays window has not ended (now is inside it);
//   daysToNextContact: threads per whole number of 24-hour days from the close to the next
//     contact, every gap that occurs, shortest first.
// What the data cannot tell: a history import records no events, so an imported thread that was
// reopened counts at its last close only; a link of two closed threads keeps the later close.
// Filters: $channels, $externalId as in volume.cypher, on the thread as it is now. Each next contact
// comes from the Thread (tenant, externalId, startedAt) index, or the Interaction (tenant,
// phoneNumber|email, startedAt) index (roots: depth 1); nothing is walked.
:param tenant => 'bench-large';
:param from => '2026-10-01T00:00:00Z';
:param to => '2026-10-08T00:00:00Z';
:param withinDays => 7;
:param channels => null;
:param externalId => null;
:param keyFields => {EXTERNAL_ID: 'externalId', COMPOSITE: 'externalId', PHONE_NUMBER: 'phoneNumber', EMAIL: 'email'};
OPTIONAL MATCH (policy:StitchingPolicy {tenant: $tenant})
WITH $keyFields[coalesce(policy.key, 'EXTERNAL_ID')] AS keyField
CALL () {
  MATCH (t:Thread {tenant: $tenant})
  WHERE t.closedAt >= datetime($from) AND t.closedAt < datetime($to)
  RETURN t, t.closedAt AS closedAt, null AS reopenedAt
  UNION ALL
  MATCH (e:ThreadEvent {tenant: $tenant})
  WHERE e.previousClosedAt >= datetime($from) AND e.previousClosedAt < datetime($to) AND e.type = 'thread.reopened'
  MATCH (t:Thread {tenant: $tenant, id: e.threadId})
  OPTIONAL MATCH (r:Interaction {tenant: $tenant, id: e.reopenedById})
  RETURN t, e.previousClosedAt AS closedAt, coalesce(r.startedAt, e.occurredAt) AS reopenedAt
}
WITH keyField, t, closedAt, reopenedAt
WHERE ($channels IS NULL OR any(c IN t.channels WHERE c IN $channels))
  AND ($externalId IS NULL OR t.externalId = $externalId)
WITH keyField, t, closedAt, reopenedAt ORDER BY closedAt
WITH keyField, t, head(collect({closedAt: closedAt, reopenedAt: reopenedAt})) AS first
OPTIONAL CALL (keyField, t) {
  WITH keyField, t WHERE keyField <> 'externalId'
  MATCH (root:Interaction {tenant: $tenant, id: t.rootId})
  RETURN root[keyField] AS rootKey
}
WITH keyField, first.closedAt AS closedAt, first.reopenedAt AS reopenedAt,
     CASE WHEN keyField = 'externalId' THEN t.externalId ELSE rootKey END AS customer
WHERE customer IS NOT NULL
CALL (keyField, customer, closedAt) {
  CALL (keyField, customer, closedAt) {
    MATCH (n:Thread {tenant: $tenant, externalId: customer})
    WHERE keyField = 'externalId' AND n.startedAt > closedAt
    RETURN n.startedAt AS startedAt ORDER BY startedAt LIMIT 1
    UNION ALL
    MATCH (n:Interaction {tenant: $tenant, phoneNumber: customer})
    WHERE keyField = 'phoneNumber' AND n.startedAt > closedAt AND n.depth = 1
    RETURN n.startedAt AS startedAt ORDER BY startedAt LIMIT 1
    UNION ALL
    MATCH (n:Interaction {tenant: $tenant, email: customer})
    WHERE keyField = 'email' AND n.startedAt > closedAt AND n.depth = 1
    RETURN n.startedAt AS startedAt ORDER BY startedAt LIMIT 1
  }
  RETURN min(startedAt) AS nextStart
}
WITH closedAt,
     CASE WHEN reopenedAt IS NULL THEN nextStart
          WHEN reopenedAt < closedAt THEN closedAt
          WHEN nextStart IS NULL OR reopenedAt < nextStart THEN reopenedAt
          ELSE nextStart END AS nextContact
WITH closedAt, CASE WHEN nextContact IS NULL THEN null ELSE duration.inSeconds(closedAt, nextContact).milliseconds / 86400000.0 END AS gapDays
WITH count(*) AS closed,
     count(CASE WHEN gapDays < $withinDays THEN 1 END) AS repeats,
     count(CASE WHEN gapDays >= $withinDays THEN 1 END) AS later,
     count(CASE WHEN gapDays IS NULL THEN 1 END) AS none,
     count(CASE WHEN (gapDays IS NULL OR gapDays >= $withinDays) AND closedAt + duration({days: $withinDays}) > datetime() THEN 1 END) AS windowOpen,
     collect(toInteger(floor(gapDays))) AS gaps
CALL (gaps) {
  UNWIND gaps AS days
  WITH days, count(*) AS n
  ORDER BY days
  RETURN collect({days: days, threads: n}) AS daysToNextContact
}
RETURN $withinDays AS withinDays, closed AS closedThreads, repeats AS repeatThreads,
       CASE WHEN closed = 0 THEN null ELSE toFloat(repeats) / closed END AS repeatRate,
       CASE WHEN closed = 0 THEN null ELSE 1.0 - toFloat(repeats) / closed END AS firstContactResolutionRate,
       later AS laterContactThreads, none AS noNextContactThreads, windowOpen AS windowOpenThreads,
       daysToNextContact
