CREATE INDEX erasure_receipt_tenant_key_hash IF NOT EXISTS FOR (r:ErasureReceipt) ON (r.tenant, r.keyHash)
