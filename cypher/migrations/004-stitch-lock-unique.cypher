CREATE CONSTRAINT stitch_lock_tenant_key IF NOT EXISTS FOR (k:StitchLock) REQUIRE (k.tenant, k.key) IS UNIQUE
