export * from './types';
export * from './interaction';
export { parseInstant, instantParts, instantRefusal, isNeo4jDateTime, epochOf, daysInMonth } from './instant';
export type { InstantParts } from './instant';
export { MAX_DEPTH_LIMIT, INPUT_LIMITS, INSTANT_YEARS } from './limits';
export { STITCH_KEYS, STITCH_KEY_FIELD } from './stitchKeys';
export type { StitchKeyKind, StitchKeyField } from './stitchKeys';
export { assertWellFormed, checkIdentifier, checkJson, isPlausibleId, isWellFormed } from './input';
export { shown } from './shown';
