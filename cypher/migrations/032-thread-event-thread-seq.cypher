CREATE INDEX thread_event_thread_seq IF NOT EXISTS FOR (e:ThreadEvent) ON (e.tenant, e.threadId, e.threadSeq)
