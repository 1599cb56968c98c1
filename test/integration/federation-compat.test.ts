import { Trace } from '@apollo/usage-reporting-protobuf';
import { App } from '../../src/app';
import { gql, startTestApp, tokenFor, uniqueTenant } from '../support/app';
import { openTwoInteractionThread } from '../support/threadShapes';
import { seedThread } from '../support/threads';

/** The checks of Apollo's subgraph compatibility suite that apply to this subgraph. */
describe('subgraph compatibility', () => {
  let app: App;
  let token: string;
  const tenant = uniqueTenant();

  beforeAll(async () => {
    app = await startTestApp();
    token = await tokenFor(tenant, 'interaction:read');
    await seedThread(app.db, tenant, openTwoInteractionThread('', 'CUST-9'), { id: 'thread-9' });
  });
  afterAll(async () => {
    await app.stop();
  });

  it('publishes its SDL with the federation @link and a @key on every entity', async () => {
    const sdl = (await gql(app, '{ _service { sdl } }')).data!._service.sdl as string;
    expect(sdl).toMatch(/@link\(url: "https:\/\/specs\.apollo\.dev\/federation\/v2\.\d+"/);
    expect(sdl).toMatch(/type Interaction\s+@key\(fields: "id"\)/);
    expect(sdl).toMatch(/type Thread\s+@key\(fields: "id"\)/);
    expect(sdl).toMatch(/type Customer\s+@key\(fields: "externalId"\)/);
    expect(sdl).toMatch(/type Agent\s+@key\(fields: "id"\)/);
  });

  it('resolves _entities for every @key type in one request', async () => {
    const res = await gql(
      app,
      `query($r: [_Any!]!) { _entities(representations: $r) {
          __typename
          ... on Interaction { id type }
          ... on Thread { id size }
          ... on Customer { externalId threads { totalCount } }
          ... on Agent { id interactions { edges { node { id } } } } } }`,
      {
        r: [
          { __typename: 'Interaction', id: 'call' },
          { __typename: 'Thread', id: 'thread-9' },
          { __typename: 'Customer', externalId: 'CUST-9' },
          { __typename: 'Agent', id: 'agent-dee' },
        ],
      },
      token,
    );
    expect(res.errors).toBeUndefined();
    expect(res.data!._entities).toEqual([
      { __typename: 'Interaction', id: 'call', type: 'VOICE' },
      { __typename: 'Thread', id: 'thread-9', size: 2 },
      { __typename: 'Customer', externalId: 'CUST-9', threads: { totalCount: 1 } },
      { __typename: 'Agent', id: 'agent-dee', interactions: { edges: [{ node: { id: 'live' } }] } },
    ]);
  });

  it('returns an ftv1 inline trace of the operation when the gateway asks for one', async () => {
    const res = await gql(app, '{ thread(id: "thread-9") { id size } }', {}, token, { 'apollo-federation-include-trace': 'ftv1' });
    expect(res.errors).toBeUndefined();
    const ftv1 = res.extensions!.ftv1;
    expect(typeof ftv1).toBe('string');
    const trace = Trace.decode(Buffer.from(ftv1 as string, 'base64'));
    expect(trace.root?.child?.map((c) => c.responseName)).toEqual(['thread']);
  });

  it('returns no trace when none is asked for', async () => {
    const res = await gql(app, '{ thread(id: "thread-9") { id } }', {}, token);
    expect(res.extensions?.ftv1).toBeUndefined();
  });
});
