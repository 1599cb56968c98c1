import fs from 'node:fs';
import path from 'node:path';
import { Rng } from '../prng';
import { entitiesDigest, threadsPageDigest, threadViewDigest } from './digests';
import { AnyScenario, BenchRequest, defineScenario, FixtureContext } from './types';

/**
 * The read scenarios, each beside its floor: the agent desktop's thread view, the list view's
 * first page, and a gateway's _entities batch of threads. Reads rotate over the same threads on
 * every side, so a scenario and its floor read exactly the same data.
 */

export const operation = (file: string) => fs.readFileSync(path.join(__dirname, '..', 'graphql', file), 'utf8');
export const THREAD = operation('thread.graphql');
const THREADS_PAGE = operation('threads-page.graphql');
const THREAD_ENTITIES = operation('thread-entities.graphql');

/** The thread view rotates over this many threads of typical size, sampled by `--sample`. */
export const VIEW_SIZES = { minSize: 4, maxSize: 8 };
const PAGE_SIZE = 20;
const ENTITIES_PER_REQUEST = 100;
/** Entities batches are drawn from a pool of threads of every size, this many times a batch. */
const ENTITIES_POOL_FACTOR = 10;

export const JSON_HEADERS = { 'content-type': 'application/json' } as const;
export const serviceHeaders = (token: string) => ({ ...JSON_HEADERS, authorization: `Bearer ${token}` });

/** Cycles through `items` in order, one per call, across every connection. */
export function cycle<T>(items: readonly T[]): () => T {
  if (items.length === 0) throw new Error('nothing to rotate over');
  let k = 0;
  return () => items[k++ % items.length]!;
}

/** `n` distinct items of `pool`, drawn by `rng` (a partial Fisher-Yates shuffle of a copy). */
function draw<T>(rng: Rng, pool: readonly T[], n: number): T[] {
  const copy = [...pool];
  const count = Math.min(n, copy.length);
  for (let k = 0; k < count; k++) {
    const j = rng.int(k, copy.length - 1);
    [copy[k], copy[j]] = [copy[j]!, copy[k]!];
  }
  return copy.slice(0, count);
}

// --- the thread view -------------------------------------------------------------------------

export interface ViewFixture {
  tenant: string;
  token: string;
  ids: string[];
}

export const viewFixture = async (ctx: FixtureContext): Promise<ViewFixture> => {
  const threads = await ctx.sampleThreads({ count: ctx.sample, ...VIEW_SIZES });
  if (threads.length === 0) throw new Error(`no thread of ${VIEW_SIZES.minSize}-${VIEW_SIZES.maxSize} interactions in ${ctx.tenant}`);
  return { tenant: ctx.tenant, token: ctx.token, ids: threads.map((t) => t.id) };
};

/** A floor route's requests for the thread view's rotation: `{tenant, id}` bodies. */
const viewFloorRequests =
  (routePath: string) =>
  (f: ViewFixture): (() => BenchRequest) =>
    cycle(f.ids.map((id) => ({ path: routePath, headers: JSON_HEADERS, body: JSON.stringify({ tenant: f.tenant, id }) })));

const threadViewService = defineScenario<ViewFixture>({
  name: 'thread-view/service',
  title: 'thread view: threadgraph thread(id:)',
  target: 'service',
  floor: 'thread-view/floor',
  fixture: viewFixture,
  requests: (f) =>
    cycle(
      f.ids.map((id) => ({
        path: '/graphql',
        headers: serviceHeaders(f.token),
        body: JSON.stringify({ query: THREAD, variables: { id } }),
      })),
    ),
  digest: threadViewDigest,
});

const threadViewFloor = defineScenario<ViewFixture>({
  name: 'thread-view/floor',
  title: 'thread view: floor, one statement',
  target: 'floor',
  fixture: viewFixture,
  requests: viewFloorRequests('/thread-view'),
  digest: threadViewDigest,
});

const walkThreadsFloor = defineScenario<ViewFixture>({
  name: 'walk-threads/floor',
  title: "thread view: floor running threadgraph's walk-threads.cypher",
  target: 'floor',
  floor: 'thread-view/floor',
  fixture: viewFixture,
  requests: viewFloorRequests('/walk-threads'),
});

