export * from './types';
export * from './interaction';
export { parseInstant } from './instant';
export { MAX_DEPTH_LIMIT } from './limits';
export { STITCH_KEYS, STITCH_KEY_FIELD } from './stitchKeys';
export type { StitchKeyKind, StitchKeyField } from './stitchKeys';
