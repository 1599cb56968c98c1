// A page of the tenant's numbered events after position $after, in sequence order: scans at most
// $scan of them, keeps the run without a gap (numbers are dense, so a gap is a number whose
// transaction is still being made visible: the page stops before it), then filters by $types.
// position is where the next page starts (the end of the run); latest the tenant's highest number.
// :param tenant => 'acme'
// :param after => 0
// :param scan => 100
// :param types => null
CALL () {
  MATCH (e:ThreadEvent)
    WHERE e.tenant = $tenant AND e.sequence > $after
  WITH e ORDER BY e.sequence LIMIT toInteger($scan)
  RETURN collect(e) AS scanned
}
WITH scanned, [k IN range(0, size(scanned) - 1) WHERE scanned[k].sequence <> $after + 1 + k] AS gaps
WITH CASE WHEN size(gaps) = 0 THEN scanned ELSE scanned[0..gaps[0]] END AS run
OPTIONAL MATCH (top:ThreadEvent)
  WHERE top.tenant = $tenant AND top.sequence IS NOT NULL
WITH run, top ORDER BY top.sequence DESC LIMIT 1
RETURN [e IN run WHERE $types IS NULL OR e.type IN $types | e { .* }] AS events,
       CASE WHEN size(run) = 0 THEN $after ELSE run[-1].sequence END AS position,
       coalesce(top.sequence, 0) AS latest
