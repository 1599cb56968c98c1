// Which of an import batch's interactions are in the graph already, with what the import compares
// a record with (its fingerprint and its end). A plain read, with no lock: an interaction never
// leaves and its fingerprint never changes, so a record found here with the same fingerprint and
// the same end needs nothing written, and a resumed import skips it without locking anything.
// :param tenant => 'acme'
// :param ids => ['int-1-1', 'int-1-2']
UNWIND $ids AS id
MATCH (x:Interaction {tenant: $tenant, id: id})
RETURN x.id AS id, x.payloadHash AS payloadHash, x.threadId AS threadId, x.endedAt AS endedAt,
       x.talkSeconds AS talkSeconds, x.holdSeconds AS holdSeconds, x.afterCallWorkSeconds AS afterCallWorkSeconds
