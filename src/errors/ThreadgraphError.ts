import { GraphQLError } from 'graphql';
import { ErrorCode, httpStatusOf } from './codes';

/**
 * The one error class clients see. Its code lands in `extensions.code`, and its HTTP status
 * is what the REST endpoint answers with.
 */
export class ThreadgraphError extends GraphQLError {
  readonly code: ErrorCode;

  constructor(code: ErrorCode, message: string, details?: Record<string, unknown>) {
    super(message, { extensions: { code, ...(details ? { details } : {}) } });
    this.code = code;
    this.name = 'ThreadgraphError';
  }

  get httpStatus(): number {
    return httpStatusOf(this.code);
  }
}

/** A write lost a race it can win by trying again (the thread it locked moved meanwhile). */
export class RetryableConflict extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RetryableConflict';
  }
}

/** Keeps a switch exhaustive: the compiler refuses a call that a new case could reach. */
export class UnreachableCaseError extends Error {
  constructor(value: never) {
    super(`Unreachable case: ${JSON.stringify(value)}`);
  }
}
