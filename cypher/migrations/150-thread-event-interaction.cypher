CREATE INDEX thread_event_tenant_interaction IF NOT EXISTS FOR (e:ThreadEvent) ON (e.tenant, e.interactionId)
