export * from './types';
export * from './interaction';
export { parseInstant } from './instant';
