import { App } from '../../src/app';
import { codes, gql, startTestApp, tokenFor, uniqueTenant } from '../support/app';
import { twelveInteractionThread } from '../support/threadShapes';
import { seedThread } from '../support/threads';

const INTERACTION = `id type externalId state startedAt endedAt subject metadata depth stitchReason phoneNumber email
  handleTime { totalSeconds talkSeconds holdSeconds afterCallWorkSeconds } participants { id role state }`;
const THREAD = `id externalId externalThreadId status depth size channels startedAt endedAt closedAt
  root { id } edges { parentId childId reason }
  handleTime { totalSeconds spanSeconds byChannel { channel seconds interactions } }
  playback { ready segments { interactionId channel recordingUri transcriptUri startedAt endedAt } }`;

/**
 * A frontend's thread view at the depth limit (12): every field of the thread and its
 * interactions, then from each interaction up to its parent's thread and back down its children.
 */
const DEEPEST_THREAD_VIEW = `query ThreadView($id: ID!) { thread(id: $id) { ${THREAD} interactions { ${INTERACTION}
  children { ${INTERACTION} children { id } }
  parent { id subject thread { id status size handleTime { totalSeconds }
    interactions { id children { id thread { id handleTime { byChannel { channel seconds } }
      interactions { id parent { id children { id stitchReason participants { id role } } } } } } } } } } } }`;

/** What the gateway sends for a customer's page of threads (20, written as a literal) with every field. */
const GATEWAY_CUSTOMER_PAGE = `query($representations: [_Any!]!) { _entities(representations: $representations) { ... on Customer {
  threads(first: 20) { totalCount edges { node { ${THREAD} interactions { ${INTERACTION}
    children { id thread { id handleTime { byChannel { seconds } } } } } } } } } } }`;

/** A frontend's list of threads, a full page at the cap, with every thread and interaction field. */
const FULL_PAGE_AT_THE_CAP = `{ threads(first: 100) { totalCount pageInfo { hasNextPage endCursor } edges { cursor node { ${THREAD}
  interactions { ${INTERACTION} parent { id } children { id } } } } } }`;

