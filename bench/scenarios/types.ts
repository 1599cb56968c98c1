import { Database } from '../../src/neo4j';
import { Rng } from '../prng';
import { BenchQueries } from '../queries';

/**
 * What a benchmark scenario is: data the harness runs, so adding one never touches the harness.
 * See bench/README.md, "Adding a scenario".
 */

/**
 * Where a scenario's requests go. `service`: threadgraph itself, a child process on its real entry
 * point. `floor`: the floor server (bench/floor/server.ts), one hand-written Cypher statement per
 * route. `driver`: a diagnostic line with no HTTP at all: the floor route named by each request's
 * path, run through the driver in a closed loop inside the orchestrator.
 */
export type Target = 'service' | 'floor' | 'driver';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** One request as a scenario makes it. */
export interface BenchRequest {
  /** POST when unset. */
  method?: HttpMethod;
  /** `/graphql` on the service; a floor route's path (e.g. `/thread-view`) on the floor and the driver. */
  path: string;
  headers?: Readonly<Record<string, string>>;
  body?: string;
  /**
   * Splits a scenario's latencies into groups reported on lines of their own (a mixed scenario's
   * `read` and `create`). Untagged requests are only counted in the scenario's own line.
   */
  tag?: string;
  /**
   * Called with this request's answer when it arrives (in the process that sent it), so a request
   * maker can learn from it: the id a create returned, to transfer or end it in a later request.
   */
  onAnswer?(status: number, body: string): void;
}

/** A thread picked by the sampler, with its customer and its number of interactions. */
export interface SampledThread {
  id: string;
  customer: string;
  size: number;
}

/** What the orchestrator knows about one dataset when it prepares a scenario's fixture. */
export interface FixtureContext {
  /** `small` or `large`. */
  dataset: string;
  tenant: string;
  /** Interactions and customers of the generated dataset (customers are `CUST-1` to `CUST-<customers>`). */
  interactions: number;
  customers: number;
  /** A Bearer token for the service: this tenant, every scope (interaction:read, interaction:write, policy:admin). */
  token: string;
  /** The run's seed (`--seed`), for fixtures that draw at random. */
  seed: number;
  /** Unique to this run: a prefix for ids a write scenario creates, so two runs never collide. */
  runId: string;
  /** The run's `--sample` (threads a read scenario rotates over). */
  sample: number;
  /** Where the servers listen (`http://127.0.0.1:<port>`), for a fixture that prepares data through them. */
  urls: { service: string; floor: string };
  /** The benchmark's own connection to the database, for fixtures that look data up. */
  db: Database;
  queries: BenchQueries;
  /**
   * Up to `count` threads of `minSize` to `maxSize` interactions, spread over the dataset's
   * customers. The same arguments give the same threads to every scenario of the run (memoized),
   * so a scenario and its floor read the same threads.
   */
  sampleThreads(opts: { count: number; minSize: number; maxSize: number }): Promise<SampledThread[]>;
}

/**
 * One measured line of the table. `F` is the scenario's fixture: prepared once per dataset by the
 * orchestrator, then sent to the load-generator process (so it must survive JSON: plain objects,
 * arrays, strings, numbers, booleans, null).
 */
export interface Scenario<F> {
  /** Unique, `<what>/<target>` by convention: `thread-view/service`, `thread-view/floor`. */
  name: string;
  /** How the table names it. */
  title: string;
  target: Target;
  /** The scenario it is measured against: the table prints this one's p50, p99 and req/s over that one's. */
  floor?: string;
  /**
   * Writes to the dataset: runs after every read scenario's rounds, so reads measure the data as
   * loaded, and is never sent by the pre-run check (its first request would be spent).
   */
  writes?: boolean;
  /** Concurrent connections (or driver workers); `--connections` when unset. */
  connections?: number;
  /** The datasets it runs on; every dataset of the run when unset. */
  datasets?: readonly ('small' | 'large')[];
  /** Runs in the orchestrator, once per dataset, before anything is measured. */
  fixture(ctx: FixtureContext): Promise<F>;
  /**
   * Runs where the requests are sent (the load-generator process, or the orchestrator for the
   * driver): returns the maker of the next request. It is made once per dataset and kept across
   * the warm-up and every round, so a write scenario never repeats itself; `rng` is seeded by the
   * run's seed and the dataset alone, so a scenario and its floor draw the same sequence.
   */
  requests(fixture: F, rng: Rng): () => BenchRequest;
  /** Whether a response counts as a success; default: a 2xx whose body has no GraphQL `errors`. */
  ok?(status: number, body: string): boolean;
  /**
   * What must be equal between this scenario's answer and its floor's for the same request (both
   * sides define it): the pre-run check compares them, so a floor never does less work than the
   * scenario it stands for.
   */
  digest?(body: string): unknown;
}

/**
 * A scenario of any fixture type, as the registry holds them. `any` because a scenario's fixture
 * type only matters between its own `fixture` and `requests`, which defineScenario already checked.
 */
export type AnyScenario = Scenario<any>;

/** Checks a scenario against its own fixture type; the registry then holds it as an AnyScenario. */
export function defineScenario<F>(scenario: Scenario<F>): Scenario<F> {
  return scenario;
}

/** The default success test: a 2xx, and no GraphQL `errors` in the body. */
export function defaultOk(status: number, body: string): boolean {
  return status >= 200 && status < 300 && !body.includes('"errors"');
}
