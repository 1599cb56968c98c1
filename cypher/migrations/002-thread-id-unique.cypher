CREATE CONSTRAINT thread_tenant_id IF NOT EXISTS FOR (t:Thread) REQUIRE (t.tenant, t.id) IS UNIQUE
