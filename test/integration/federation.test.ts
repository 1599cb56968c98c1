import { App } from '../../src/app';
import { composeSupergraph, startGateway } from '../federation/gateway';
import { RunningSubgraph, startAgents, startCrm } from '../federation/subgraphs';
import { gql, GqlResponse, startTestApp, tokenFor, uniqueTenant } from '../support/app';
import { openTwoInteractionThread, twelveInteractionThread } from '../support/threadShapes';
import { seedThread } from '../support/threads';

/** Posts an operation to the gateway, as a frontend would. */
async function viaGateway(url: string, query: string, token?: string): Promise<GqlResponse> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query }),
  });
  return { status: res.status, headers: res.headers, ...((await res.json()) as object) };
}

describe('threadgraph composed with a CRM and an agents subgraph behind a gateway', () => {
  let app: App;
  let crm: RunningSubgraph;
  let agents: RunningSubgraph;
  let gateway: { url: string; stop(): Promise<void> };
  let token: string;
  const tenant = uniqueTenant();

  beforeAll(async () => {
    app = await startTestApp();
    token = await tokenFor(tenant, 'interaction:read');
    await seedThread(app.db, tenant, twelveInteractionThread('', 'CUST-1'), { id: 'thread-closed' });
    await seedThread(app.db, tenant, openTwoInteractionThread('open-', 'CUST-1', '2026-03-05T10:00:00.000Z'), { id: 'thread-open' });
    crm = await startCrm([
      { externalId: 'CUST-1', name: 'Ada Lovelace' },
      { externalId: 'CUST-2', name: 'Alan Turing' },
    ]);
    agents = await startAgents([
      { id: 'agent-bob', name: 'Bob' },
      { id: 'agent-zed', name: 'Zed' },
    ]);
    const sdl = (await gql(app, '{ _service { sdl } }')).data!._service.sdl as string;
    const supergraph = composeSupergraph([
      { name: 'threadgraph', url: app.url, sdl },
      { name: 'crm', url: crm.url, sdl: crm.sdl },
      { name: 'agents', url: agents.url, sdl: agents.sdl },
    ]);
    gateway = await startGateway(supergraph);
  });
  afterAll(async () => {
    await gateway?.stop();
    await Promise.all([crm?.stop(), agents?.stop()]);
    await app?.stop();
  });

  it('serves a customer from the CRM with their threads and handle time from threadgraph', async () => {
    const res = await viaGateway(
      gateway.url,
      `{ customer(externalId: "CUST-1") { name threads(first: 5) { totalCount edges { node {
          id status size handleTime { totalSeconds byChannel { channel seconds } } } } } } }`,
      token,
    );
    expect(res.errors).toBeUndefined();
    expect(res.data!.customer.name).toBe('Ada Lovelace');
    expect(res.data!.customer.threads.totalCount).toBe(2);
    expect(res.data!.customer.threads.edges.map((e: { node: unknown }) => e.node)).toEqual([
      { id: 'thread-open', status: 'OPEN', size: 2, handleTime: { totalSeconds: 120, byChannel: [{ channel: 'VOICE', seconds: 120 }] } },
      expect.objectContaining({
        id: 'thread-closed',
        status: 'CLOSED',
        size: 12,
        handleTime: expect.objectContaining({ totalSeconds: 2645 }),
      }),
    ]);
  });

  it('filters a customer’s threads by status and gives a customer without threads an empty page', async () => {
    const res = await viaGateway(
      gateway.url,
      `{ customers { externalId name threads(status: CLOSED) { totalCount edges { node { id endedAt } } } } }`,
      token,
    );
    expect(res.errors).toBeUndefined();
    expect(res.data!.customers).toEqual([
      {
        externalId: 'CUST-1',
        name: 'Ada Lovelace',
        threads: { totalCount: 1, edges: [{ node: { id: 'thread-closed', endedAt: '2026-03-02T11:30:30.000Z' } }] },
      },
      { externalId: 'CUST-2', name: 'Alan Turing', threads: { totalCount: 0, edges: [] } },
    ]);
  });

  it('serves an agent from the agents subgraph with the interactions they handled', async () => {
    const res = await viaGateway(
      gateway.url,
      `{ agent(id: "agent-bob") { name interactions(first: 5) { edges { node { id type handleTime { totalSeconds } thread { id externalId } } } } } }`,
      token,
    );
    expect(res.errors).toBeUndefined();
    expect(res.data!.agent).toEqual({
      name: 'Bob',
      interactions: {
        edges: [
          {
            node: {
              id: 'chat-call',
              type: 'VOICE',
              handleTime: { totalSeconds: 400 },
              thread: { id: 'thread-closed', externalId: 'CUST-1' },
            },
          },
          {
            node: {
              id: 'transfer',
              type: 'VOICE',
              handleTime: { totalSeconds: 500 },
              thread: { id: 'thread-closed', externalId: 'CUST-1' },
            },
          },
        ],
      },
    });
  });

  it('passes the caller’s token to threadgraph, so a request without one gets CRM data but no threads', async () => {
    const res = await viaGateway(gateway.url, '{ customer(externalId: "CUST-1") { name threads { totalCount } } }');
    expect(res.errors?.map((e) => e.extensions?.code)).toContain('UNAUTHENTICATED');
    const otherTenant = await viaGateway(
      gateway.url,
      '{ customer(externalId: "CUST-1") { name threads { totalCount } } }',
      await tokenFor(uniqueTenant(), 'interaction:read'),
    );
    expect(otherTenant.data!.customer).toEqual({ name: 'Ada Lovelace', threads: { totalCount: 0 } });
  });
});
