// One batch of generated threads, straight in (docs/data-model.md, :Thread).
UNWIND $rows AS r
CREATE (t:Thread)
SET t = r,
    t.tenant = $tenant,
    t.startedAt = datetime(r.startedAt),
    t.closedAt = datetime(r.closedAt),
    t.createdAt = datetime(r.startedAt),
    t.updatedAt = datetime(coalesce(r.closedAt, r.startedAt))
