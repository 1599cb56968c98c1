// analytics/repeat-contact finds the threads closed in a period and reopened since (their closedAt
// was cleared) by a range seek on the close each thread.reopened event records; only those events
// carry previousClosedAt, so the index holds them alone.
CREATE INDEX thread_event_tenant_previous_closed IF NOT EXISTS FOR (e:ThreadEvent) ON (e.tenant, e.previousClosedAt)
