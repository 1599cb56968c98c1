CREATE INDEX thread_tenant_closed IF NOT EXISTS FOR (t:Thread) ON (t.tenant, t.closedAt)
