CREATE INDEX correction_tenant_to_thread IF NOT EXISTS FOR (c:Correction) ON (c.tenant, c.toThreadId)
