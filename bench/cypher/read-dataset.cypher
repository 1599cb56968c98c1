// What a previous load left in this tenant: its marker (written last, so only a complete load has
// one) and how many interactions the tenant holds now (counted on the (tenant, startedAt) index).
OPTIONAL MATCH (d:BenchDataset {tenant: $tenant})
RETURN d { .* } AS marker,
       COUNT { MATCH (i:Interaction) USING INDEX i:Interaction(tenant, startedAt) WHERE i.tenant = $tenant AND i.startedAt IS NOT NULL } AS interactions
