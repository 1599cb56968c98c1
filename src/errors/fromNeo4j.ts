import { Neo4jError } from 'neo4j-driver';
import { ThreadgraphError } from './ThreadgraphError';

/**
 * The one place driver errors become ours. Anything not recognised is returned unchanged:
 * the server logs it in full and masks it for the client.
 */
export function fromNeo4jError(error: unknown): unknown {
  if (!(error instanceof Neo4jError)) return error;
  if (error.code === 'ServiceUnavailable' || error.code === 'SessionExpired') {
    return new ThreadgraphError('DATABASE_UNAVAILABLE', 'The database is unavailable; try again shortly.');
  }
  if (error.code === 'Neo.ClientError.Schema.ConstraintValidationFailed') {
    return new ThreadgraphError('CONFLICT_RETRY_EXHAUSTED', 'A concurrent write claimed the same identity; retry the request.');
  }
  return error;
}
