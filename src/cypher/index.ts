export { STATEMENTS, STATEMENT_NAMES } from './statements';
export type { StatementName, ParamsOf, RowOf } from './statements';
export type {
  StoredPolicy,
  RoomyInteraction,
  ClaimedParent,
  ClaimedCrmThread,
  ClaimedCandidate,
  ClaimMode,
  PolicyParams,
  CreateVerdict,
  LinkVerdict,
  EndVerdict,
} from './statements/write';
export type {
  BatchMember,
  BatchKeyEntry,
  BatchClaim,
  WireMember,
  WireThread,
  WireRecent,
  WireExisting,
  BatchRow,
  BatchThread,
  BatchUpdate,
  BatchThreadUpdate,
  BatchRowVerdict,
  ImportedInteraction,
  WriteBatchParams,
} from './statements/import';
export type { DetachVerdict } from './statements/corrections';
export type { ErasureReceiptRecord } from './statements/privacy';
export { loadQueries, loadMigrations, cypherDir, statementFiles, withoutBrowserCommands, asSent } from './registry';
export type { QueryRegistry } from './registry';
export type { StoredEvent, EventDependency, PendingEventRow } from './statements/events';
export type { WebhookEndpointRecord, WebhookDeliveryRecord, AttemptRow } from './statements/webhooks';
