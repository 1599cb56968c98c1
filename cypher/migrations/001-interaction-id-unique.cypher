CREATE CONSTRAINT interaction_tenant_id IF NOT EXISTS FOR (i:Interaction) REQUIRE (i.tenant, i.id) IS UNIQUE
