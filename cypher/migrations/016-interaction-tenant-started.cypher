CREATE INDEX interaction_tenant_started IF NOT EXISTS FOR (i:Interaction) ON (i.tenant, i.startedAt)
