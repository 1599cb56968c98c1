CREATE CONSTRAINT thread_tenant_external_thread_id IF NOT EXISTS FOR (t:Thread) REQUIRE (t.tenant, t.externalThreadId) IS UNIQUE
