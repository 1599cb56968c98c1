import { RetryableConflict, ThreadgraphError } from '../errors';

const ATTEMPTS = 8;

/**
 * Runs a write again when it lost a race it can win by retrying (the thread it locked had moved).
 * Deadlocks and transient errors are already retried by the driver inside executeWrite.
 */
export async function retryOnConflict<T>(work: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await work();
    } catch (error) {
      if (!(error instanceof RetryableConflict)) throw error;
      if (attempt >= ATTEMPTS) {
        throw new ThreadgraphError('CONFLICT_RETRY_EXHAUSTED', `Too many concurrent changes to the same thread; retry the request. (${error.message})`);
      }
    }
  }
}
