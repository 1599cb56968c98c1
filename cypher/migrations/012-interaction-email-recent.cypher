CREATE INDEX interaction_tenant_email_started IF NOT EXISTS FOR (i:Interaction) ON (i.tenant, i.email, i.startedAt)
