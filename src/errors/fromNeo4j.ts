import { Neo4jError } from 'neo4j-driver';
import { RetryableConflict, ThreadgraphError } from './ThreadgraphError';

/**
 * A node this transaction had matched was deleted by a concurrent one before it could be locked or
 * read (a link removes the thread it absorbs). The transaction lost a race; running it again wins.
 */
function isDeletedUnderUs(error: Neo4jError): boolean {
  return error.code === 'Neo.ClientError.Statement.EntityNotFound' || /Unable to load (NODE|RELATIONSHIP)/.test(error.message);
}

/**
 * The one place driver errors become ours. Anything not recognised is returned unchanged:
 * the server logs it in full and masks it for the client.
 */
export function fromNeo4jError(error: unknown): unknown {
  if (!(error instanceof Neo4jError)) return error;
  if (error.code === 'ServiceUnavailable' || error.code === 'SessionExpired') {
    return new ThreadgraphError('DATABASE_UNAVAILABLE', 'The database is unavailable; try again shortly.');
  }
  if (isDeletedUnderUs(error)) return new RetryableConflict(`concurrent change: ${error.message.split('\n')[0]}`);
  // Two creates with one client-chosen id: the second waits on the unique index, then fails here;
  // run again, it finds the first and replays it (or refuses a different payload).
  if (error.code === 'Neo.ClientError.Schema.ConstraintValidationFailed') {
    return new RetryableConflict(`a concurrent write claimed the same identity: ${error.message.split('\n')[0]}`);
  }
  // The driver retried deadlocks and transient failures until its budget ran out.
  if (error.code.startsWith('Neo.TransientError.')) {
    return new ThreadgraphError('CONFLICT_RETRY_EXHAUSTED', 'The database is busy with conflicting writes; retry the request.');
  }
  return error;
}
