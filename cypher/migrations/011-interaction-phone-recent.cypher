CREATE INDEX interaction_tenant_phone_started IF NOT EXISTS FOR (i:Interaction) ON (i.tenant, i.phoneNumber, i.startedAt)
