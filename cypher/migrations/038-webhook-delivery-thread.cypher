CREATE INDEX webhook_delivery_thread IF NOT EXISTS FOR (d:WebhookDelivery) ON (d.tenant, d.endpointId, d.threadId)
