CREATE INDEX thread_event_tenant_id IF NOT EXISTS FOR (e:ThreadEvent) ON (e.tenant, e.id)
