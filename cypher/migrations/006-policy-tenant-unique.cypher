CREATE CONSTRAINT policy_tenant IF NOT EXISTS FOR (p:StitchingPolicy) REQUIRE p.tenant IS UNIQUE
