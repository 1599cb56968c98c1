/**
 * The write path: stitching new interactions into threads, links, transfers and ends under the
 * locks their rules need, the tenant's stitching policy, and the integrity audit. Services take a
 * TenantDb (the request-scoped handle) and plain inputs; nothing here knows GraphQL or HTTP.
 */
export { createInteraction, transferInteraction } from './createInteraction';
export type { CreateResult, CreateOptions, StitchOutcome, TransferInput } from './createInteraction';
export { linkInteraction } from './linkInteraction';
export { endInteraction } from './endInteraction';
export type { EndInteractionInput, EndResult } from './endInteraction';
export type { CreateInteractionInput } from './normalize';
export type { StitchWarning } from './decide';
export { DEFAULT_POLICY, AT_MAX_DEPTH } from './policy';
export type { StitchingPolicy, PolicyPatch, AtMaxDepth } from './policy';
export { readPolicy, updatePolicy } from './policyStore';
export { integrityReport } from './integrity';
export type { IntegrityReport } from './integrity';
