CREATE CONSTRAINT erasure_receipt_tenant_id IF NOT EXISTS FOR (r:ErasureReceipt) REQUIRE (r.tenant, r.id) IS UNIQUE
