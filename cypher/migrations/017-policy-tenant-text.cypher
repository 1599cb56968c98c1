// Lets a statement that writes read a tenant's policy without a lock: through the unique index, the
// lookup of an absent policy would lock that tenant-wide key until commit (see claim-create.cypher).
CREATE TEXT INDEX policy_tenant_text IF NOT EXISTS FOR (p:StitchingPolicy) ON (p.tenant)
