CREATE INDEX correction_tenant_interaction IF NOT EXISTS FOR (c:Correction) ON (c.tenant, c.interactionId)
