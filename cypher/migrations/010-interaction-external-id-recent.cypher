CREATE INDEX interaction_tenant_external_id_started IF NOT EXISTS FOR (i:Interaction) ON (i.tenant, i.externalId, i.startedAt)
