// Marks a tenant's load as complete, with what it was generated from.
MERGE (d:BenchDataset {tenant: $tenant})
SET d.version = $version, d.seed = $seed, d.target = $target, d.interactions = $interactions,
    d.threads = $threads, d.customers = $customers, d.loadedAt = datetime()
