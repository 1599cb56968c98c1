// One batch of generated interactions, straight in (docs/data-model.md, :Interaction). Null values
// (endedAt of a live one, phoneNumber off voice and SMS) are simply not stored, as the service does.
UNWIND $rows AS r
CREATE (i:Interaction)
SET i = r,
    i.tenant = $tenant,
    i.startedAt = datetime(r.startedAt),
    i.endedAt = datetime(r.endedAt),
    i.createdAt = datetime(r.startedAt)
