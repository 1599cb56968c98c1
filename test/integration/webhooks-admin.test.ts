import { App } from '../../src/app';
import { codes, gql, startTestApp, tokenFor, uniqueTenant } from '../support/app';
import { meter } from '../support/metrics';
import { webhookApi } from '../support/webhookApi';

/** Managing webhook endpoints (scope webhook:admin): bad input is a typed error that changes nothing. */
describe('webhook endpoints', () => {
  let app: App;
  let tenant: string;
  let api: ReturnType<typeof webhookApi>;

  beforeAll(async () => {
    // No allowed networks: loopback and private targets are refused, as in production by default.
    app = await startTestApp();
  });
  beforeEach(async () => {
    tenant = uniqueTenant('webhooks-admin');
    api = webhookApi(app, await tokenFor(tenant));
  });
  afterEach(async () => {
    await api.deleteAll();
  });
  afterAll(async () => {
    await app.stop();
  });

  const create = (input: Record<string, unknown>) =>
    api.call('mutation($i: CreateWebhookEndpointInput!) { createWebhookEndpoint(input: $i) { secret } }', { i: input });
  const PUBLIC = 'https://192.0.2.10/hooks/threadgraph';

  it.each([
    ['a string that is not a URL', { url: 'not a url' }, 'INVALID_WEBHOOK_URL'],
    ['another scheme than http(s)', { url: 'ftp://192.0.2.10/x' }, 'INVALID_WEBHOOK_URL'],
    ['credentials in the URL', { url: 'https://user:pw@192.0.2.10/x' }, 'INVALID_WEBHOOK_URL'],
    ['a loopback address', { url: 'http://127.0.0.1:8080/hook' }, 'WEBHOOK_TARGET_FORBIDDEN'],
    ['IPv6 loopback', { url: 'http://[::1]:8080/hook' }, 'WEBHOOK_TARGET_FORBIDDEN'],
    ['IPv4 loopback mapped into IPv6', { url: 'http://[::ffff:127.0.0.1]/hook' }, 'WEBHOOK_TARGET_FORBIDDEN'],
    ['a name that resolves to loopback', { url: 'http://localhost:8080/hook' }, 'WEBHOOK_TARGET_FORBIDDEN'],
    ['a private network', { url: 'http://10.1.2.3/hook' }, 'WEBHOOK_TARGET_FORBIDDEN'],
    ['another private network', { url: 'http://192.168.1.20/hook' }, 'WEBHOOK_TARGET_FORBIDDEN'],
    ['the link-local metadata service', { url: 'http://169.254.169.254/latest/meta-data' }, 'WEBHOOK_TARGET_FORBIDDEN'],
    ['an unknown event type', { eventTypes: ['thread.exploded'] }, 'UNKNOWN_EVENT_TYPE'],
    ['no event type', { eventTypes: [] }, 'UNKNOWN_EVENT_TYPE'],
    ['a secret too short', { secret: 'whsec_c2hvcnQ=' }, 'INVALID_WEBHOOK_SECRET'],
    ['a secret without the whsec_ prefix', { secret: 'MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSwMfKQ9r8GKYqr' }, 'INVALID_WEBHOOK_SECRET'],
  ])('refuses %s with a typed error and creates nothing', async (_, input, code) => {
    const res = await create({ url: PUBLIC, eventTypes: ['thread.closed'], ...input });
    expect(codes(res)).toEqual([code]);
    expect(res.errors![0]!.message).not.toMatch(/Error:|\n\s+at /);
    expect((await api.ok('{ webhookEndpoints { id } }')).webhookEndpoints).toEqual([]);
  });

  it('shows the secret once, at creation, and lists the endpoint with its health but never the secret', async () => {
    const created = await api.ok(
      'mutation { createWebhookEndpoint(input: { url: "https://192.0.2.10/hooks", eventTypes: ["thread.closed", "interaction.ended"], description: "CRM case sync" }) { secret endpoint { id status eventTypes description } } }',
    );
    const { secret, endpoint } = created.createWebhookEndpoint;
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(endpoint).toEqual({
      id: expect.stringMatching(/^whep_/),
      status: 'ENABLED',
      eventTypes: ['thread.closed', 'interaction.ended'],
      description: 'CRM case sync',
    });
    const listed = await api.call('{ webhookEndpoints { id url health { pending delivered failed failingSince lastError position } } }');
    expect(listed.data!.webhookEndpoints).toEqual([
      {
        id: endpoint.id,
        url: 'https://192.0.2.10/hooks',
        health: { pending: 0, delivered: 0, failed: 0, failingSince: null, lastError: null, position: 0 },
      },
    ]);
    expect(JSON.stringify(listed)).not.toContain(secret.slice(6));
    const chosen = 'whsec_' + Buffer.alloc(24, 7).toString('base64');
    expect(await api.createEndpoint(PUBLIC, ['thread.closed'], { secret: chosen })).toMatchObject({ secret: chosen });
  });

  it('rotates (the new secret shown once, the old one kept for 24 h), disables, enables and deletes; an unknown endpoint is WEBHOOK_ENDPOINT_NOT_FOUND', async () => {
    const { id, secret } = await api.createEndpoint(PUBLIC, ['thread.closed']);
    const rotated = (
      await api.ok('mutation($id: ID!) { rotateWebhookSecret(id: $id) { secret endpoint { previousSecretExpiresAt } } }', { id })
    ).rotateWebhookSecret;
    expect(rotated.secret).not.toBe(secret);
    const expires = Date.parse(rotated.endpoint.previousSecretExpiresAt) - Date.now();
    expect(expires).toBeGreaterThan(23.9 * 3600_000);
    expect(expires).toBeLessThanOrEqual(24 * 3600_000);
    expect(codes(await api.call('mutation($id: ID!) { rotateWebhookSecret(id: $id, secret: "whsec_AAAA") { secret } }', { id }))).toEqual([
      'INVALID_WEBHOOK_SECRET',
    ]);

    const m = await meter(app);
    const disable = 'mutation($id: ID!) { disableWebhookEndpoint(id: $id) { status disabledReason disabledAt } }';
    const disabled = (await api.ok(disable, { id })).disableWebhookEndpoint;
    expect(disabled).toMatchObject({ status: 'DISABLED', disabledReason: 'MANUAL' });
    // Disabling it again changes nothing, and the metric counts endpoints disabled, not calls.
    expect((await api.ok(disable, { id })).disableWebhookEndpoint).toEqual(disabled);
    expect(await m.delta('threadgraph_webhook_endpoints_disabled_total{reason="MANUAL"}')).toBe(1);
    const enabled = await api.ok('mutation($id: ID!) { enableWebhookEndpoint(id: $id) { status disabledReason } }', { id });
    expect(enabled.enableWebhookEndpoint).toEqual({ status: 'ENABLED', disabledReason: null });
    expect((await api.ok('mutation($id: ID!) { deleteWebhookEndpoint(id: $id) }', { id })).deleteWebhookEndpoint).toBe(id);
    expect(await api.endpoint(id)).toBeNull();

    const unknown = await Promise.all(
      [
        'mutation { deleteWebhookEndpoint(id: "whep_nope") }',
        'mutation { disableWebhookEndpoint(id: "whep_nope") { id } }',
        'mutation { rotateWebhookSecret(id: "whep_nope") { secret } }',
        'mutation { replayWebhookEvents(input: { endpointId: "whep_nope", eventId: "evt_x" }) { queued } }',
      ].map((q) => api.call(q)),
    );
    expect(unknown.map((r) => codes(r)[0])).toEqual(Array(4).fill('WEBHOOK_ENDPOINT_NOT_FOUND'));
  });

  it('refuses a replay of an unknown event, or of a malformed range, and queues nothing', async () => {
    const { id } = await api.createEndpoint(PUBLIC, ['thread.closed']);
    const replay = (input: Record<string, unknown>) =>
      api.call('mutation($i: ReplayWebhookEventsInput!) { replayWebhookEvents(input: $i) { queued } }', {
        i: { endpointId: id, ...input },
      });
    expect(codes(await replay({ eventId: 'evt_unknown' }))).toEqual(['EVENT_NOT_FOUND']);
    expect(codes(await replay({ fromSequence: 5, toSequence: 2 }))).toEqual(['BAD_USER_INPUT']);
    expect(codes(await replay({ fromSequence: 1, toSequence: 20_000 }))).toEqual(['BAD_USER_INPUT']);
    expect(codes(await replay({ eventId: 'evt_x', fromSequence: 1, toSequence: 2 }))).toEqual(['BAD_USER_INPUT']);
    expect(codes(await replay({}))).toEqual(['BAD_USER_INPUT']);
    expect(await api.deliveries(id)).toEqual([]);
  });

  it('needs the webhook:admin scope, and shows a tenant only its own endpoints', async () => {
    const { id } = await api.createEndpoint(PUBLIC, ['thread.closed']);
    const reader = await tokenFor(tenant, 'interaction:read interaction:write policy:admin');
    expect(codes(await gql(app, '{ webhookEndpoints { id } }', {}, reader))).toEqual(['FORBIDDEN']);
    expect(
      codes(
        await gql(
          app,
          'mutation { createWebhookEndpoint(input: { url: "https://192.0.2.10/", eventTypes: ["thread.closed"] }) { secret } }',
          {},
          reader,
        ),
      ),
    ).toEqual(['FORBIDDEN']);
    const other = webhookApi(app, await tokenFor(uniqueTenant('webhooks-other')));
    expect((await other.ok('{ webhookEndpoints { id } }')).webhookEndpoints).toEqual([]);
    expect(await other.endpoint(id)).toBeNull();
    expect(codes(await other.call('mutation($id: ID!) { deleteWebhookEndpoint(id: $id) }', { id }))).toEqual([
      'WEBHOOK_ENDPOINT_NOT_FOUND',
    ]);
  });
});
