CREATE INDEX thread_tenant_started IF NOT EXISTS FOR (t:Thread) ON (t.tenant, t.startedAt)
