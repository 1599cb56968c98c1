// The sequencer's second statement, in the transaction of the first (which holds the sequencer's
// lock): numbers each tenant's events in the order given, right after the tenant's highest number,
// without gaps, and takes them out of :PendingEvent. Only events the first statement saw committed
// are given, so a number is never given to an event a reader cannot see, nor below one given before.
// :param batches => [{tenant: 'acme', ids: ['evt_1', 'evt_2']}]
UNWIND $batches AS batch
CALL (batch) {
  OPTIONAL MATCH (top:ThreadEvent)
    WHERE top.tenant = batch.tenant AND top.sequence IS NOT NULL
  WITH top ORDER BY top.sequence DESC LIMIT 1
  WITH coalesce(top.sequence, 0) AS base
  CALL (batch) {
    UNWIND range(0, size(batch.ids) - 1) AS k
    MATCH (e:PendingEvent:ThreadEvent {tenant: batch.tenant, id: batch.ids[k]})
    WITH e ORDER BY k
    RETURN collect(e) AS found
  }
  UNWIND range(0, size(found) - 1) AS k
  WITH found[k] AS e, base + k + 1 AS sequence
  SET e.sequence = sequence, e.sequencedAt = datetime()
  REMOVE e:PendingEvent
  RETURN min(sequence) AS first, max(sequence) AS last, count(e) AS numbered
}
RETURN batch.tenant AS tenant, first, last, numbered
