import { IncomingMessage, ServerResponse } from 'node:http';
import { ThreadgraphError } from '../errors';

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

/** The REST error shape: `{ "error": { "code", "message" } }` with the code's HTTP status. */
export function sendError(res: ServerResponse, error: ThreadgraphError): void {
  const details = error.extensions.details;
  sendJson(res, error.httpStatus, { error: { code: error.code, message: error.message, ...(details ? { details } : {}) } });
}
