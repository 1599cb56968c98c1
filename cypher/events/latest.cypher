// The tenant's highest event number (0 before its first): where "from now on" starts.
// :param tenant => 'acme'
OPTIONAL MATCH (top:ThreadEvent)
  WHERE top.tenant = $tenant AND top.sequence IS NOT NULL
WITH top ORDER BY top.sequence DESC LIMIT 1
RETURN coalesce(top.sequence, 0) AS latest