const threadViewDriver = defineScenario<ViewFixture>({
  name: 'thread-view/driver',
  title: 'thread view: floor statement, driver only (no HTTP)',
  target: 'driver',
  fixture: viewFixture,
  requests: viewFloorRequests('/thread-view'),
});

const walkThreadsDriver = defineScenario<ViewFixture>({
  name: 'walk-threads/driver',
  title: 'thread view: walk-threads.cypher, driver only (no HTTP)',
  target: 'driver',
  fixture: viewFixture,
  requests: viewFloorRequests('/walk-threads'),
});

// --- the list view's first page --------------------------------------------------------------

interface PageFixture {
  tenant: string;
  token: string;
}

const pageFixture = async (ctx: FixtureContext): Promise<PageFixture> => ({ tenant: ctx.tenant, token: ctx.token });

const threadsPageService = defineScenario<PageFixture>({
  name: 'threads-page/service',
  title: `list page: threadgraph threads(first: ${PAGE_SIZE})`,
  target: 'service',
  floor: 'threads-page/floor',
  fixture: pageFixture,
  requests: (f) => {
    const request = {
      path: '/graphql',
      headers: serviceHeaders(f.token),
      body: JSON.stringify({ query: THREADS_PAGE, variables: { first: PAGE_SIZE } }),
    };
    return () => request;
  },
  digest: threadsPageDigest,
});

const threadsPageFloor = defineScenario<PageFixture>({
  name: 'threads-page/floor',
  title: 'list page: floor, one statement',
  target: 'floor',
  fixture: pageFixture,
  requests: (f) => {
    const request = { path: '/threads-page', headers: JSON_HEADERS, body: JSON.stringify({ tenant: f.tenant, first: PAGE_SIZE }) };
    return () => request;
  },
  digest: threadsPageDigest,
});

// --- a gateway's _entities batch -------------------------------------------------------------

interface EntitiesFixture {
  tenant: string;
  token: string;
  pool: string[];
}

const entitiesFixture = async (ctx: FixtureContext): Promise<EntitiesFixture> => {
  const pool = await ctx.sampleThreads({ count: ENTITIES_PER_REQUEST * ENTITIES_POOL_FACTOR, minSize: 1, maxSize: 1000 });
  if (pool.length < ENTITIES_PER_REQUEST) throw new Error(`only ${pool.length} threads sampled in ${ctx.tenant} for _entities`);
  return { tenant: ctx.tenant, token: ctx.token, pool: pool.map((t) => t.id) };
};

const entitiesService = defineScenario<EntitiesFixture>({
  name: 'entities/service',
  title: `_entities: threadgraph, ${ENTITIES_PER_REQUEST} Thread representations`,
  target: 'service',
  floor: 'entities/floor',
  fixture: entitiesFixture,
  requests: (f, rng) => () => {
    const representations = draw(rng, f.pool, ENTITIES_PER_REQUEST).map((id) => ({ __typename: 'Thread', id }));
    return {
      path: '/graphql',
      headers: serviceHeaders(f.token),
      body: JSON.stringify({ query: THREAD_ENTITIES, variables: { representations } }),
    };
  },
  digest: entitiesDigest,
});

const entitiesFloor = defineScenario<EntitiesFixture>({
  name: 'entities/floor',
  title: `_entities: floor, one statement, ${ENTITIES_PER_REQUEST} short rows`,
  target: 'floor',
  fixture: entitiesFixture,
  requests: (f, rng) => () => ({
    path: '/entities',
    headers: JSON_HEADERS,
    body: JSON.stringify({ tenant: f.tenant, ids: draw(rng, f.pool, ENTITIES_PER_REQUEST) }),
  }),
  digest: entitiesDigest,
});

/** In the order they run within a round: each view's scenario beside its floor. */
export const READ_SCENARIOS: readonly AnyScenario[] = [
  threadViewService,
  threadViewFloor,
  walkThreadsFloor,
  threadViewDriver,
  walkThreadsDriver,
  threadsPageService,
  threadsPageFloor,
  entitiesService,
  entitiesFloor,
];
