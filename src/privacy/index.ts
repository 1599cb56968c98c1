/**
 * Privacy: erasure and export of a data subject (by externalId, phone number or email), and the
 * retention of idempotency keys and closed threads. Services take a TenantDb and plain inputs.
 */
export { eraseCustomer } from './eraseCustomer';
export type { EraseResult } from './eraseCustomer';
export { exportCustomer } from './exportCustomer';
export type { CustomerExport } from './exportCustomer';
export { keyHashOf } from './keyHash';
export { sweepRetention, startRetention } from './retention';
export type { RetentionSettings, SweepCounts, RetentionJob } from './retention';
