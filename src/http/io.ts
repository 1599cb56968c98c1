import { IncomingMessage, ServerResponse } from 'node:http';
import { ThreadgraphError } from '../errors';
import { Logger } from '../log';
import { codeLabel, Metrics } from '../metrics';

/** The client went away (an aborted upload, a reset) before its request was read: nobody to answer. */
export class ClientGone extends Error {
  constructor(cause?: unknown) {
    super('the client closed the connection before its request was read', { cause });
    this.name = 'ClientGone';
  }
}

const tooLarge = (limit: number) => new ThreadgraphError('PAYLOAD_TOO_LARGE', `The request body exceeds ${limit} bytes.`);

/**
 * Reads the body up to `limit` bytes; a larger body is refused with PAYLOAD_TOO_LARGE, from its
 * Content-Length before reading anything when it declares one. Listeners, not `for await`: leaving
 * an async iterator destroys the stream, which resets the connection under the 413 being sent.
 */
export function readBody(req: IncomingMessage, limit: number): Promise<string> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) return Promise.reject(tooLarge(limit));
  // Gone while the handler awaited something else (the token check): its events have already fired.
  if (req.destroyed) return Promise.reject(new ClientGone(req.errored));
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let settled = false;
    const settle = () => {
      settled = true;
      req.off('data', onData).off('end', onEnd).off('error', onGone).off('close', onClose);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        settle();
        req.pause();
        reject(tooLarge(limit));
      } else chunks.push(chunk);
    };
    const onEnd = () => {
      settle();
      resolve(Buffer.concat(chunks).toString('utf8'));
    };
    const onGone = (error?: unknown) => {
      if (settled) return;
      settle();
      reject(new ClientGone(error));
    };
    const onClose = () => onGone();
    req.on('data', onData).on('end', onEnd).on('error', onGone).on('close', onClose);
  });
}

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text), ...headers });
  res.end(text);
}

/** REST answers `{ "error": { code, message } }`; /graphql answers `{ "errors": [{ message, extensions: { code } }] }`. */
export type ErrorShape = 'rest' | 'graphql';

/** After a 413, read and drop what the client still sends for this long (or this much) before closing. */
const LINGER_MS = 2000;
const LINGER_BYTES = 16 * 1024 * 1024;

/**
 * Every error the HTTP edge answers outside Apollo goes through here: a ThreadgraphError with its
 * code (from the one enum) and that code's status; anything else is logged in full and answered
 * 500 INTERNAL_SERVER_ERROR with a generic message. Returns the code answered (null: nobody to answer).
 */
export function sendError(res: ServerResponse, error: unknown, shape: ErrorShape, log: Logger, metrics?: Metrics): string | null {
  if (error instanceof ClientGone || res.destroyed) {
    log.info({ reason: error instanceof Error ? error.message : String(error) }, 'client closed the connection before the answer');
    res.destroy();
    return null;
  }
  const typed =
    error instanceof ThreadgraphError
      ? error
      : (log.error({ err: error }, 'unhandled error in HTTP handler'),
        new ThreadgraphError('INTERNAL_SERVER_ERROR', 'Internal server error'));
  metrics?.refusals.inc({ code: codeLabel(typed.code) });
  if (res.headersSent) {
    res.destroy();
    return typed.code;
  }
  const details = typed.extensions.details;
  const body =
    shape === 'rest'
      ? { error: { code: typed.code, message: typed.message, ...(details ? { details } : {}) } }
      : { errors: [{ message: typed.message, extensions: { code: typed.code, ...(details ? { details } : {}) } }] };
  if (typed.code === 'PAYLOAD_TOO_LARGE') {
    closeAfterAnswer(res, typed.httpStatus, body);
  } else {
    sendJson(res, typed.httpStatus, body);
  }
  return typed.code;
}

/**
 * Answers and closes a connection whose request body was not read (413). It says
 * `Connection: close`, writes the whole answer, then drops what the client is still sending for a
 * moment before closing: closing a socket with unread data sends a TCP reset, and a reset can
 * make the client lose the answer it was sent.
 */
function closeAfterAnswer(res: ServerResponse, status: number, body: unknown): void {
  res.shouldKeepAlive = false;
  const req = res.req as ServerResponse['req'] | undefined;
  if (!req || req.complete) {
    sendJson(res, status, body, { connection: 'close' });
    return;
  }
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
    connection: 'close',
  });
  res.write(text);
  let dropped = 0;
  const finish = () => {
    clearTimeout(timer);
    req.off('data', onData).off('end', finish).off('close', finish);
    if (!res.writableEnded) res.end();
  };
  const onData = (chunk: Buffer) => {
    dropped += chunk.length;
    if (dropped > LINGER_BYTES) finish();
  };
  const timer = setTimeout(finish, LINGER_MS);
  req.on('data', onData).once('end', finish).once('close', finish);
  req.resume();
}
