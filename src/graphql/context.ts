import { authorize, Principal, Scope } from '../auth';
import { Config } from '../config';
import { ThreadgraphError } from '../errors';
import { LiveEvents } from '../events';
import { Logger } from '../log';
import { Metrics } from '../metrics';
import { Database, newCounter, QueryCounter, TenantDb } from '../neo4j';
import { createLoaders, Loaders } from './loaders';

/**
 * What every resolver receives; built fresh for each request (a type, not an interface, so that it
 * is a record of values to graphql-sse's context type).
 */
export type RequestContext = {
  readonly requestId: string;
  /** null for a request without a token: it may read `_service` and nothing else. */
  readonly principal: Principal | null;
  readonly config: Config;
  readonly loaders: Loaders;
  readonly counter: QueryCounter;
  readonly logger: Logger;
  /** The app's metrics (the database handle's): operations, refusals, stitch decisions. */
  readonly metrics: Metrics;
  /**
   * The caller's tenant handle, for a caller holding `scope`: UNAUTHENTICATED without a token,
   * FORBIDDEN without the scope. Services are reached only through it.
   */
  require(scope: Scope): TenantDb;
  /** Live event streams: only on a subscription's connection (graphql-ws or SSE), null over plain HTTP. */
  readonly live: LiveEvents | null;
  /**
   * Checks the caller's token again (signature, expiry, tenant, `scope`) as it is now: a
   * subscription does so for every event. A request's token was checked when it arrived.
   */
  recheck(scope: Scope): Promise<void>;
};

export function createContext(args: {
  requestId: string;
  principal: Principal | null;
  db: Database;
  config: Config;
  logger: Logger;
  live?: LiveEvents | null;
  recheck?: (scope: Scope) => Promise<void>;
}): RequestContext {
  const { principal, db, logger } = args;
  const counter = newCounter();
  let handle: TenantDb | undefined;
  // Loaders serve whatever a scope-checked resolver asks for (a mutation's result included), so
  // they need a caller but no particular scope.
  const authenticated = (): TenantDb => {
    if (!principal) throw new ThreadgraphError('UNAUTHENTICATED', 'A Bearer token is required (Authorization: Bearer <jwt>).');
    return (handle ??= db.forTenant(principal.tenant, { counter, logger, actor: principal.subject }));
  };
  return {
    requestId: args.requestId,
    principal,
    config: args.config,
    logger,
    counter,
    metrics: db.metrics,
    loaders: createLoaders(authenticated),
    require: (scope) => {
      authorize(principal, scope);
      return authenticated();
    },
    live: args.live ?? null,
    recheck: args.recheck ?? (async (scope) => void authorize(principal, scope)),
  };
}
