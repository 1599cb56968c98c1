import { IncomingMessage, ServerResponse } from 'node:http';
import { ThreadgraphError } from '../errors';
import { Logger } from '../log';

/** Reads the body up to `limit` bytes; a larger body is refused with PAYLOAD_TOO_LARGE. */
export async function readBody(req: IncomingMessage, limit: number): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit) throw new ThreadgraphError('PAYLOAD_TOO_LARGE', `The request body exceeds ${limit} bytes.`);
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text), ...headers });
  res.end(text);
}

/** REST answers `{ "error": { code, message } }`; /graphql answers `{ "errors": [{ message, extensions: { code } }] }`. */
export type ErrorShape = 'rest' | 'graphql';

/**
 * Every error the HTTP edge answers outside Apollo goes through here: a ThreadgraphError with its
 * code (from the one enum) and that code's status; anything else is logged in full and answered
 * 500 INTERNAL_SERVER_ERROR with a generic message.
 */
export function sendError(res: ServerResponse, error: unknown, shape: ErrorShape, log: Logger): void {
  const typed =
    error instanceof ThreadgraphError
      ? error
      : (log.error({ err: error }, 'unhandled error in HTTP handler'),
        new ThreadgraphError('INTERNAL_SERVER_ERROR', 'Internal server error'));
  if (res.headersSent) {
    res.destroy();
    return;
  }
  const details = typed.extensions.details;
  const body =
    shape === 'rest'
      ? { error: { code: typed.code, message: typed.message, ...(details ? { details } : {}) } }
      : { errors: [{ message: typed.message, extensions: { code: typed.code, ...(details ? { details } : {}) } }] };
  sendJson(res, typed.httpStatus, body);
}
