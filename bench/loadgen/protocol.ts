import { Sample } from '../stats';

/** One timed load, as the orchestrator asks the load-generator process for it. */
export interface LoadJob {
  /** Requests are made by this scenario's `requests`, with this fixture and seed. */
  scenario: string;
  fixture: unknown;
  seed: number;
  /**
   * The request maker is kept under this key (dataset and scenario) across jobs, so the warm-up
   * and the rounds continue one sequence instead of repeating it.
   */
  key: string;
  /** `http://127.0.0.1:<port>` of the target. */
  baseUrl: string;
  connections: number;
  /**
   * `seconds`: a timed load; requests still in flight at the deadline are dropped (they bias the
   * latencies toward the fast ones, and the server finishes them after). `requests`: exactly this
   * many requests, each one answered: what the measured rounds use.
   */
  stop: { seconds: number } | { requests: number };
}

export type ToLoadGenerator = { type: 'run'; id: number; job: LoadJob } | { type: 'exit' };

export type FromLoadGenerator =
  { type: 'ready' } | { type: 'done'; id: number; sample: Sample } | { type: 'failed'; id: number; message: string };
