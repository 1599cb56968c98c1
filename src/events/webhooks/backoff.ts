import { WebhookConfig } from '../../config';

/**
 * How long to wait after failed attempt number `attempt` (1 for the first): exponential from the
 * base, capped at the maximum delay, with "equal jitter" (between half and all of it) so many
 * endpoints failing at once do not all retry at the same instant. `random` is in [0, 1).
 */
export function retryDelay(attempt: number, retry: WebhookConfig['retry'], random: () => number = Math.random): number {
  const ceiling = Math.min(retry.maxDelayMs, retry.baseMs * 2 ** Math.min(attempt - 1, 40));
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}
