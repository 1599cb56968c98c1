import { Neo4jError } from 'neo4j-driver';
import { fromNeo4jError, RetryableConflict, ThreadgraphError } from '../../src/errors';

/** The one place driver errors become ours (README: 503 DATABASE_UNAVAILABLE and CONFLICT_RETRY_EXHAUSTED). */
describe('driver errors', () => {
  const err = (code: string, message = 'x') => new Neo4jError(message, code, 'N/A', 'N/A');

  it.each(['ServiceUnavailable', 'SessionExpired'])('%s is 503 DATABASE_UNAVAILABLE', (code) => {
    const mapped = fromNeo4jError(err(code));
    expect(mapped).toBeInstanceOf(ThreadgraphError);
    expect(mapped).toMatchObject({ code: 'DATABASE_UNAVAILABLE', httpStatus: 503 });
  });

  it('a transient error the driver gave up retrying (a deadlock) is 503 CONFLICT_RETRY_EXHAUSTED', () => {
    expect(fromNeo4jError(err('Neo.TransientError.Transaction.DeadlockDetected'))).toMatchObject({
      code: 'CONFLICT_RETRY_EXHAUSTED',
      httpStatus: 503,
    });
  });

  it.each([
    ['a node deleted under the transaction', 'Neo.ClientError.Statement.EntityNotFound'],
    ['a unique id claimed by a concurrent write', 'Neo.ClientError.Schema.ConstraintValidationFailed'],
  ])('%s is a conflict to retry, not an error for the client', (_what, code) => {
    expect(fromNeo4jError(err(code))).toBeInstanceOf(RetryableConflict);
  });

  it('anything else is returned as it is, for the server to log and mask', () => {
    const syntax = err('Neo.ClientError.Statement.SyntaxError');
    expect(fromNeo4jError(syntax)).toBe(syntax);
    const plain = new Error('boom');
    expect(fromNeo4jError(plain)).toBe(plain);
  });
});
