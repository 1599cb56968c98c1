CREATE INDEX thread_closed IF NOT EXISTS FOR (t:Thread) ON (t.closedAt)
