// What a previous load left in this tenant: its marker (written last, so only a complete load has
// one) and how many interactions the tenant holds now.
OPTIONAL MATCH (d:BenchDataset {tenant: $tenant})
RETURN d { .* } AS marker, COUNT { MATCH (i:Interaction) WHERE i.tenant = $tenant } AS interactions
