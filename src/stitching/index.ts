/**
 * The write path: stitching new interactions into threads, links, transfers and ends under the
 * locks their rules need, the tenant's stitching policy, and the integrity audit. Services take a
 * TenantDb (the request-scoped handle) and plain inputs; nothing here knows GraphQL or HTTP.
 */
export { createInteraction, transferInteraction } from './createInteraction';
export type { CreateResult, CreateOptions, StitchOutcome, TransferInput } from './createInteraction';
export { linkInteraction } from './linkInteraction';
export { detachInteraction } from './detachInteraction';
export type { DetachResult } from './detachInteraction';
export { interactionHistories, threadHistories } from './history';
export { endInteraction } from './endInteraction';
export type { EndInteractionInput, EndResult } from './endInteraction';
export type { CreateInteractionInput } from './normalize';
export type { StitchWarning } from './decide';
export { DEFAULT_POLICY, AT_MAX_DEPTH } from './policy';
export type { StitchingPolicy, PolicyPatch, AtMaxDepth } from './policy';
export { readPolicy, updatePolicy } from './policyStore';
export { integrityReport } from './integrity';
export type { IntegrityReport } from './integrity';
// The engine's pure parts and its policy cache, for the history import: it decides with the same
// functions, on state it reads under the same locks, and writes through its own guarded statements.
export { normalizeInput, optionalSeconds, payloadHash } from './normalize';
export type { NewInteraction } from './normalize';
export { assertComposite, carriedKeyLocks, horizonOf, lockKeyOf, stitchKeyOf } from './decide';
export type { StitchKey } from './decide';
export { claimTargetOf, planAlone, planByKey, planInCrmThread, planUnderParent } from './plan';
export type { ClaimTarget, CreatePlan } from './plan';
export { assertPolicyCurrent, knownPolicy, learnPolicy, policyParams, versionOf } from './policyCache';
export type { KnownPolicy } from './policyCache';
export { policyFromRow } from './policy';
export { customerKeyOf, keyLocksOf } from './customerKey';
export type { CustomerKey, CustomerKeyKind, KeyLock } from './customerKey';
