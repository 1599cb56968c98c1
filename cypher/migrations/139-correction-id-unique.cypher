CREATE CONSTRAINT correction_tenant_id IF NOT EXISTS FOR (c:Correction) REQUIRE (c.tenant, c.id) IS UNIQUE