describe('limits on operation depth, aliases and cost', () => {
  let app: App;
  let token: string;
  const tenant = uniqueTenant();

  beforeAll(async () => {
    app = await startTestApp({ GRAPHQL_EXPOSE_QUERY_COUNT: 'true' });
    token = await tokenFor(tenant, 'interaction:read');
    await seedThread(app.db, tenant, twelveInteractionThread('', 'CUST-H'), { id: 'thread-h' });
  });
  afterAll(async () => {
    await app.stop();
  });

  it('answers the deepest legitimate thread view in full', async () => {
    const res = await gql(app, DEEPEST_THREAD_VIEW, { id: 'thread-h' }, token);
    expect(res.errors).toBeUndefined();
    expect(res.data!.thread.interactions[1].parent.thread.interactions[0].children[0].thread.interactions[1].parent.children).toHaveLength(
      3,
    );
    expect(res.extensions!.cypher).toMatchObject({ roundTrips: 1 });
  });

  it('refuses the same view one level deeper, naming the limit', async () => {
    const deeper = DEEPEST_THREAD_VIEW.replace('participants { id role }', 'parent { parent { id } }');
    const res = await gql(app, deeper, { id: 'thread-h' }, token);
    expect(codes(res)).toEqual(['GRAPHQL_VALIDATION_FAILED']);
    expect(res.errors![0]!.message).toContain('Query depth limit of 12 exceeded, found 13');
  });

  it('answers the gateway’s fetch of a customer’s page of threads with every field', async () => {
    const res = await gql(app, GATEWAY_CUSTOMER_PAGE, { representations: [{ __typename: 'Customer', externalId: 'CUST-H' }] }, token);
    expect(res.errors).toBeUndefined();
    expect(res.data!._entities[0].threads.edges[0].node.handleTime.totalSeconds).toBe(2645);
  });

  it('answers a full page of threads at the page-size cap with every field', async () => {
    const res = await gql(app, FULL_PAGE_AT_THE_CAP, {}, token);
    expect(res.errors).toBeUndefined();
    expect(res.data!.threads.edges[0].node.interactions).toHaveLength(12);
  });

  it('refuses a parent.parent.parent… chain past the depth limit before reading anything', async () => {
    const chain = `{ interaction(id: "transfer") { ${'parent { '.repeat(15)} id ${'} '.repeat(15)} } }`;
    const res = await gql(app, chain, {}, token);
    expect(codes(res)).toEqual(['GRAPHQL_VALIDATION_FAILED']);
    expect(res.errors![0]!.message).toMatch(/depth limit of 12 exceeded/);
    expect(res.extensions!.cypher).toMatchObject({ roundTrips: 0 });
  });

  it('refuses 100 aliases of one field', async () => {
    const aliases = `{ ${Array.from({ length: 100 }, (_, k) => `a${k}: thread(id: "thread-h") { id }`).join(' ')} }`;
    const res = await gql(app, aliases, {}, token);
    expect(codes(res)).toEqual(['GRAPHQL_VALIDATION_FAILED']);
    expect(res.errors![0]!.message).toMatch(/Aliases limit of 30 exceeded/);
  });

  it('refuses an operation whose computed cost is huge, within the depth and alias limits', async () => {
    const fanOut = `{ ${Array.from({ length: 10 }, (_, k) => `a${k}: threads(first: 100) { edges { node { ${THREAD} interactions { ${INTERACTION} children { ${INTERACTION} } } } } }`).join(' ')} }`;
    const res = await gql(app, fanOut, {}, token);
    expect(codes(res)).toEqual(['GRAPHQL_VALIDATION_FAILED']);
    expect(res.errors![0]!.message).toMatch(/Cost limit of \d+ exceeded/);
    expect(res.extensions!.cypher).toMatchObject({ roundTrips: 0 });
  });

  describe('answers HTTP 400 with a typed code for an operation over each limit, before reading anything', () => {
    const oneWide = (n: number, field: string) => Array.from({ length: n }, (_, k) => `a${k}: ${field}`).join(' ');
    const cases: [string, string, string, RegExp][] = [
      [
        'depth',
        `{ thread(id: "thread-h") { ${'root { parent { '.repeat(7)}id${' } }'.repeat(7)} } }`,
        'GRAPHQL_VALIDATION_FAILED',
        /depth limit of 12/,
      ],
      ['aliases', `{ ${oneWide(31, 'stitchingPolicy { maxDepth }')} }`, 'GRAPHQL_VALIDATION_FAILED', /Aliases limit of 30/],
      [
        'cost',
        `{ ${oneWide(10, `threads(first: 100) { edges { node { ${THREAD} interactions { ${INTERACTION} children { id } } } } }`)} }`,
        'GRAPHQL_VALIDATION_FAILED',
        /Cost limit of \d+/,
      ],
      [
        'directives',
        `{ stitchingPolicy { maxDepth ${'@include(if: true) '.repeat(51)} } }`,
        'GRAPHQL_VALIDATION_FAILED',
        /Directives limit of 50/,
      ],
      ['tokens', `{ stitchingPolicy { ${'maxDepth '.repeat(5000)} } }`, 'GRAPHQL_VALIDATION_FAILED', /Token limit of 5000 exceeded/],
      ['syntax', '{', 'GRAPHQL_PARSE_FAILED', /Syntax Error/],
    ];
    it.each(cases)('%s', async (_limit, query, code, message) => {
      const res = await gql(app, query, {}, token);
      expect(res.status).toBe(400);
      expect(new Set(codes(res))).toEqual(new Set([code]));
      expect(res.errors!.map((e) => e.message)).toContainEqual(expect.stringMatching(message));
      expect(res.extensions?.cypher ?? { roundTrips: 0 }).toMatchObject({ roundTrips: 0 });
    });
  });
});
