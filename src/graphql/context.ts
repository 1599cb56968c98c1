import { Principal, requireScope, Scope } from '../auth';
import { Config } from '../config';
import { ThreadgraphError } from '../errors';
import { Logger } from '../log/logger';
import { Database, QueryCounter } from '../neo4j';
import { createLoaders, Loaders } from './loaders';

/** What every resolver receives; built fresh for each request. */
export interface RequestContext {
  readonly requestId: string;
  /** null for a request without a token: it may read `_service` and nothing else. */
  readonly principal: Principal | null;
  /** The caller's tenant; throws UNAUTHENTICATED for an anonymous request. */
  tenant(): string;
  readonly db: Database;
  readonly config: Config;
  readonly loaders: Loaders;
  readonly counter: QueryCounter;
  readonly logger: Logger;
  /** Throws UNAUTHENTICATED without a principal, FORBIDDEN unless it holds `scope`. */
  require(scope: Scope): Principal;
}

export function createContext(args: {
  requestId: string;
  principal: Principal | null;
  db: Database;
  config: Config;
  logger: Logger;
}): RequestContext {
  const counter: QueryCounter = { count: 0, names: [] };
  const authenticated = (): Principal => {
    if (!args.principal) throw new ThreadgraphError('UNAUTHENTICATED', 'A Bearer token is required (Authorization: Bearer <jwt>).');
    return args.principal;
  };
  // No getters here: Apollo copies the context with Object.assign, which would call them.
  const tenant = () => authenticated().tenant;
  return {
    ...args,
    counter,
    tenant,
    loaders: createLoaders(args.db, tenant, counter),
    require: (scope) => {
      const p = authenticated();
      requireScope(p, scope);
      return p;
    },
  };
}
