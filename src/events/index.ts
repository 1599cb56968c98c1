/**
 * Thread events: the outbox the write statements fill in their own transactions, the sequencer
 * that numbers each tenant's events, the pull feed, and webhooks (endpoints, signatures, delivery
 * with retries, the delivery log, replay). Services take a TenantDb and plain inputs.
 */
export { EVENT_TYPES, EVENT_VERSION, eventTypesOf, isEventType } from './types';
export type { EventType, ThreadEvent } from './types';
export { renderEvent } from './render';
export { planSequence } from './order';
export { readEvents, latestSequence, followEvents } from './feed';
export type { EventPage, FollowOptions } from './feed';
export { Sequencer } from './sequencer';
export { EventSignals, Wakeup } from './wakeup';
export { startEvents } from './runtime';
export type { EventRuntime } from './runtime';
export { LiveEvents } from './live';
export type { LiveDelivery, LiveOptions, LiveStream } from './live';
export {
  createEndpoint,
  listEndpoints,
  getEndpoint,
  rotateSecret,
  setEndpointEnabled,
  deleteEndpoint,
  SECRET_OVERLAP_HOURS,
} from './webhooks/endpoints';
export type { NewEndpoint, EndpointWithSecret, WebhookEndpointRecord } from './webhooks/endpoints';
export { listDeliveries, replayEvents, REPLAY_LIMIT } from './webhooks/deliveries';
export type { DeliveryPage, DeliveryStatus, ReplayRequest, WebhookDeliveryRecord } from './webhooks/deliveries';
export { TargetPolicy } from './webhooks/targets';
export { checkSecret, newSecret, signatureHeader } from './webhooks/secrets';
export { retryDelay } from './webhooks/backoff';
export { WebhookWorker } from './webhooks/worker';
export { WebhookSender } from './webhooks/send';
export type { AttemptOutcome } from './webhooks/send';
