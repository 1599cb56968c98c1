import { randomUUID } from 'node:crypto';
import { App } from '../../src/app';
import { startTestApp, tokenFor, uniqueTenant } from '../support/app';

/** POST /api/v2/interactions: the Unified Interaction payload, exactly as middleware sends it. */
describe('the REST endpoint for middleware', () => {
  let app: App;
  let base: string;
  beforeAll(async () => {
    app = await startTestApp();
    base = app.url.replace('/graphql', '');
  });
  afterAll(async () => {
    await app.stop();
  });

  async function post(body: unknown, token?: string, headers: Record<string, string> = {}) {
    const res = await fetch(`${base}/api/v2/interactions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
    return { status: res.status, headers: res.headers, body: (await res.json()) as Record<string, any> };
  }

  const payload = (parentInteractionId: string | null) => ({
    type: 'EMAIL',
    externalId: 'CUST-992834-ORDER-10293',
    threading: { parentInteractionId, threadId: 'THREAD-992834-20231027' },
    participants: [
      { id: 'agent-user-id', role: 'AGENT', state: 'ACTIVE' },
      { id: 'customer-id', role: 'CUSTOMER', state: 'ACTIVE' },
    ],
    metadata: { channel: 'EMAIL', subject: 'Order Issue - Stitching Test' },
  });

  it('creates the guide’s example payload and answers 201 with the interaction, its thread and the stitch decision', async () => {
    const token = await tokenFor(uniqueTenant());
    const parent = await post({ ...payload(null), threading: { threadId: 'THREAD-992834-20231027' } }, token);
    expect(parent.status).toBe(201);
    expect(parent.body.stitch).toEqual({ parentId: null, requestedParentId: null, reason: 'THREAD_ID', warnings: [] });
    const child = await post(payload(parent.body.interaction.id), token);
    expect(child.status).toBe(201);
    expect(child.body).toMatchObject({
      interaction: {
        type: 'EMAIL',
        externalId: 'CUST-992834-ORDER-10293',
        subject: 'Order Issue - Stitching Test',
        depth: 2,
        parentId: parent.body.interaction.id,
        requestedParentId: parent.body.interaction.id,
        participants: [
          { id: 'agent-user-id', role: 'AGENT', state: 'ACTIVE' },
          { id: 'customer-id', role: 'CUSTOMER', state: 'ACTIVE' },
        ],
      },
      thread: { id: parent.body.thread.id, externalThreadId: 'THREAD-992834-20231027', status: 'OPEN' },
      stitch: { parentId: parent.body.interaction.id, requestedParentId: parent.body.interaction.id, reason: 'EXPLICIT', warnings: [] },
      replayed: false,
    });
    expect(child.headers.get('location')).toBe(`/api/v2/interactions/${child.body.interaction.id}`);
  });

  it('honours the Idempotency-Key header: a retry returns the first result and creates nothing', async () => {
    const token = await tokenFor(uniqueTenant());
    const key = randomUUID();
    const first = await post({ type: 'SMS', externalId: 'CUST-1' }, token, { 'idempotency-key': key });
    const retry = await post({ type: 'SMS', externalId: 'CUST-1' }, token, { 'idempotency-key': key });
    expect(retry.status).toBe(201);
    expect(retry.headers.get('idempotent-replayed')).toBe('true');
    expect(retry.body).toMatchObject({ replayed: true, interaction: { id: first.body.interaction.id } });
    const reused = await post({ type: 'SMS', externalId: 'CUST-2' }, token, { 'idempotency-key': key });
    expect(reused).toMatchObject({ status: 409, body: { error: { code: 'IDEMPOTENCY_KEY_REUSED' } } });
  });

  it('answers rule refusals with their code and a 4xx status, and writes nothing', async () => {
    const token = await tokenFor(uniqueTenant());
    const id = randomUUID();
    expect(await post({ id, type: 'EMAIL', threading: { parentInteractionId: 'missing' } }, token)).toMatchObject({
      status: 404,
      body: { error: { code: 'PARENT_NOT_FOUND' } },
    });
    expect(await post({ id, type: 'EMAIL' }, token)).toMatchObject({ status: 422, body: { error: { code: 'ORPHAN_REJECTED' } } });
    const check = await fetch(app.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query: 'query($id: ID!) { interaction(id: $id) { id } }', variables: { id } }),
    });
    expect(((await check.json()) as { data: unknown }).data).toEqual({ interaction: null });
  });

  it('refuses malformed payloads with BAD_USER_INPUT and 400', async () => {
    const token = await tokenFor(uniqueTenant());
    const bad = [
      '{not json',
      '[1, 2]',
      { type: 'FAX', externalId: 'X' },
      { type: 'EMAIL', externalId: 'X', participants: [{ id: 'a', role: 'MANAGER' }] },
      { type: 'EMAIL', externalId: 'X', startedAt: 'yesterday' },
      { type: 'EMAIL', externalId: 'X', metadata: { channel: 'VOICE' } },
      { type: 'EMAIL', externalId: 42 },
      { type: 'EMAIL', externalId: 'X', participants: { id: 'a', role: 'AGENT' } },
      { type: 'EMAIL', externalId: 'X', threading: 'THREAD-1' },
    ];
    for (const body of bad) {
      const res = await post(body, token);
      expect({ body, status: res.status, code: res.body.error?.code }).toEqual({ body, status: 400, code: 'BAD_USER_INPUT' });
      expect(typeof res.body.error.message).toBe('string');
    }
  });

  it('requires a token (401) and the interaction:write scope (403)', async () => {
    expect(await post(payload(null))).toMatchObject({ status: 401, body: { error: { code: 'UNAUTHENTICATED' } } });
    expect(await post(payload(null), 'not-a-jwt')).toMatchObject({ status: 401, body: { error: { code: 'UNAUTHENTICATED' } } });
    const reader = await tokenFor(uniqueTenant(), 'interaction:read');
    expect(await post(payload(null), reader)).toMatchObject({ status: 403, body: { error: { code: 'FORBIDDEN' } } });
  });

  it('refuses a body over the size limit with 413', async () => {
    const token = await tokenFor(uniqueTenant());
    const res = await post({ type: 'EMAIL', externalId: 'X', metadata: { blob: 'x'.repeat(1_100_000) } }, token);
    expect(res).toMatchObject({ status: 413, body: { error: { code: 'PAYLOAD_TOO_LARGE' } } });
  });
});
