CREATE INDEX thread_tenant_external_id_started IF NOT EXISTS FOR (t:Thread) ON (t.tenant, t.externalId, t.startedAt)
