CREATE INDEX webhook_endpoint_status IF NOT EXISTS FOR (w:WebhookEndpoint) ON (w.status)
