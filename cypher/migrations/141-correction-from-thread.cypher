CREATE INDEX correction_tenant_from_thread IF NOT EXISTS FOR (c:Correction) ON (c.tenant, c.fromThreadId)
