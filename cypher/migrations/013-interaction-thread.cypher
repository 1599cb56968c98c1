CREATE INDEX interaction_tenant_thread IF NOT EXISTS FOR (i:Interaction) ON (i.tenant, i.threadId)
