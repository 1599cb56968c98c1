// analytics/repeat-contact finds the threads closed in a period by a range seek on it (the same
// index, by name and definition, as the one issue 14's 149-thread-tenant-closed creates).
CREATE INDEX thread_tenant_closed IF NOT EXISTS FOR (t:Thread) ON (t.tenant, t.closedAt)
