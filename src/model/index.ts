export * from './types';
export * from './interaction';
