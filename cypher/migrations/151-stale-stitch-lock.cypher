CREATE INDEX stale_stitch_lock_tenant_key IF NOT EXISTS FOR (m:StaleStitchLock) ON (m.tenant, m.key)
