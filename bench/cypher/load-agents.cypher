// The dataset's agents, once per load: the HANDLED edges of every batch match them.
UNWIND $ids AS id
MERGE (:Agent {tenant: $tenant, id: id})
