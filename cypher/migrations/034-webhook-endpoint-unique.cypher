CREATE CONSTRAINT webhook_endpoint_tenant_id IF NOT EXISTS FOR (w:WebhookEndpoint) REQUIRE (w.tenant, w.id) IS UNIQUE
