CREATE INDEX webhook_delivery_tenant_id IF NOT EXISTS FOR (d:WebhookDelivery) ON (d.tenant, d.id)
