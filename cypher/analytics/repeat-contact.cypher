// Repeat contact and first-contact resolution, for one tenant. The population: threads that started
// in [$from, $to), are closed (every interaction ended; closedAt is the last end) and have a customer
// (an externalId). For each, the customer's next contact is the first of their threads that started
// after the close, whenever that was (it need not be in the period, nor match the filters).
//   repeatThreads: the next contact started less than $withinDays x 24 h after the close (like
//     Genesys's nNextContactAvoided, 7 days by default); repeatRate = repeatThreads / closedThreads;
//     firstContactResolutionRate = 1 - repeatRate;
//   laterContactThreads: a next contact, $withinDays or more after the close; noNextContactThreads: none yet;
//   windowOpenThreads: no repeat yet, but the $withinDays window has not ended (now is inside it);
//   daysToNextContact: threads per whole number of 24-hour days from the close to the next
//     contact, every gap that occurs, shortest first.
// A customer who came back within the stitching window was stitched into the same thread (which
// reopened and closed again later): stitching-quality.cypher counts those threads (followUpThreads).
// Filters: $channels, $externalId as in volume.cypher. Threads come from the (tenant, startedAt)
// index, each next contact from the (tenant, externalId, startedAt) index; nothing is walked.
:param tenant => 'bench-large';
:param from => '2026-10-01T00:00:00Z';
:param to => '2026-10-08T00:00:00Z';
:param withinDays => 7;
:param channels => null;
:param externalId => null;
MATCH (t:Thread {tenant: $tenant})
WHERE t.startedAt >= datetime($from) AND t.startedAt < datetime($to)
  AND ($channels IS NULL OR any(c IN t.channels WHERE c IN $channels))
  AND ($externalId IS NULL OR t.externalId = $externalId)
  AND t.status = 'CLOSED' AND t.closedAt IS NOT NULL AND t.externalId IS NOT NULL
CALL {
  WITH t
  OPTIONAL MATCH (n:Thread {tenant: $tenant, externalId: t.externalId})
  WHERE n.startedAt > t.closedAt
  WITH n ORDER BY n.startedAt LIMIT 1
  RETURN n.startedAt AS nextStart
}
WITH t, CASE WHEN nextStart IS NULL THEN null ELSE duration.inSeconds(t.closedAt, nextStart).milliseconds / 86400000.0 END AS gapDays
WITH count(t) AS closed,
     count(CASE WHEN gapDays < $withinDays THEN 1 END) AS repeats,
     count(CASE WHEN gapDays >= $withinDays THEN 1 END) AS later,
     count(CASE WHEN gapDays IS NULL THEN 1 END) AS none,
     count(CASE WHEN (gapDays IS NULL OR gapDays >= $withinDays) AND t.closedAt + duration({days: $withinDays}) > datetime() THEN 1 END) AS windowOpen,
     collect(toInteger(floor(gapDays))) AS gaps
CALL {
  WITH gaps
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
