import { App } from '../../src/app';
import { gql, GqlResponse, startTestApp, tokenFor, uniqueTenant } from '../support/app';

type Cost = { roundTrips: number; queries: string[] };

/** What each write costs, counted in Cypher round trips (GRAPHQL_EXPOSE_QUERY_COUNT): one statement per step. */
describe('what a write costs, counted in Cypher round trips', () => {
  let app: App;
  let token: string;

  beforeAll(async () => {
    app = await startTestApp({ GRAPHQL_EXPOSE_QUERY_COUNT: 'true' });
  });
  beforeEach(async () => {
    token = await tokenFor(uniqueTenant());
  });
  afterAll(async () => {
    await app.stop();
  });

  // Only what the write itself returns: a parent or a child would be a read of its own.
  const RESULT = 'interaction { id depth state thread { id status } } thread { id status } stitch { parentId reason } replayed';

  async function run(query: string, variables: Record<string, unknown>): Promise<{ data: Record<string, any>; cost: Cost }> {
    const res: GqlResponse = await gql(app, query, variables, token);
    expect(res.errors).toBeUndefined();
    return { data: res.data!, cost: res.extensions!.cypher as Cost };
  }
  const create = (input: Record<string, unknown>, key?: string) =>
    run(
      `mutation($input: CreateInteractionInput!, $key: String) { createInteraction(input: $input, idempotencyKey: $key) { ${RESULT} } }`,
      {
        input,
        key: key ?? null,
      },
    );
  const CREATE: Cost = { roundTrips: 2, queries: ['claim-create', 'create-interaction'] };

  it('creates a new customer’s first interaction in 2: the claim, the guarded write', async () => {
    const { data, cost } = await create({ type: 'VOICE', externalId: 'CUST-1' });
    expect(data.createInteraction.stitch.reason).toBe('NEW_THREAD');
    expect(cost).toEqual(CREATE);
  });

  it('auto-stitches a follow-up in 2', async () => {
    await create({ type: 'VOICE', externalId: 'CUST-1' });
    const { data, cost } = await create({ type: 'SMS', externalId: 'CUST-1' });
    expect(data.createInteraction.stitch.reason).toBe('AUTO_STITCH');
    expect(cost).toEqual(CREATE);
  });

  it('attaches under an explicit parent in 2, and joins a CRM thread in 2', async () => {
    const first = await create({ type: 'EMAIL', externalId: 'CUST-1', threading: { threadId: 'CRM-1' } });
    expect(first.cost).toEqual(CREATE);
    const explicit = await create({ type: 'EMAIL', threading: { parentInteractionId: first.data.createInteraction.interaction.id } });
    expect(explicit.data.createInteraction.stitch.reason).toBe('EXPLICIT');
    expect(explicit.cost).toEqual(CREATE);
    const joined = await create({ type: 'EMAIL', externalId: 'CUST-1', threading: { threadId: 'CRM-1' } });
    expect(joined.data.createInteraction.stitch.reason).toBe('THREAD_ID');
    expect(joined.cost).toEqual(CREATE);
  });

  it('replays a retried request in 1', async () => {
    await create({ type: 'VOICE', externalId: 'CUST-1' }, 'key-1');
    const { data, cost } = await create({ type: 'VOICE', externalId: 'CUST-1' }, 'key-1');
    expect(data.createInteraction.replayed).toBe(true);
    expect(cost).toEqual({ roundTrips: 1, queries: ['claim-create'] });
  });

  it('transfers in 2, links in 1 and ends in 1', async () => {
    const voice = (await create({ type: 'VOICE', externalId: 'CUST-1' })).data.createInteraction.interaction.id;
    const transfer = await run(`mutation($id: ID!) { transferInteraction(id: $id, to: { type: WEB_CHAT }) { ${RESULT} } }`, { id: voice });
    expect(transfer.data.transferInteraction.stitch.reason).toBe('TRANSFER');
    expect(transfer.cost).toEqual(CREATE);

    const other = (await create({ type: 'VOICE', externalId: 'CUST-2' })).data.createInteraction.interaction.id;
    const link = await run('mutation($c: ID!, $p: ID!) { linkInteraction(childId: $c, parentId: $p) { id depth } }', {
      c: other,
      p: voice,
    });
    expect(link.data.linkInteraction.depth).toBe(2);
    expect(link.cost).toEqual({ roundTrips: 1, queries: ['link-interaction'] });

    const end = await run('mutation($id: ID!) { endInteraction(id: $id) { id state thread { id status } } }', { id: other });
    expect(end.data.endInteraction.state).toBe('COMPLETED');
    expect(end.cost).toEqual({ roundTrips: 1, queries: ['end-interaction'] });
  });

  it('refuses in the same round trips, and a tenant’s new policy costs its writes nothing extra', async () => {
    const res = await gql(app, 'mutation { updateStitchingPolicy(input: { maxDepth: 2, maxThreadSize: 40 }) { maxDepth } }', {}, token);
    expect(res.errors).toBeUndefined();
    const first = await create({ type: 'VOICE', externalId: 'CUST-1' });
    expect(first.cost).toEqual(CREATE);
    const a = first.data.createInteraction.interaction.id;
    const child = await create({ type: 'VOICE', threading: { parentInteractionId: a } });
    expect(child.cost).toEqual(CREATE);
    const b = child.data.createInteraction;
    expect(b.interaction.depth).toBe(2);
    const refused = await gql(
      app,
      'mutation($c: ID!, $p: ID!) { linkInteraction(childId: $c, parentId: $p) { id } }',
      { c: a, p: b.interaction.id },
      token,
    );
    expect(refused.errors?.[0]?.extensions?.code).toBe('CYCLE_DETECTED');
    expect(refused.extensions!.cypher).toEqual({ roundTrips: 1, queries: ['link-interaction'] });
  });
});
