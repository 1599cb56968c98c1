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
  seconds: number;
}

export type ToLoadGenerator = { type: 'run'; id: number; job: LoadJob } | { type: 'exit' };

export type FromLoadGenerator =
  { type: 'ready' } | { type: 'done'; id: number; sample: Sample } | { type: 'failed'; id: number; message: string };
