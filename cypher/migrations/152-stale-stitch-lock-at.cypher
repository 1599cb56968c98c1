CREATE INDEX stale_stitch_lock_at IF NOT EXISTS FOR (m:StaleStitchLock) ON (m.at)
