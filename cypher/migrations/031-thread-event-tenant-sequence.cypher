CREATE INDEX thread_event_tenant_sequence IF NOT EXISTS FOR (e:ThreadEvent) ON (e.tenant, e.sequence)
