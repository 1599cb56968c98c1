/**
 * Every error code a client can see, in `extensions.code` (GraphQL) or `error.code` (REST),
 * with the HTTP status REST answers with.
 */
export const ErrorCodes = {
  // request and identity
  BAD_REQUEST: 400,
  GRAPHQL_PARSE_FAILED: 400,
  GRAPHQL_VALIDATION_FAILED: 400,
  BAD_USER_INPUT: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  METHOD_NOT_ALLOWED: 405,
  PAYLOAD_TOO_LARGE: 413,
  REQUEST_TIMEOUT: 408,
  HEADERS_TOO_LARGE: 431,
  // stitching rules
  PARENT_NOT_FOUND: 404,
  INTERACTION_NOT_FOUND: 404,
  MAX_DEPTH_EXCEEDED: 422,
  CYCLE_DETECTED: 409,
  ALREADY_PARENTED: 409,
  ORPHAN_REJECTED: 422,
  CROSS_CHANNEL_DISABLED: 422,
  INVALID_EXTERNAL_ID: 422,
  INVALID_POLICY: 422,
  IDEMPOTENCY_KEY_REUSED: 409,
  THREAD_ID_CONFLICT: 409,
  INTERACTION_ENDED: 409,
  THREAD_SIZE_EXCEEDED: 422,
  // thread events and webhooks
  UNKNOWN_EVENT_TYPE: 422,
  INVALID_WEBHOOK_URL: 422,
  WEBHOOK_TARGET_FORBIDDEN: 422,
  INVALID_WEBHOOK_SECRET: 422,
  WEBHOOK_ENDPOINT_NOT_FOUND: 404,
  EVENT_NOT_FOUND: 404,
  // live updates (subscriptions)
  SUBSCRIPTION_OVERFLOW: 503,
  SERVICE_STOPPING: 503,
  // corrections and privacy
  ALREADY_ROOT: 409,
  // the service itself
  CONFLICT_RETRY_EXHAUSTED: 503,
  DATABASE_UNAVAILABLE: 503,
  INTERNAL_SERVER_ERROR: 500,
} as const;

export type ErrorCode = keyof typeof ErrorCodes;

/** Warning codes reported in `stitch.warnings`: the write succeeded, but not as a client may expect. */
export type WarningCode = 'AMBIGUOUS_KEY' | 'MAX_DEPTH_REACHED' | 'CROSS_CHANNEL_SKIPPED' | 'THREAD_SIZE_LIMIT';

export function httpStatusOf(code: string): number {
  return (ErrorCodes as Record<string, number>)[code] ?? 500;
}
