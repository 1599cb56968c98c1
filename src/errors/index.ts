export { ErrorCodes, httpStatusOf } from './codes';
export type { ErrorCode, WarningCode } from './codes';
export { ThreadgraphError, RetryableConflict, UnreachableCaseError } from './ThreadgraphError';
export { fromNeo4jError } from './fromNeo4j';
